import rule from '../../../src/rules/host/no-experimental-daemon.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [{ name: 'not experimental', facts: safeHostFacts() }],
  invalid: [
    { name: 'set in daemon.json', facts: safeHostFacts({ settings: { experimental: true }, info: { experimental: true } }), errors: [{ message: 'the daemon runs with experimental features enabled', severity: 'low', file: DAEMON_JSON, line: 11 }] },
    { name: 'reported by a remote engine', facts: safeHostFacts({ host: null, daemon: undefined, info: { experimental: true } }), errors: [{ message: 'the daemon runs with experimental features enabled', file: ENGINE_AT.file }] },
  ],
});

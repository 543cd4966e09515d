import rule from '../../../src/rules/host/require-live-restore.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'live restore on', facts: safeHostFacts() },
    { name: 'remote engine with live restore', facts: safeHostFacts({ host: null, daemon: undefined }) },
  ],
  invalid: [
    { name: 'off in daemon.json', facts: safeHostFacts({ settings: { 'live-restore': false }, info: { liveRestore: false } }), errors: [{ message: 'live restore is off: every container stops when the daemon stops or is upgraded', severity: 'low', file: DAEMON_JSON, line: 5 }] },
    { name: 'off on a remote engine', facts: safeHostFacts({ host: null, daemon: undefined, info: { liveRestore: false } }), errors: [{ message: /^live restore is off/, file: ENGINE_AT.file }] },
  ],
});

import rule from '../../../src/rules/host/require-userland-proxy-disabled.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'proxy off', facts: safeHostFacts() },
    { name: 'proxy off as flag text', facts: safeHostFacts({ settingsFrom: 'flag', settings: { 'userland-proxy': 'false' } }) },
    { name: 'daemon settings not read', facts: safeHostFacts({ daemon: undefined }) },
  ],
  invalid: [
    { name: 'proxy on', facts: safeHostFacts({ settings: { 'userland-proxy': true } }), errors: [{ message: 'daemon.json sets "userland-proxy": true: a docker-proxy process listens for every published port', severity: 'low', file: DAEMON_JSON, line: 6 }] },
    { name: 'proxy not set', facts: safeHostFacts({ settings: { 'userland-proxy': undefined } }), errors: [{ message: /^the daemon does not set userland-proxy, so it is on/, file: ENGINE_AT.file }] },
  ],
});

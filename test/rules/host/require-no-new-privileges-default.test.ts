import rule from '../../../src/rules/host/require-no-new-privileges-default.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'set in daemon.json', facts: safeHostFacts() },
    { name: 'set by flag as 1', facts: safeHostFacts({ settingsFrom: 'flag', settings: { 'no-new-privileges': '1' } }) },
    { name: 'daemon settings not read', facts: safeHostFacts({ daemon: undefined }) },
  ],
  invalid: [
    { name: 'false', facts: safeHostFacts({ settings: { 'no-new-privileges': false } }), errors: [{ message: /^daemon.json sets "no-new-privileges": false: processes in containers can gain privileges/, severity: 'medium', file: DAEMON_JSON, line: 7 }] },
    { name: 'not set', facts: safeHostFacts({ settings: { 'no-new-privileges': undefined } }), errors: [{ message: /^the daemon does not set no-new-privileges/, file: ENGINE_AT.file }] },
  ],
});

import rule from '../../../src/rules/host/require-default-ulimits.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'set', facts: safeHostFacts() },
    { name: 'daemon settings not read', facts: safeHostFacts({ daemon: undefined }) },
  ],
  invalid: [
    { name: 'not set', facts: safeHostFacts({ settings: { 'default-ulimits': undefined } }), errors: [{ message: "the daemon sets no default-ulimits: containers inherit the daemon's own limits on open files and processes", severity: 'info', file: ENGINE_AT.file }] },
    { name: 'empty object', facts: safeHostFacts({ settings: { 'default-ulimits': {} } }), errors: [{ message: /no default-ulimits/, file: DAEMON_JSON, line: 9 }] },
  ],
});

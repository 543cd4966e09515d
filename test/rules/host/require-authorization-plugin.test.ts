import rule from '../../../src/rules/host/require-authorization-plugin.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'engine reports a plugin', facts: safeHostFacts() },
    { name: 'configured though not reported', facts: safeHostFacts({ info: { authorizationPlugins: [] } }) },
  ],
  invalid: [
    { name: 'none', facts: safeHostFacts({ settings: { 'authorization-plugins': undefined }, info: { authorizationPlugins: [] } }), errors: [{ message: 'no authorization plugin is configured: every client that reaches the Docker API can run any command', severity: 'info', file: ENGINE_AT.file }] },
    { name: 'empty list', facts: safeHostFacts({ settings: { 'authorization-plugins': [] }, info: { authorizationPlugins: [] } }), errors: [{ message: /^no authorization plugin/, file: DAEMON_JSON, line: 10 }] },
  ],
});

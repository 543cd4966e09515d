import rule from '../../../src/rules/host/no-insecure-registries.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'only the built-in loopback ranges', facts: safeHostFacts() },
    { name: 'none at all', facts: safeHostFacts({ info: { insecureRegistries: [] } }) },
  ],
  invalid: [
    {
      name: 'one registry, located at the setting',
      facts: safeHostFacts({ settings: { 'insecure-registries': ['registry.internal:5000'] }, info: { insecureRegistries: ['127.0.0.0/8', 'registry.internal:5000'] } }),
      errors: [{ message: 'the daemon treats a registry as insecure ("registry.internal:5000"): images from it can be swapped in transit', severity: 'high', file: DAEMON_JSON, line: 11 }],
    },
    {
      name: 'several, remote engine',
      facts: safeHostFacts({ host: null, daemon: undefined, info: { insecureRegistries: ['10.0.0.0/8', 'reg:5000'] } }),
      errors: [{ message: 'the daemon treats 2 registries as insecure ("10.0.0.0/8", "reg:5000"): images from them can be swapped in transit', file: ENGINE_AT.file }],
    },
  ],
});

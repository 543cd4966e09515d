import rule from '../../../src/rules/host/require-content-trust.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { safeHostFacts } from '../../helpers/safe-host-facts.js';

const envAt = { file: 'environment', line: 0, column: 0, path: 'DOCKER_CONTENT_TRUST' };

hostRuleTester(rule, {
  valid: [{ name: 'content trust on', facts: safeHostFacts() }],
  invalid: [
    {
      name: 'content trust off',
      facts: safeHostFacts({ contentTrust: { value: false, at: envAt } }),
      errors: [{ message: 'DOCKER_CONTENT_TRUST is not set to 1 in this environment: images are pulled and run without checking their signatures', severity: 'info', file: 'environment', path: 'DOCKER_CONTENT_TRUST' }],
    },
  ],
});

import rule from '../../../src/rules/container/restart-policy-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1' },
    { kind: 'compose', code: 'image: app:1\nrestart: "no"' },
    { kind: 'compose', code: 'image: app:1\nrestart: on-failure' },
    { kind: 'compose', code: 'image: app:1\nrestart: on-failure:5' },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  restart_policy:\n    condition: on-failure\n    max_attempts: 3' },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  restart_policy:\n    condition: any\n    max_attempts: 3', name: 'any with a retry count' },
    { kind: 'run', code: '--restart on-failure:3 nginx:1.27' },
    { kind: 'run', code: '--restart=no nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 --restart always', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: app:1\nrestart: always', errors: [{ line: 2, column: 1, severity: 'info', message: 'container "app" restarts with policy "always", which retries without limit' }] },
    { kind: 'compose', code: 'image: app:1\nrestart: unless-stopped', errors: [{ line: 2, column: 1, message: /unless-stopped/ }] },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  restart_policy:\n    condition: any', name: 'deploy condition any means always', errors: [{ line: 3, column: 3, message: /"always"/ }] },
    { kind: 'compose', code: 'image: app:1\ndeploy:\n  restart_policy: {}', name: 'deploy policy without condition defaults to any', errors: [{ line: 3, column: 3 }] },
    {
      kind: 'compose',
      code: 'x-r: &r\n  restart: always\nservices:\n  app:\n    <<: *r\n    image: app:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 3 }],
    },
    { kind: 'run', code: '--restart always nginx:1.27', errors: [{ line: 1, column: 1 }] },
    { kind: 'run', code: '-d --restart=unless-stopped nginx:1.27', errors: [{ line: 1, column: 4 }] },
  ],
});

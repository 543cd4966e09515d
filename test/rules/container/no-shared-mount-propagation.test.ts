import rule from '../../../src/rules/container/no-shared-mount-propagation.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: agent:2.1\nvolumes:\n  - /mnt/data:/data' },
    { kind: 'compose', code: 'image: agent:2.1\nvolumes:\n  - /mnt/data:/data:rslave' },
    { kind: 'compose', code: 'image: agent:2.1\nvolumes:\n  - type: bind\n    source: /mnt\n    target: /mnt\n    bind:\n      propagation: rprivate' },
    { kind: 'compose', code: 'image: agent:2.1\nvolumes:\n  - type: volume\n    source: data\n    target: /data' },
    { kind: 'run', code: '-v /mnt/data:/data:ro,rslave agent:2.1' },
    { kind: 'run', code: '--mount type=bind,source=/mnt,target=/mnt,bind-propagation=slave agent:2.1' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: agent:2.1\nvolumes:\n  - /mnt/data:/data:shared', errors: [{ line: 3, column: 5, severity: 'medium' }] },
    {
      kind: 'compose',
      code: 'image: agent:2.1\nvolumes:\n  - type: bind\n    source: /mnt\n    target: /mnt\n    bind:\n      propagation: rshared',
      errors: [{ line: 3, column: 5, message: 'container "app" mounts /mnt with rshared propagation: mounts made on either side appear on the other' }],
    },
    { kind: 'run', code: '-v /mnt/data:/data:ro,rshared agent:2.1', errors: [{ line: 1, column: 1 }] },
    { kind: 'run', code: '-it --mount type=bind,src=/mnt,dst=/mnt,bind-propagation=shared agent:2.1', errors: [{ line: 1, column: 5 }] },
  ],
});

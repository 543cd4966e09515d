import rule from '../../../src/rules/container/no-disabled-security-profile.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1' },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt:\n  - no-new-privileges:true\n  - seccomp=./profile.json\n  - apparmor=docker-default\n  - label=type:container_t\n  - label:level:s0:c100,c200' },
    { kind: 'run', code: '--security-opt seccomp=/etc/docker/seccomp.json --security-opt label=user:USER nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 --security-opt seccomp=unconfined', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: app:1\nsecurity_opt:\n  - seccomp=unconfined\n  - apparmor:unconfined\n  - label=disable\n  - label:type:spc_t\n  - systempaths=unconfined',
      errors: [
        { line: 3, column: 5, severity: 'high', message: 'container "app" turns off seccomp confinement with "seccomp=unconfined": every system call reaches the kernel, including those used in known escapes' },
        { line: 4, column: 5, message: /turns off AppArmor confinement with "apparmor:unconfined"/ },
        { line: 5, column: 5, message: /turns off SELinux confinement with "label=disable"/ },
        { line: 6, column: 5, message: /SELinux .*spc_t type is exempt/ },
        { line: 7, column: 5, message: /masked system paths/ },
      ],
    },
    { kind: 'compose', code: 'image: app:1\nsecurity_opt: ["seccomp:unconfined", "label:disable"]', errors: [{ line: 2, column: 16 }, { line: 2, column: 38 }] },
    {
      kind: 'compose',
      code: 'x-sec: &sec\n  security_opt: [seccomp=unconfined]\nservices:\n  app:\n    <<: *sec\n    image: app:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 18 }],
    },
    { kind: 'run', code: '--security-opt seccomp=unconfined nginx:1.27', errors: [{ line: 1, column: 1, message: /seccomp/ }] },
    { kind: 'run', code: '-d --security-opt=apparmor:unconfined --security-opt "label=type:spc_t" nginx:1.27', errors: [{ line: 1, column: 4, message: /AppArmor/ }, { line: 1, column: 39, message: /SELinux/ }] },
    { kind: 'run', code: '--security-opt systempaths=unconfined nginx:1.27', errors: [{ line: 1, column: 1, message: /masked system paths/ }] },
  ],
});

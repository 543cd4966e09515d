import rule from '../../../src/rules/container/no-dangerous-capabilities.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: nginx:1.27' },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID, KILL]' },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_drop: [SYS_ADMIN, NET_RAW]', name: 'dropping is never reported' },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_add: [SYS_ADMIN]', settings: { allowedCapabilities: ['SYS_ADMIN'] } },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_add: [sys_admin]', settings: { allowedCapabilities: ['cap_sys_admin'] }, name: 'allowed list is normalized too' },
    { kind: 'compose', code: 'image: nginx:1.27\ncap_add: [NOT_A_CAPABILITY]', name: 'unknown names are left to Docker' },
    { kind: 'run', code: '--cap-add NET_BIND_SERVICE --cap-add=chown nginx:1.27' },
    { kind: 'run', code: '--cap-drop ALL nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 --cap-add SYS_ADMIN', name: 'flag after the image belongs to the command' },
    { kind: 'run', code: '--cap-add=NET_ADMIN --cap-add=NET_RAW nginx:1.27', settings: { allowedCapabilities: ['NET_ADMIN', 'NET_RAW'] } },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: nginx:1.27\ncap_add: [SYS_ADMIN, NET_BIND_SERVICE, NET_ADMIN]',
      errors: [
        { line: 2, column: 11, severity: 'critical', message: /adds capability SYS_ADMIN: it allows mounting/ },
        { line: 2, column: 40, severity: 'high', message: /NET_ADMIN/ },
      ],
    },
    {
      kind: 'compose',
      code: 'image: nginx:1.27\ncap_add:\n  - ALL\n  - CAP_SYS_MODULE\n  - sys_ptrace\n  - net_raw',
      errors: [
        { line: 3, column: 5, severity: 'critical', message: /ALL/ },
        { line: 4, column: 5, severity: 'critical', message: /SYS_MODULE/ },
        { line: 5, column: 5, severity: 'high', message: /SYS_PTRACE/ },
        { line: 6, column: 5, severity: 'medium', message: /NET_RAW/ },
      ],
    },
    {
      kind: 'compose',
      code: 'image: nginx:1.27\ncap_add: [SYS_ADMIN]\ncap_drop: [SYS_ADMIN]',
      name: 'a capability both added and dropped is still added',
      errors: [{ line: 2, column: 11 }],
    },
    {
      kind: 'compose',
      code: 'image: nginx:1.27\ncap_add: [SYS_ADMIN, DAC_READ_SEARCH]',
      settings: { allowedCapabilities: ['SYS_ADMIN'] },
      name: 'only the allowed capability is spared',
      errors: [{ line: 2, column: 22, severity: 'critical', message: /DAC_READ_SEARCH/ }],
    },
    {
      kind: 'compose',
      code: 'x-caps: &caps\n  cap_add: [BPF]\nservices:\n  app:\n    <<: *caps\n    image: nginx:1.27',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 13, message: /BPF/ }],
    },
    {
      kind: 'run',
      code: '--cap-add=SYS_ADMIN --cap-add sys_time --cap-add CAP_NET_ADMIN nginx:1.27',
      errors: [
        { line: 1, column: 1, severity: 'critical', message: 'container "docker run" adds capability SYS_ADMIN: it allows mounting file systems and many other admin operations that lead out of the container' },
        { line: 1, column: 21, severity: 'high', message: /SYS_TIME/ },
        { line: 1, column: 40, severity: 'high', message: /NET_ADMIN/ },
      ],
    },
    { kind: 'run', code: '-itd --cap-add all nginx:1.27', errors: [{ line: 1, column: 6, severity: 'critical' }] },
    { kind: 'run', code: 'docker run --name web --cap-drop ALL --cap-add SETFCAP nginx', errors: [{ line: 1, column: 38, severity: 'medium' }] },
  ],
});

import rule from '../../../src/rules/container/no-host-namespaces.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: nginx:1.27' },
    { kind: 'compose', code: 'image: nginx:1.27\nnetwork_mode: none' },
    { kind: 'compose', code: 'image: nginx:1.27\nnetwork_mode: bridge' },
    { kind: 'compose', code: 'image: nginx:1.27\nnetwork_mode: my-net' },
    { kind: 'compose', code: 'image: nginx:1.27\nipc: shareable' },
    { kind: 'compose', code: 'image: nginx:1.27\nipc: private' },
    { kind: 'compose', code: 'image: nginx:1.27\nipc: none' },
    { kind: 'compose', code: 'image: nginx:1.27\ncgroup: private' },
    { kind: 'compose', code: 'image: nginx:1.27\nnetworks: [host]', name: 'a network called host is a network, not the mode' },
    { kind: 'run', code: '--network=bridge --ipc=private nginx:1.27' },
    { kind: 'run', code: '--net my-net nginx:1.27' },
    { kind: 'run', code: '--network none nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 --pid host', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: nginx:1.27\nnetwork_mode: host\npid: host\nipc: host\nuts: host\nuserns_mode: host\ncgroup: host',
      errors: [
        { line: 2, column: 1, severity: 'high', message: /shares the host's network namespace/ },
        { line: 3, column: 1, severity: 'high', message: /process namespace/ },
        { line: 4, column: 1, severity: 'high', message: /IPC namespace/ },
        { line: 5, column: 1, severity: 'medium', message: /UTS/ },
        { line: 6, column: 1, severity: 'medium', message: /user remapping/ },
        { line: 7, column: 1, severity: 'medium', message: /cgroup/ },
      ],
    },
    {
      kind: 'compose',
      code: 'image: nginx:1.27\nnetwork_mode: "service:vpn"\nipc: container:shared',
      errors: [
        { line: 2, column: 1, severity: 'medium', message: 'container "app" joins the network namespace of service "vpn": the two are no longer isolated from each other' },
        { line: 3, column: 1, severity: 'medium', message: /IPC namespace of container "shared"/ },
      ],
    },
    {
      kind: 'compose',
      code: 'x-host: &host\n  network_mode: host\nservices:\n  app:\n    <<: *host\n    image: nginx:1.27',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 3 }],
    },
    { kind: 'run', code: '--net host nginx:1.27', errors: [{ line: 1, column: 1, severity: 'high', message: 'container "docker run" shares the host\'s network namespace: it sees every host interface and can reach services bound to the host\'s localhost' }] },
    { kind: 'run', code: '--network=host nginx:1.27', errors: [{ line: 1, column: 1 }] },
    { kind: 'run', code: '-it --pid=host --ipc host --uts=host --userns=host --cgroupns host nginx:1.27', errors: [{ line: 1, column: 5 }, { line: 1, column: 16 }, { line: 1, column: 27 }, { line: 1, column: 38 }, { line: 1, column: 52 }] },
    { kind: 'run', code: '--network container:db --pid container:db nginx:1.27', errors: [{ line: 1, column: 1, severity: 'medium' }, { line: 1, column: 24, severity: 'medium' }] },
  ],
});

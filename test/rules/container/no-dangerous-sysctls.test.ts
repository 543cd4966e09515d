import rule from '../../../src/rules/container/no-dangerous-sysctls.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1' },
    {
      kind: 'compose',
      code: 'image: app:1\nsysctls:\n  net.core.somaxconn: 1024\n  net.ipv4.ip_unprivileged_port_start: 0\n  net.ipv4.ping_group_range: "0 2147483647"\n  net.ipv4.ip_forward: 1\n  net.ipv4.conf.all.src_valid_mark: 1\n  net.ipv6.conf.all.disable_ipv6: 1',
      name: 'namespaced network sysctls in the container\'s own namespace',
    },
    { kind: 'compose', code: 'image: app:1\nsysctls:\n  - kernel.shmmax=68719476736\n  - kernel.msgmnb=65536\n  - fs.mqueue.msg_max=100\n  - kernel.domainname=example.com', name: 'IPC and UTS sysctls, list syntax' },
    { kind: 'compose', code: 'image: app:1\nnetwork_mode: host\nsysctls:\n  kernel.shmmax: 68719476736', name: 'IPC sysctl with only the network shared' },
    { kind: 'compose', code: 'image: app:1\nsysctls:\n  net.ipv4.conf.all.route_localnet: 0' },
    { kind: 'run', code: '--sysctl net.core.somaxconn=1024 --sysctl=net/ipv4/tcp_syncookies=1 nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 --sysctl kernel.core_pattern=x', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: app:1\nnetwork_mode: host\nsysctls:\n  net.core.somaxconn: 1024\n  net.ipv4.ip_forward: 1',
      errors: [
        { line: 4, column: 3, severity: 'high', message: 'container "app" sets sysctl net.core.somaxconn: the container shares the host\'s network namespace, so it changes the host\'s setting' },
        { line: 5, column: 3, severity: 'high' },
      ],
    },
    {
      kind: 'compose',
      code: 'image: app:1\nipc: host\nuts: host\nsysctls:\n  - kernel.shmmax=1\n  - kernel.hostname=x',
      errors: [{ line: 5, column: 5, message: /host's IPC namespace/ }, { line: 6, column: 5, message: /host's UTS namespace/ }],
    },
    {
      kind: 'compose',
      code: 'image: app:1\nsysctls:\n  kernel.core_pattern: "|/tmp/x"\n  vm.overcommit_memory: 1\n  kernel.randomize_va_space: 0\n  fs.file-max: 100000',
      errors: [
        { line: 3, column: 3, severity: 'critical', message: /names a program the host kernel runs as root/ },
        { line: 4, column: 3, severity: 'high', message: /not namespaced/ },
        { line: 5, column: 3, severity: 'high' },
        { line: 6, column: 3, severity: 'high' },
      ],
    },
    { kind: 'compose', code: 'image: app:1\nsysctls:\n  net.ipv4.conf.all.route_localnet: 1', errors: [{ line: 3, column: 3, severity: 'medium', message: /127.0.0.0\/8/ }] },
    {
      kind: 'compose',
      code: 'x-s: &s\n  sysctls:\n    vm.swappiness: 10\nservices:\n  app:\n    <<: *s\n    image: app:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 3, column: 5 }],
    },
    { kind: 'run', code: '--net=host --sysctl net.ipv4.ip_forward=1 nginx:1.27', errors: [{ line: 1, column: 12, severity: 'high' }] },
    { kind: 'run', code: '--sysctl kernel/modprobe=/tmp/x nginx:1.27', errors: [{ line: 1, column: 1, severity: 'critical', message: /sysctl kernel.modprobe/ }] },
    { kind: 'run', code: '-d --sysctl=net.ipv4.conf.eth0.route_localnet=1 nginx:1.27', errors: [{ line: 1, column: 4, severity: 'medium' }] },
  ],
});

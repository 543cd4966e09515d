import rule from '../../../src/rules/container/no-host-devices.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1' },
    { kind: 'compose', code: 'image: app:1\nvolumes:\n  - /srv/dev:/dev/app', name: 'a volume is not a device' },
    { kind: 'run', code: 'nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 --device /dev/sda', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: app:1\ndevices:\n  - /dev/fuse\n  - /dev/net/tun:/dev/net/tun\n  - /dev/sda:/dev/xvda:rwm\n  - /dev/nvme0n1\n  - /dev/mem:/dev/mem:r',
      errors: [
        { line: 3, column: 5, severity: 'medium', message: 'container "app" gets host device /dev/fuse (rwm): the container talks to host hardware directly' },
        { line: 4, column: 5, severity: 'medium' },
        { line: 5, column: 5, severity: 'high', message: /\/dev\/sda \(rwm\): raw disk/ },
        { line: 6, column: 5, severity: 'high' },
        { line: 7, column: 5, severity: 'high', message: /\/dev\/mem \(r\)/ },
      ],
    },
    {
      kind: 'compose',
      code: 'image: app:1\ndevices:\n  - /dev/bus/usb:/dev/bus/usb\n  - /dev/dri:/dev/dri\n  - /dev/:/dev\n  - /dev/mapper/vg-data\n  - /dev/loop0\n  - /dev/disk/by-id/ata-X',
      errors: [
        { line: 3, column: 5, severity: 'high', message: /mknod/ },
        { line: 4, column: 5, severity: 'medium' },
        { line: 5, column: 5, severity: 'high', message: /every host device/ },
        { line: 6, column: 5, severity: 'high' },
        { line: 7, column: 5, severity: 'high' },
        { line: 8, column: 5, severity: 'high' },
      ],
    },
    {
      kind: 'compose',
      code: 'image: app:1\ndevices:\n  - source: /dev/ttyUSB0\n    target: /dev/zigbee\n    permissions: rw',
      name: 'long syntax',
      errors: [{ line: 3, column: 5, severity: 'medium', message: /\/dev\/ttyUSB0 \(rw\)/ }],
    },
    {
      kind: 'compose',
      code: 'image: app:1\ndevice_cgroup_rules:\n  - "c 189:* rmw"\n  - "a *:* rwm"\n  - "c *:* rmw"\n  - "b 8:* rw"\n  - "a"',
      errors: [
        { line: 3, column: 5, severity: 'medium', message: 'container "app" has device cgroup rule "c 189:* rmw": it allows access to host devices' },
        { line: 4, column: 5, severity: 'high', message: /whole class/ },
        { line: 5, column: 5, severity: 'high' },
        { line: 6, column: 5, severity: 'high', message: /block devices/ },
        { line: 7, column: 5, severity: 'high' },
      ],
    },
    { kind: 'run', code: '--device /dev/sda nginx:1.27', errors: [{ line: 1, column: 1, severity: 'high' }] },
    { kind: 'run', code: '-it --device=/dev/input --device /dev/kvm:/dev/kvm:rw nginx:1.27', errors: [{ line: 1, column: 5, severity: 'high' }, { line: 1, column: 25, severity: 'medium' }] },
    { kind: 'run', code: "--device-cgroup-rule='c 42:* rmw' --device-cgroup-rule 'a *:* rwm' nginx:1.27", errors: [{ line: 1, column: 1, severity: 'medium' }, { line: 1, column: 35, severity: 'high' }] },
  ],
});

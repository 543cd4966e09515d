import rule from '../../../src/rules/container/no-ports-on-all-interfaces.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1' },
    { kind: 'compose', code: 'image: app:1\nexpose: ["80"]', name: 'expose does not publish' },
    { kind: 'compose', code: 'image: app:1\nports:\n  - "127.0.0.1:8080:80"\n  - "[::1]:8443:443"\n  - "::1:8081:81"\n  - 10.0.0.5:53:53/udp\n  - 127.0.0.1::9000' },
    { kind: 'compose', code: 'image: app:1\nports:\n  - target: 80\n    published: 8080\n    host_ip: 127.0.0.1' },
    { kind: 'compose', code: 'image: app:1\nnetwork_mode: host\nports: ["8080:80"]', name: 'ports are ignored with the host network' },
    { kind: 'run', code: '-p 127.0.0.1:8080:80 nginx:1.27' },
    { kind: 'run', code: '--publish=[::1]:8080:80 -p 192.168.1.10:443:443 nginx:1.27' },
    { kind: 'run', code: '-P=false nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 -p 80:80', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: app:1\nports:\n  - "8080:80"\n  - 443:443\n  - "9000"\n  - 0.0.0.0:53:53/udp\n  - "[::]:8443:443"\n  - "127.0.0.1:5432:5432"',
      errors: [
        { line: 3, column: 5, severity: 'medium', message: 'container "app": port 8080->80/tcp is published on every host interface' },
        { line: 4, column: 5, message: /port 443->443\/tcp/ },
        { line: 5, column: 5, message: /port 9000\/tcp \(on a random host port\)/ },
        { line: 6, column: 5, message: /port 53->53\/udp/ },
        { line: 7, column: 5, message: /port 8443->443\/tcp/ },
      ],
    },
    {
      kind: 'compose',
      code: 'image: app:1\nports:\n  - target: 80\n    published: "8080"\n  - target: 443\n    host_ip: 0.0.0.0\n    published: 443\n    protocol: tcp',
      name: 'long syntax',
      errors: [{ line: 3, column: 5, message: /8080->80\/tcp/ }, { line: 5, column: 5, message: /443->443\/tcp/ }],
    },
    {
      kind: 'compose',
      code: 'x-p: &p\n  ports: ["80:80"]\nservices:\n  app:\n    <<: *p\n    image: app:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 11 }],
    },
    { kind: 'run', code: '-p 8080:80 nginx:1.27', errors: [{ line: 1, column: 1, message: 'container "docker run": port 8080->80/tcp is published on every host interface' }] },
    { kind: 'run', code: '--publish=0.0.0.0:80:80 --publish [::]:443:443 nginx:1.27', errors: [{ line: 1, column: 1 }, { line: 1, column: 25 }] },
    { kind: 'run', code: '-dp 80:80 nginx:1.27', name: 'combined short flags', errors: [{ line: 1, column: 1 }] },
    { kind: 'run', code: '-P nginx:1.27', errors: [{ line: 1, column: 1, message: /publishes all exposed ports/ }] },
    { kind: 'run', code: '-itdP nginx:1.27', errors: [{ line: 1, column: 1, message: /publishes all exposed ports/ }] },
    { kind: 'run', code: '--rm --publish-all -p 127.0.0.1:80:80 nginx:1.27', errors: [{ line: 1, column: 6 }] },
  ],
});

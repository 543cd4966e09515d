import rule from '../../../src/rules/container/no-sensitive-host-mount.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const mounts = (...items: string[]) => `image: app:1\nvolumes:\n${items.map((i) => `  - ${i}`).join('\n')}`;

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1' },
    { kind: 'compose', code: mounts('./data:/data', '../shared:/shared', 'data:/var/lib/app', '/srv/app:/app', '/opt/app/config:/config:ro', '/mnt/media:/media') },
    { kind: 'compose', code: mounts('/etc/localtime:/etc/localtime:ro', '/etc/timezone:/etc/timezone:ro', '/usr/share/zoneinfo:/usr/share/zoneinfo:ro'), name: 'time zone files read-only' },
    { kind: 'compose', code: mounts('/etc/ssl/certs:/etc/ssl/certs:ro', '/etc/pki/ca-trust:/etc/pki/ca-trust:ro', '/etc/machine-id:/etc/machine-id:ro', '/etc/hosts:/etc/hosts:ro'), name: 'certificates and identity read-only' },
    { kind: 'compose', code: mounts('/dev/log:/dev/log'), name: 'the syslog socket' },
    { kind: 'compose', code: mounts('~/projects/app:/app', '$HOME/code:/code', '~/.cache/pip:/root/.cache/pip'), name: 'ordinary home subdirectories' },
    { kind: 'compose', code: mounts('/home/runner/work/repo/repo:/src', '/root/project:/project'), name: 'checkouts under a home directory' },
    { kind: 'compose', code: mounts('/var/run/docker.sock:/var/run/docker.sock', '/run:/run', '/var/run/docker:/x'), name: 'socket paths belong to no-docker-socket-mount' },
    { kind: 'compose', code: mounts('/var/log:/var/log:ro', '/var/www:/var/www', '/tmp/.X11-unix:/tmp/.X11-unix'), name: 'other /var and /tmp paths' },
    { kind: 'compose', code: 'image: app:1\nvolumes:\n  - type: volume\n    source: etc\n    target: /etc', name: 'named volume called etc' },
    { kind: 'compose', code: 'image: app:1\ntmpfs: [/etc/app]' },
    { kind: 'run', code: '-v /srv/data:/data -v ./x:/x --volume app-data:/etc nginx:1.27' },
    { kind: 'run', code: '-v /etc/localtime:/etc/localtime:ro nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 -v /etc:/etc', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: mounts('/etc:/host/etc', '/etc/ssl:/etc/ssl:ro', '/proc:/host/proc:ro', '/sys:/host/sys:ro', '/boot:/boot:ro'),
      errors: [
        { line: 3, column: 5, severity: 'critical', message: 'container "app" mounts host path /etc read-write: it holds host configuration, password hashes and service credentials' },
        { line: 4, column: 5, severity: 'high', message: /\/etc\/ssl read-only/ },
        { line: 5, column: 5, severity: 'high', message: /\/proc read-only/ },
        { line: 6, column: 5, severity: 'high' },
        { line: 7, column: 5, severity: 'medium' },
      ],
    },
    {
      kind: 'compose',
      code: mounts('/:/rootfs:ro', '/var/lib/docker/containers:/logs:ro', '/var/lib/docker:/var/lib/docker', '/var/lib/kubelet:/k', '/var:/hostvar:ro', '/lib/modules:/lib/modules:ro'),
      errors: [
        { line: 3, column: 5, severity: 'high', message: /host path \/ read-only: it holds the whole host file system/ },
        { line: 4, column: 5, severity: 'high', message: /environment included/ },
        { line: 5, column: 5, severity: 'critical' },
        { line: 6, column: 5, severity: 'critical' },
        { line: 7, column: 5, severity: 'high' },
        { line: 8, column: 5, severity: 'medium' },
      ],
    },
    {
      kind: 'compose',
      code: mounts('/sys/fs/cgroup:/sys/fs/cgroup:ro', '/sys/fs/cgroup:/cg', '/dev:/dev', '/dev/shm:/dev/shm', '/etc/localtime:/etc/localtime', '/etc/passwd:/etc/passwd:ro'),
      name: 'lower severities for common monitoring and convenience mounts',
      errors: [
        { line: 3, column: 5, severity: 'medium' },
        { line: 4, column: 5, severity: 'critical' },
        { line: 5, column: 5, severity: 'high' },
        { line: 6, column: 5, severity: 'medium' },
        { line: 7, column: 5, severity: 'low', message: /\/etc\/localtime read-write/ },
        { line: 8, column: 5, severity: 'low' },
      ],
    },
    {
      kind: 'compose',
      code: mounts('/etc/nginx:/etc/nginx:ro', '/etc/letsencrypt:/etc/letsencrypt:ro', '/etc/prometheus:/etc/prometheus', '/etc/shadow:/etc/shadow:ro', '/etc/ssh:/etc/ssh'),
      name: 'an application\'s directory under /etc is rated lower than credential stores',
      errors: [
        { line: 3, column: 5, severity: 'low', message: /\/etc\/nginx read-only: it holds host configuration that host services may read/ },
        { line: 4, column: 5, severity: 'low' },
        { line: 5, column: 5, severity: 'medium' },
        { line: 6, column: 5, severity: 'high', message: /credentials/ },
        { line: 7, column: 5, severity: 'critical' },
      ],
    },
    {
      kind: 'compose',
      code: mounts('/var:/host/var:ro', '/var/lib:/host/lib', '/etc/pki:/etc/pki:ro', '/sys/fs:/sys/fs:ro', '/usr/local:/usr/local:ro'),
      name: 'directories above a sensitive path',
      errors: [
        { line: 3, column: 5, severity: 'high', message: 'container "app" mounts host path /var read-only: it contains /var/lib/docker, which holds the files and configuration (environment included) of every container' },
        { line: 4, column: 5, severity: 'critical' },
        { line: 5, column: 5, severity: 'high', message: /contains \/etc\/pki\/tls\/private/ },
        { line: 6, column: 5, severity: 'high' },
        { line: 7, column: 5, severity: 'medium', message: /contains \/usr\/local\/bin, which holds host programs and libraries/ },
      ],
    },
    {
      // Shaped after docker/awesome-compose wireguard/compose.yaml.
      kind: 'compose',
      code: mounts('/usr/share/appdata/wireguard/config:/config', '/usr/src:/usr/src', '/lib/modules:/lib/modules', '/usr/share:/usr/share:ro', '/usr/lib/x:/x:ro'),
      name: 'data below /usr is rated apart from its programs',
      errors: [
        { line: 3, column: 5, severity: 'low', message: /\/usr\/share\/appdata\/wireguard\/config read-write: it holds host data files/ },
        { line: 4, column: 5, severity: 'high', message: /DKMS/ },
        { line: 5, column: 5, severity: 'critical', message: /kernel modules/ },
        { line: 7, column: 5, severity: 'medium', message: /host programs and libraries/ },
      ],
    },
    {
      kind: 'compose',
      code: mounts('/etc/logrotate.d:/etc/logrotate.d', '/etc/apt:/etc/apt:ro', '/etc/udev/rules.d:/rules', '/etc/cron.daily:/daily:ro'),
      name: 'host hook directories: writable is critical, read-only is not reported',
      errors: [
        { line: 3, column: 5, severity: 'critical', message: /configuration the host acts on as root/ },
        { line: 5, column: 5, severity: 'critical' },
      ],
    },
    {
      kind: 'compose',
      code: mounts('~/.ssh:/root/.ssh:ro', '~:/home/me', '${HOME}/.aws:/root/.aws', '/root:/root', '/home:/home:ro', '/home/alice/.kube/config:/kube:ro', '~bob/.gnupg:/g'),
      name: 'home directories and their dot-entries',
      errors: [
        { line: 3, column: 5, severity: 'high', message: /~\/.ssh read-only: it holds .ssh of a home directory/ },
        { line: 4, column: 5, severity: 'critical', message: /host path ~ read-write: it holds a home directory/ },
        { line: 6, column: 5, severity: 'critical' },
        { line: 7, column: 5, severity: 'high', message: /every user's home directory/ },
        { line: 8, column: 5, severity: 'high' },
        { line: 9, column: 5, severity: 'critical' },
      ],
    },
    {
      kind: 'compose',
      code: 'image: app:1\nvolumes:\n  - type: bind\n    source: /etc/\n    target: /host/etc\n    read_only: true\n  - type: bind\n    source: //usr/./local/\n    target: /x',
      errors: [
        { line: 3, column: 5, severity: 'high', message: /host path \/etc read-only/ },
        { line: 7, column: 5, severity: 'critical', message: /host path \/usr\/local read-write/ },
      ],
    },
    {
      kind: 'compose',
      code: mounts('/var/run/dbus:/var/run/dbus:ro', '/run/systemd/private:/run/systemd/private:ro'),
      name: 'control sockets: read-only does not lower the severity',
      errors: [
        { line: 3, column: 5, severity: 'high', message: /D-Bus/ },
        { line: 4, column: 5, severity: 'critical' },
      ],
    },
    {
      kind: 'compose',
      code: 'x-m: &m\n  volumes:\n    - /etc:/etc\nservices:\n  app:\n    <<: *m\n    image: app:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 3, column: 7 }],
    },
    { kind: 'run', code: '-v /etc:/etc nginx:1.27', errors: [{ line: 1, column: 1, severity: 'critical' }] },
    { kind: 'run', code: '--volume=/proc:/host/proc:ro -v "$HOME/.docker:/root/.docker" nginx:1.27', errors: [{ line: 1, column: 1, severity: 'high' }, { line: 1, column: 30, severity: 'critical', message: /\$HOME\/.docker/ }] },
    { kind: 'run', code: '--mount type=bind,source=/etc,target=/host/etc,readonly nginx:1.27', errors: [{ line: 1, column: 1, severity: 'high' }] },
    { kind: 'run', code: '-itd --mount type=bind,src=/,dst=/host nginx:1.27', errors: [{ line: 1, column: 6, severity: 'critical' }] },
  ],
});

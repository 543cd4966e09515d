import rule from '../../../src/rules/container/no-docker-socket-mount.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: traefik:3.1' },
    { kind: 'compose', code: 'image: traefik:3.1\nvolumes:\n  - ./traefik.yml:/etc/traefik/traefik.yml:ro\n  - data:/data\n  - /srv/app:/app' },
    { kind: 'compose', code: 'image: traefik:3.1\nvolumes:\n  - docker.sock:/var/run/docker.sock', name: 'a named volume is not a host path' },
    { kind: 'compose', code: 'image: traefik:3.1\nvolumes:\n  - type: volume\n    source: sockets\n    target: /var/run', name: 'long-syntax named volume' },
    { kind: 'compose', code: 'image: traefik:3.1\nvolumes:\n  - /run/secrets:/run/secrets:ro\n  - /var/run/dbus:/var/run/dbus', name: 'other /run subdirectories are not runtime sockets' },
    { kind: 'compose', code: 'image: traefik:3.1\nvolumes:\n  - /var:/host/var:ro\n  - /run/docker-data:/x', name: 'near misses' },
    { kind: 'compose', code: 'image: traefik:3.1\ntmpfs: [/run]' },
    { kind: 'run', code: '-v /srv/data:/data nginx:1.27' },
    { kind: 'run', code: '--mount type=volume,source=docker.sock,target=/var/run/docker.sock nginx:1.27' },
    { kind: 'run', code: '--mount type=tmpfs,target=/var/run nginx:1.27' },
    { kind: 'run', code: 'nginx:1.27 -v /var/run/docker.sock:/var/run/docker.sock', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: traefik:3.1\nvolumes:\n  - /var/run/docker.sock:/var/run/docker.sock',
      errors: [{ line: 3, column: 5, severity: 'critical', message: 'container "app" mounts the Docker API socket /var/run/docker.sock: it can control the container runtime and so the host' }],
    },
    {
      kind: 'compose',
      code: 'image: traefik:3.1\nvolumes:\n  - /var/run/docker.sock:/var/run/docker.sock:ro',
      name: 'read-only is still critical',
      errors: [{ line: 3, column: 5, severity: 'critical', message: /read-only does not help/ }],
    },
    {
      kind: 'compose',
      code: 'image: traefik:3.1\nvolumes:\n  - type: bind\n    source: /run/docker.sock\n    target: /var/run/docker.sock\n    read_only: true',
      errors: [{ line: 3, column: 5, message: /Docker API socket \/run\/docker.sock \(read-only/ }],
    },
    {
      kind: 'compose',
      code: 'image: agent:1\nvolumes:\n  - /var/run:/host/run:ro\n  - /run/:/host/run2\n  - //var//run/docker/:/x\n  - /run/./containerd:/y\n  - /:/rootfs:ro',
      name: 'directories that contain a socket, with odd spellings',
      errors: [
        { line: 3, column: 5, message: /host directory \/var\/run, which contains/ },
        { line: 4, column: 5, message: /host directory \/run,/ },
        { line: 5, column: 5, message: /host directory \/var\/run\/docker,/ },
        { line: 6, column: 5, message: /host directory \/run\/containerd,/ },
        { line: 7, column: 5, message: /host root directory/ },
      ],
    },
    {
      kind: 'compose',
      code: 'image: agent:1\nvolumes:\n  - /run/containerd/containerd.sock:/run/containerd/containerd.sock\n  - /run/podman/podman.sock:/var/run/docker.sock\n  - /var/run/crio/crio.sock:/crio.sock\n  - /run/user/1000/docker.sock:/var/run/docker.sock\n  - ~/.docker/run/docker.sock:/var/run/docker.sock',
      errors: [
        { line: 3, column: 5, message: /containerd API socket/ },
        { line: 4, column: 5, message: /Podman API socket/ },
        { line: 5, column: 5, message: /CRI-O API socket/ },
        { line: 6, column: 5, message: /Docker API socket \/run\/user\/1000\/docker.sock/ },
        { line: 7, column: 5, message: /Docker API socket ~\/.docker\/run\/docker.sock/ },
      ],
    },
    {
      kind: 'compose',
      code: 'image: agent:1\nvolumes:\n  - type: npipe\n    source: \\\\.\\pipe\\docker_engine\n    target: \\\\.\\pipe\\docker_engine',
      name: 'Windows named pipe',
      errors: [{ line: 3, column: 5, message: /Docker API socket/ }],
    },
    {
      kind: 'compose',
      code: 'image: agent:1\nvolumes:\n  - \\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine',
      name: 'Windows named pipe, short syntax (source fix: the pipe is an npipe mount, not a volume)',
      errors: [{ line: 3, column: 5, message: /Docker API socket \\\\.\\pipe\\docker_engine/ }],
    },
    {
      kind: 'compose',
      code: 'x-sock: &sock\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  app:\n    <<: *sock\n    image: agent:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 3, column: 7 }],
    },
    { kind: 'run', code: '-v /var/run/docker.sock:/var/run/docker.sock nginx:1.27', errors: [{ line: 1, column: 1, severity: 'critical' }] },
    { kind: 'run', code: '-itd --volume=/var/run/docker.sock:/var/run/docker.sock:ro nginx:1.27', errors: [{ line: 1, column: 6, message: /read-only does not help/ }] },
    { kind: 'run', code: '-v$XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock nginx:1.27', errors: [{ line: 1, column: 1, message: /Docker API socket \$XDG_RUNTIME_DIR\/docker.sock/ }] },
    { kind: 'run', code: '--mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock,readonly nginx:1.27', errors: [{ line: 1, column: 1, message: /read-only does not help/ }] },
    { kind: 'run', code: '--mount type=bind,src=/,dst=/host nginx:1.27', errors: [{ line: 1, column: 1, message: /host root directory/ }] },
    { kind: 'run', code: 'docker run --rm --use-api-socket nginx:1.27', name: '--use-api-socket mounts the socket', errors: [{ line: 1, column: 17 }] },
  ],
});

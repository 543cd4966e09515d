import { containerRule } from '../rule.js';
import { runtimeSocketExposure, type SocketExposure } from './runtime-socket.js';

export default containerRule({
  meta: {
    id: 'no-docker-socket-mount',
    title: 'Container can reach the Docker API socket',
    severity: 'critical',
    reads: 'container',
    cis: ['5.32'],
    equivalents: { trivy: 'KSV006' },
    docs: {
      why:
        'Whoever can talk to the Docker socket can start a privileged container with the host\'s root directory mounted, ' +
        'so a container holding the socket controls the host. Mounting it read-only changes nothing: the read-only flag ' +
        'stops writes to the socket file, not requests sent through it. The same holds for the containerd, Podman and ' +
        'CRI-O sockets, and for mounting a directory that contains one, such as `/run` or `/`.',
      fix:
        'Remove the mount. If the service needs to list or watch containers, put a filtering proxy in front of the socket ' +
        'that allows only the read-only API calls it uses, and give the service the proxy\'s address instead.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: traefik:3.1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro',
          good: 'services:\n  app:\n    image: traefik:3.1\n    environment:\n      DOCKER_HOST: tcp://socket-proxy:2375',
        },
        {
          kind: 'run',
          bad: 'docker run -v /var/run/docker.sock:/var/run/docker.sock traefik:3.1',
          good: 'docker run -e DOCKER_HOST=tcp://socket-proxy:2375 traefik:3.1',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const mount of facts.mounts) {
      const exposure = runtimeSocketExposure(mount.value);
      if (!exposure) continue;
      const readOnlyNote = mount.value.readOnly ? ' (read-only does not help: API calls still go through)' : '';
      report({
        message: `container "${facts.name}" mounts ${describe(exposure)}${readOnlyNote}: it can control the container runtime and so the host`,
        at: mount.at,
        fix: { description: 'remove the mount, or give the service a filtering socket proxy instead' },
      });
    }
  },
});

function describe(exposure: SocketExposure): string {
  if (exposure.runtime) return `the ${exposure.runtime} API socket ${exposure.path}`;
  if (exposure.path === '/') return 'the host root directory, which contains the container runtime\'s API socket';
  return `host directory ${exposure.path}, which contains the container runtime's API socket`;
}

import { imageRule } from '../rule.js';

/** Ports of services that administer a machine or a cluster: reaching one is reaching the controls. */
const REMOTE_ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [23, 'Telnet'],
  [512, 'rexec'],
  [513, 'rlogin'],
  [514, 'rsh'],
  [2375, 'Docker API (plain)'],
  [2376, 'Docker API (TLS)'],
  [2379, 'etcd'],
  [3389, 'RDP'],
  [5900, 'VNC'],
  [5985, 'WinRM'],
  [5986, 'WinRM (TLS)'],
  [6443, 'Kubernetes API'],
  [10250, 'kubelet API'],
]);

/** Web servers listen on these in nearly every image that serves HTTP; reporting them would be noise. */
const WEB_PORTS = new Set([80, 443]);

export default imageRule({
  meta: {
    id: 'no-exposed-admin-ports',
    title: 'Image exposes a remote-administration or privileged port',
    severity: 'high',
    reads: 'image',
    cis: [],
    docs: {
      why:
        'EXPOSE documents what a container made from the image listens on, and `docker run -P` publishes every exposed ' +
        'port on the host. A remote-administration port (SSH 22, Telnet 23, Docker API 2375/2376, RDP 3389, VNC 5900, ' +
        'WinRM 5985/5986, Kubernetes 6443, kubelet 10250, etcd 2379, r-services 512-514) means the image carries a way ' +
        'to control the machine from the network: reported as high. Other ports below 1024, apart from 80 and 443, ' +
        'are reported as low: they are reserved for system services, and listening on them traditionally needs root ' +
        'or CAP_NET_BIND_SERVICE, which pushes images to run as root.',
      fix:
        'Remove the administration service and its EXPOSE from the image; use `docker exec` for access. Move other ' +
        'services to a port of 1024 or above (`EXPOSE 8080`) and map it at run time (`-p 80:8080`).',
      examples: [
        {
          kind: 'host',
          bad: "$ docker image inspect -f '{{json .Config.ExposedPorts}}' app:1\n{\"22/tcp\":{},\"8080/tcp\":{}}",
          good: "$ docker image inspect -f '{{json .Config.ExposedPorts}}' app:1\n{\"8080/tcp\":{}}",
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const exposed of facts.exposedPorts) {
      const match = /^(\d+)(?:\/([a-z]+))?$/i.exec(exposed.value.trim());
      if (!match) continue;
      const port = Number(match[1]);
      const protocol = (match[2] ?? 'tcp').toLowerCase();
      const service = REMOTE_ADMIN_PORTS.get(port);
      if (service && protocol === 'tcp') {
        report({
          message: `image ${facts.name} exposes ${port}/${protocol}, the ${service} remote-administration port`,
          at: exposed.at,
          fix: { description: 'remove the administration service and its EXPOSE' },
        });
      } else if (port > 0 && port < 1024 && !WEB_PORTS.has(port)) {
        report({
          message: `image ${facts.name} exposes ${port}/${protocol}, a privileged port (below 1024)`,
          at: exposed.at,
          severity: 'low',
          fix: { description: 'listen on a port of 1024 or above and map it at run time' },
        });
      }
    }
  },
});

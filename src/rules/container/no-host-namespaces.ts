import type { NamespaceKind } from '../../facts/container.js';
import type { Severity } from '../../facts/finding.js';
import { containerRule } from '../rule.js';

interface NamespaceRisk {
  label: string;
  /** Severity when the host's namespace is shared. */
  severity: Severity;
  consequence: string;
}

const NAMESPACES: Record<NamespaceKind, NamespaceRisk> = {
  network: { label: 'network', severity: 'high', consequence: 'it sees every host interface and can reach services bound to the host\'s localhost' },
  pid: { label: 'process', severity: 'high', consequence: 'it sees and can signal every process on the host' },
  ipc: { label: 'IPC', severity: 'high', consequence: 'it can read and write the host\'s shared memory segments' },
  uts: { label: 'UTS (hostname)', severity: 'medium', consequence: 'it can change the host\'s hostname' },
  userns: { label: 'user', severity: 'medium', consequence: 'it opts out of the daemon\'s user remapping, so root in the container is root on the host' },
  cgroup: { label: 'cgroup', severity: 'medium', consequence: 'it sees the host\'s whole cgroup hierarchy' },
};

/** `container:db` (Docker) and `service:db` (Compose) join another container's namespace. */
const JOIN = /^(container|service):(.+)$/;

export default containerRule({
  meta: {
    id: 'no-host-namespaces',
    title: 'Container shares a namespace with the host',
    severity: 'high',
    reads: 'container',
    cis: ['5.10', '5.16', '5.17', '5.21', '5.31'],
    docs: {
      why:
        'Namespaces are what make a container see its own processes, network and IPC objects instead of the host\'s. ' +
        'Setting one of them to `host` removes that wall: with the host PID namespace the container can watch and signal ' +
        'host processes, with the host network it can talk to daemons that only listen on localhost. Joining another ' +
        'container\'s namespace is milder, but it makes the two containers one security boundary.',
      fix:
        'Remove `network_mode: host`, `pid: host`, `ipc: host`, `uts: host`, `userns_mode: host` and `cgroup: host` ' +
        '(`--network host`, `--pid host`, ...). Publish ports or use a user-defined network instead of the host network; ' +
        'share data through volumes instead of IPC.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    network_mode: host\n    pid: host',
          good: 'services:\n  app:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]',
        },
        { kind: 'run', bad: 'docker run --network host --pid host nginx:1.27', good: 'docker run -p 127.0.0.1:8080:80 nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    for (const kind of Object.keys(NAMESPACES) as NamespaceKind[]) {
      const mode = facts.namespaces[kind];
      if (!mode) continue;
      const risk = NAMESPACES[kind];
      const value = mode.value.trim();
      const joined = JOIN.exec(value);
      if (value === 'host') {
        report({
          message: `container "${facts.name}" shares the host's ${risk.label} namespace: ${risk.consequence}`,
          at: mode.at,
          severity: risk.severity,
          fix: { description: `remove the host ${risk.label} namespace setting` },
        });
      } else if (joined) {
        report({
          message: `container "${facts.name}" joins the ${risk.label} namespace of ${joined[1]} "${joined[2]}": the two are no longer isolated from each other`,
          at: mode.at,
          severity: 'medium',
        });
      }
    }
  },
});

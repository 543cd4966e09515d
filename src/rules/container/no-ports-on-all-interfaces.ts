import type { PortFact } from '../../facts/container.js';
import { containerRule } from '../rule.js';

const ALL_INTERFACES = new Set(['', '0.0.0.0', '::']);

function listensEverywhere(port: PortFact): boolean {
  return ALL_INTERFACES.has(port.hostIp.trim().replace(/^\[(.*)\]$/, '$1'));
}

function describePort(port: PortFact): string {
  const target = `${port.containerPort}/${port.protocol}`;
  return port.hostPort ? `${port.hostPort}->${target}` : `${target} (on a random host port)`;
}

export default containerRule({
  meta: {
    id: 'no-ports-on-all-interfaces',
    title: 'Published port listens on every host interface',
    severity: 'medium',
    reads: 'container',
    cis: ['5.14'],
    docs: {
      why:
        'A port published without a host address is bound on every interface of the host, public ones included, and ' +
        'Docker\'s own firewall rules let the traffic in ahead of host firewalls such as ufw. Services meant for a ' +
        'reverse proxy or for local use end up reachable from the network.',
      fix:
        'Bind the port to the interface that should receive the traffic, usually loopback: `127.0.0.1:8080:80`. For ' +
        'traffic between containers, use a shared network instead of publishing the port at all.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    ports:\n      - "8080:80"',
          good: 'services:\n  app:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:8080:80"',
        },
        { kind: 'run', bad: 'docker run -p 8080:80 nginx:1.27', good: 'docker run -p 127.0.0.1:8080:80 nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    // With the host network Docker ignores published ports; no-host-namespaces reports that setting.
    if (facts.namespaces.network?.value.trim() === 'host') return;
    for (const port of facts.ports) {
      if (!listensEverywhere(port.value)) continue;
      report({
        message: `container "${facts.name}": port ${describePort(port.value)} is published on every host interface`,
        at: port.at,
        fix: { description: 'bind the port to a specific address such as 127.0.0.1' },
      });
    }
    if (facts.publishAll?.value === true) {
      report({
        message: `container "${facts.name}" publishes all exposed ports on random host ports on every host interface`,
        at: facts.publishAll.at,
        fix: { description: 'replace --publish-all with explicit -p flags bound to a specific address' },
      });
    }
  },
});

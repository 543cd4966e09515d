import type { ContainerFacts, NamespaceKind } from '../../facts/container.js';
import type { Severity } from '../../facts/finding.js';
import { containerRule } from '../rule.js';
import { HOST_COMMAND_SYSCTLS, NAMESPACED_SYSCTLS, RISKY_NAMESPACED_SYSCTLS } from './data/sysctls.js';

interface SysctlRisk {
  severity: Severity;
  reason: string;
}

const NAMESPACE_LABELS: Partial<Record<NamespaceKind, string>> = { network: 'network', ipc: 'IPC', uts: 'UTS' };

/** `net/ipv4/ip_forward` and `net.ipv4.ip_forward` name the same sysctl. */
function normalizeSysctlName(name: string): string {
  return name.trim().replace(/\//g, '.');
}

function sysctlRisk(name: string, value: string, facts: ContainerFacts): SysctlRisk | undefined {
  const namespaced = NAMESPACED_SYSCTLS.find((entry) => entry.pattern.test(name));
  if (!namespaced) {
    return HOST_COMMAND_SYSCTLS.has(name)
      ? { severity: 'critical', reason: 'it is not namespaced and names a program the host kernel runs as root' }
      : { severity: 'high', reason: 'it is not namespaced, so it would change the setting for the whole host' };
  }
  if (facts.namespaces[namespaced.namespace]?.value.trim() === 'host') {
    const label = NAMESPACE_LABELS[namespaced.namespace] ?? namespaced.namespace;
    return { severity: 'high', reason: `the container shares the host's ${label} namespace, so it changes the host's setting` };
  }
  const risky = RISKY_NAMESPACED_SYSCTLS.find((entry) => entry.pattern.test(name) && entry.riskyValue(value));
  return risky && { severity: risky.severity, reason: risky.reason };
}

export default containerRule({
  meta: {
    id: 'no-dangerous-sysctls',
    title: 'Container sets a sysctl that reaches beyond it',
    severity: 'high',
    reads: 'container',
    cis: [],
    docs: {
      why:
        'Only some kernel parameters are kept per namespace; Docker allows those (`net.*`, the IPC limits, the hostname) ' +
        'because they normally affect the container alone. When the container shares the host\'s network, IPC or UTS ' +
        'namespace, the same sysctl rewrites the host\'s setting. Parameters that are not namespaced at all, such as ' +
        '`kernel.core_pattern`, belong to the whole machine, and some of them make the host kernel run a program as root.',
      fix:
        'Drop the sysctl, or set it on the host if the host really needs it. Keep namespaced sysctls to containers with ' +
        'their own namespaces, and set `route_localnet` only where nothing sensitive listens on loopback.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    network_mode: host\n    sysctls:\n      net.core.somaxconn: 1024',
          good: 'services:\n  app:\n    image: nginx:1.27\n    sysctls:\n      net.core.somaxconn: 1024',
        },
        {
          kind: 'run',
          bad: 'docker run --sysctl kernel.core_pattern=/tmp/core nginx:1.27',
          good: 'docker run --sysctl net.core.somaxconn=1024 nginx:1.27',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const sysctl of facts.sysctls) {
      const name = normalizeSysctlName(sysctl.value.name);
      const risk = sysctlRisk(name, sysctl.value.value, facts);
      if (!risk) continue;
      report({
        message: `container "${facts.name}" sets sysctl ${name}: ${risk.reason}`,
        at: sysctl.at,
        severity: risk.severity,
        fix: { description: `remove the ${name} sysctl from the container` },
      });
    }
  },
});

import type { NamespaceKind } from '../../../facts/container.js';
import type { Severity } from '../../../facts/finding.js';

/**
 * Sysctls the kernel keeps per namespace, by the namespace that holds them.
 * Docker accepts only these; each one changes the host when the container
 * shares that namespace with the host.
 */
export const NAMESPACED_SYSCTLS: readonly { namespace: NamespaceKind; pattern: RegExp }[] = [
  { namespace: 'network', pattern: /^net\./ },
  { namespace: 'ipc', pattern: /^(kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+)$/ },
  { namespace: 'uts', pattern: /^kernel\.(hostname|domainname)$/ },
];

/**
 * Host-wide sysctls that name a program the kernel runs as root on the host:
 * setting one is a direct way out of the container.
 */
export const HOST_COMMAND_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.core_pattern',
  'kernel.modprobe',
  'kernel.hotplug',
  'kernel.poweroff_cmd',
]);

export interface RiskyNamespacedSysctl {
  pattern: RegExp;
  /** The value is risky when this returns true. */
  riskyValue: (value: string) => boolean;
  severity: Severity;
  reason: string;
}

/**
 * Namespaced sysctls that still weaken isolation inside the container's own
 * namespace. `net.ipv4.ip_unprivileged_port_start=0` and `net.ipv4.ping_group_range`
 * are not here: Docker sets both that way in every container by default.
 */
export const RISKY_NAMESPACED_SYSCTLS: readonly RiskyNamespacedSysctl[] = [
  {
    pattern: /^net\.ipv4\.conf\.[^.]+\.route_localnet$/,
    riskyValue: (value) => value.trim() !== '0',
    severity: 'medium',
    reason: 'it lets traffic be routed to 127.0.0.0/8, exposing services that only listen on loopback',
  },
];

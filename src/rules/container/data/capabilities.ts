import type { Severity } from '../../../facts/finding.js';
import { own } from '../../helpers/own.js';

export interface CapabilityRisk {
  severity: Severity;
  /** Why adding it matters, phrased to follow "it ...". */
  reason: string;
}

/**
 * Capabilities worth a finding when a container adds them, keyed by the
 * normalized name (upper case, no `CAP_`). Docker's default set already holds
 * NET_RAW, DAC_OVERRIDE and SETFCAP, so adding them back after a drop is rated
 * lower. Capabilities missing here (CHOWN, NET_BIND_SERVICE, KILL, SETUID,
 * SYS_NICE, ...) do not reach beyond the container and are not reported.
 */
export const DANGEROUS_CAPABILITIES: Readonly<Record<string, CapabilityRisk>> = {
  ALL: { severity: 'critical', reason: 'grants every capability, which is root on the host in all but name' },
  SYS_ADMIN: { severity: 'critical', reason: 'allows mounting file systems and many other admin operations that lead out of the container' },
  SYS_MODULE: { severity: 'critical', reason: 'allows loading kernel modules, i.e. running code in the host kernel' },
  DAC_READ_SEARCH: { severity: 'critical', reason: 'allows opening host files by handle, a known way to read the host file system' },
  SYS_PTRACE: { severity: 'high', reason: 'allows tracing and injecting code into other processes' },
  SYS_RAWIO: { severity: 'high', reason: 'allows raw I/O port and device memory access' },
  NET_ADMIN: { severity: 'high', reason: 'allows reconfiguring interfaces, routes and firewall rules of the network namespace' },
  SYS_BOOT: { severity: 'high', reason: 'allows rebooting and loading a new kernel' },
  SYS_TIME: { severity: 'high', reason: 'allows setting the clock, which is shared with the host' },
  MAC_ADMIN: { severity: 'high', reason: 'allows changing the AppArmor or SELinux policy' },
  MAC_OVERRIDE: { severity: 'high', reason: 'allows bypassing the AppArmor or SELinux policy' },
  BPF: { severity: 'high', reason: 'allows loading BPF programs into the kernel' },
  PERFMON: { severity: 'high', reason: 'allows kernel performance monitoring, which exposes kernel memory layout and activity' },
  AUDIT_CONTROL: { severity: 'high', reason: 'allows changing the host audit rules' },
  SYSLOG: { severity: 'medium', reason: 'allows reading and clearing the kernel log, which leaks kernel addresses' },
  LINUX_IMMUTABLE: { severity: 'medium', reason: 'allows setting immutable and append-only flags, including on mounted host files' },
  SYS_RESOURCE: { severity: 'medium', reason: 'allows exceeding resource limits and quotas' },
  SYS_PACCT: { severity: 'medium', reason: 'allows switching process accounting on the host' },
  SYS_TTY_CONFIG: { severity: 'medium', reason: 'allows reconfiguring and hanging up terminals' },
  IPC_OWNER: { severity: 'medium', reason: 'allows bypassing permission checks on shared memory and message queues' },
  AUDIT_READ: { severity: 'medium', reason: 'allows reading the host audit log stream' },
  CHECKPOINT_RESTORE: { severity: 'medium', reason: 'allows checkpoint and restore operations on other processes' },
  NET_RAW: { severity: 'medium', reason: 'allows crafting raw packets, e.g. to spoof traffic on the container network' },
  DAC_OVERRIDE: { severity: 'medium', reason: 'allows bypassing file permission checks' },
  SETFCAP: { severity: 'medium', reason: 'allows setting file capabilities, a way to regain dropped privileges' },
};

export function capabilityRisk(capability: string): CapabilityRisk | undefined {
  return own(DANGEROUS_CAPABILITIES, capability);
}

/** `cap_sys_admin` and `SYS_ADMIN` compare equal. */
export function normalizeCapabilityName(raw: string): string {
  const upper = raw.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

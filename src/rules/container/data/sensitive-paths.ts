import type { Severity } from '../../../facts/finding.js';

export interface SensitivePath {
  /** Absolute host path, `/run` form for anything under `/var/run`. */
  path: string;
  /** What lives there, phrased to follow "it holds ...". */
  holds: string;
  /** Severity of a writable mount; null: not reported. */
  writable: Severity | null;
  /** Severity of a read-only mount; null: not reported. */
  readOnly: Severity | null;
  /** False when only the path itself counts, not what lies below it. */
  subpaths?: boolean;
  /** Severities for paths strictly below this one, when they differ. */
  below?: { holds: string; writable: Severity | null; readOnly: Severity | null };
}

/** Several paths that hold the same kind of thing, at the same risk. */
function alike(paths: readonly string[], risk: Omit<SensitivePath, 'path'>): SensitivePath[] {
  return paths.map((path) => ({ path, ...risk }));
}

/**
 * Host paths a bind mount should not expose. The most specific entry covering
 * a path rates it, so the harmless files near the end override `/etc` and
 * `/usr`; a directory above an entry (`/var` above `/var/lib/docker`) is rated
 * at least as that entry. Home directories are judged in the rule itself.
 */
export const SENSITIVE_PATHS: readonly SensitivePath[] = [
  { path: '/', holds: 'the whole host file system', writable: 'critical', readOnly: 'high', subpaths: false },
  {
    path: '/etc',
    holds: 'host configuration, password hashes and service credentials',
    writable: 'critical',
    readOnly: 'high',
    // An application's own directory (`/etc/nginx`, `/etc/letsencrypt`) is usually shared on purpose.
    below: { holds: 'host configuration that host services may read', writable: 'medium', readOnly: 'low' },
  },
  ...alike([
    '/etc/shadow',
    '/etc/gshadow',
    '/etc/sudoers',
    '/etc/sudoers.d',
    '/etc/ssh',
    '/etc/ssl/private',
    '/etc/pki/tls/private',
    '/etc/docker',
    '/etc/containerd',
    '/etc/kubernetes',
    '/etc/crontab',
    '/etc/cron.d',
    '/etc/systemd',
    '/etc/pam.d',
    '/etc/security',
    '/etc/ld.so.preload',
    '/etc/profile.d',
  ], { holds: 'host credentials or configuration the host runs as root', writable: 'critical', readOnly: 'high' }),
  // Files the host reads and acts on as root: writable means code execution on the host, reading them is harmless.
  ...alike([
    '/etc/environment',
    '/etc/ld.so.conf.d',
    '/etc/modprobe.d',
    '/etc/udev',
    '/etc/logrotate.d',
    '/etc/init.d',
    '/etc/rc.local',
    '/etc/sysctl.d',
    '/etc/apt',
    '/etc/yum.repos.d',
    '/etc/polkit-1',
    '/etc/dbus-1',
    '/etc/cron.hourly',
    '/etc/cron.daily',
    '/etc/cron.weekly',
    '/etc/cron.monthly',
  ], { holds: 'configuration the host acts on as root', writable: 'critical', readOnly: null }),
  { path: '/proc', holds: 'the host kernel\'s process and tuning interfaces', writable: 'critical', readOnly: 'high' },
  { path: '/sys', holds: 'kernel and device settings of the host', writable: 'critical', readOnly: 'high' },
  { path: '/sys/fs/cgroup', holds: 'the host\'s cgroup controls', writable: 'critical', readOnly: 'medium' },
  { path: '/boot', holds: 'the host kernel and boot loader', writable: 'critical', readOnly: 'medium' },
  { path: '/dev', holds: 'host device nodes', writable: 'high', readOnly: 'medium' },
  { path: '/dev/shm', holds: 'shared memory used by host processes', writable: 'medium', readOnly: 'low' },
  { path: '/dev/log', holds: 'the host syslog socket', writable: null, readOnly: null },
  { path: '/lib/modules', holds: 'host kernel modules', writable: 'critical', readOnly: 'medium' },
  {
    path: '/usr',
    holds: 'host programs and libraries',
    writable: 'critical',
    readOnly: 'medium',
    // Data below /usr (`/usr/share/appdata/<app>`) is often an application's own directory.
    below: { holds: 'host data files', writable: 'low', readOnly: null },
  },
  ...alike(['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib'], { holds: 'host programs and libraries', writable: 'critical', readOnly: 'medium' }),
  ...alike(['/usr/share/dbus-1', '/usr/share/polkit-1'], { holds: 'service and policy definitions the host acts on as root', writable: 'critical', readOnly: null }),
  { path: '/usr/src', holds: 'kernel headers and module sources the host builds as root (DKMS)', writable: 'high', readOnly: null },
  { path: '/bin', holds: 'host programs', writable: 'critical', readOnly: 'medium' },
  { path: '/sbin', holds: 'host programs', writable: 'critical', readOnly: 'medium' },
  { path: '/lib', holds: 'host libraries', writable: 'critical', readOnly: 'medium' },
  { path: '/lib64', holds: 'host libraries', writable: 'critical', readOnly: 'medium' },
  { path: '/var/lib/docker', holds: 'the files and configuration (environment included) of every container', writable: 'critical', readOnly: 'high' },
  { path: '/var/lib/containerd', holds: 'the files of every containerd container', writable: 'critical', readOnly: 'high' },
  { path: '/var/lib/kubelet', holds: 'kubelet credentials and the volumes of every pod', writable: 'critical', readOnly: 'high' },
  { path: '/run/dbus', holds: 'the system D-Bus socket, through which root can manage host services', writable: 'high', readOnly: 'high' },
  { path: '/run/systemd', holds: 'systemd\'s control sockets', writable: 'critical', readOnly: 'critical', subpaths: false },
  { path: '/run/systemd/private', holds: 'systemd\'s private control socket', writable: 'critical', readOnly: 'critical' },
  { path: '/etc/passwd', holds: 'the host\'s user accounts', writable: 'critical', readOnly: 'low' },
  { path: '/etc/group', holds: 'the host\'s groups', writable: 'critical', readOnly: 'low' },
  { path: '/etc/hosts', holds: 'the host\'s name resolution', writable: 'high', readOnly: null },
  { path: '/etc/resolv.conf', holds: 'the host\'s name resolution', writable: 'high', readOnly: null },
  ...alike(['/etc/localtime', '/etc/timezone', '/usr/share/zoneinfo', '/etc/machine-id', '/etc/os-release', '/usr/lib/os-release'], { holds: 'host time zone or system identity files', writable: 'low', readOnly: null }),
  ...alike(['/etc/ssl/certs', '/etc/ca-certificates', '/etc/pki/ca-trust', '/etc/pki/tls/certs', '/usr/share/ca-certificates'], { holds: 'the certificate authorities the host trusts', writable: 'high', readOnly: null }),
];

/** Entries under a home directory that carry no credentials and are routinely shared with build containers. */
export const HARMLESS_HOME_ENTRIES: ReadonlySet<string> = new Set(['.cache']);

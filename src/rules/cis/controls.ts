import type { Rule } from '../rule.js';

/**
 * Every control of the CIS Docker Benchmark v1.6.0, in our own words, with
 * how much of it hullcheck checks. `v180` is the control's number in v1.8.0
 * where it differs: v1.8.0 inserted a devicemapper control as 2.7, moving
 * 2.7-2.18 down by one.
 */
export type Coverage = 'automatic' | 'partial' | 'manual';

export interface CisControl {
  id: string;
  title: string;
  section: number;
  v180?: string;
  coverage: Coverage;
  note: string;
}

type Row = [id: string, title: string, coverage: Coverage, note: string, v180?: string];

const MANUAL_PROCESS = 'a matter of process and judgement; nothing on the host shows it';
const AUDIT_NOTE = 'checked when auditd is running, against the watches it has loaded';
const NO_FACT = 'hullcheck does not read this path yet';
const FILE_NOTE = 'checked on the local host, compared bit by bit';
const CONTAINER_NOTE = 'checked for every container, Compose service and docker run line';
const SWARM_NOTE = 'swarm settings are not read';

const ROWS: Row[] = [
  ['1.1.1', 'Docker data lives on its own partition', 'automatic', 'the data root must be a mount point of its own'],
  ['1.1.2', 'Only trusted users can control the daemon', 'partial', 'docker group members are listed; whether they are trusted is for people to judge'],
  ['1.1.3', 'auditd watches the dockerd binary', 'partial', AUDIT_NOTE],
  ['1.1.4', 'auditd watches /run/containerd', 'manual', `${NO_FACT}; its socket is checked under 1.1.8`],
  ['1.1.5', 'auditd watches the data root', 'partial', AUDIT_NOTE],
  ['1.1.6', 'auditd watches /etc/docker', 'partial', AUDIT_NOTE],
  ['1.1.7', 'auditd watches the docker.service unit', 'partial', AUDIT_NOTE],
  ['1.1.8', 'auditd watches the containerd socket', 'partial', AUDIT_NOTE],
  ['1.1.9', 'auditd watches the docker.socket unit', 'partial', AUDIT_NOTE],
  ['1.1.10', 'auditd watches /etc/default/docker', 'partial', AUDIT_NOTE],
  ['1.1.11', 'auditd watches daemon.json', 'partial', AUDIT_NOTE],
  ['1.1.12', 'auditd watches containerd\'s config.toml', 'manual', NO_FACT],
  ['1.1.13', 'auditd watches /etc/sysconfig/docker', 'partial', AUDIT_NOTE],
  ['1.1.14', 'auditd watches the containerd binary', 'manual', NO_FACT],
  ['1.1.15', 'auditd watches containerd-shim', 'manual', NO_FACT],
  ['1.1.16', 'auditd watches containerd-shim-runc-v1', 'manual', NO_FACT],
  ['1.1.17', 'auditd watches containerd-shim-runc-v2', 'manual', NO_FACT],
  ['1.1.18', 'auditd watches the runc binary', 'manual', NO_FACT],
  ['1.2.1', 'The container host is hardened', 'partial', 'kernel security modules and known kernel and runtime vulnerabilities are checked; the rest of host hardening is not'],
  ['1.2.2', 'Docker is kept up to date', 'automatic', 'end-of-life engines and components with known vulnerabilities are reported'],

  ['2.1', 'The daemon runs rootless where it can', 'manual', 'rootless mode is recognised by other checks; whether it is possible depends on the workloads'],
  ['2.2', 'Containers on the default bridge are isolated from each other', 'automatic', 'icc must be false'],
  ['2.3', 'The daemon logs at info level', 'automatic', 'debug is reported, and levels quieter than info at info severity'],
  ['2.4', 'Docker manages iptables', 'automatic', 'iptables must not be false'],
  ['2.5', 'No insecure registries', 'automatic', 'loopback ranges, which Docker always allows, are ignored'],
  ['2.6', 'The aufs storage driver is not used', 'manual', 'aufs was removed in Docker 24; the storage driver is not read'],
  ['2.7', 'TCP access to the daemon requires mutual TLS', 'automatic', 'every TCP listener without tlsverify is reported', '2.8'],
  ['2.8', 'Default ulimits are set', 'automatic', 'reported at info severity when none are set', '2.9'],
  ['2.9', 'User namespace remapping is on', 'automatic', 'rootless engines pass', '2.10'],
  ['2.10', 'The default cgroup parent is deliberate', 'manual', 'any cgroup parent can be right; only the operator knows', '2.11'],
  ['2.11', 'The devicemapper base size is left alone', 'manual', 'devicemapper was removed in Docker 25; storage options are not read', '2.12'],
  ['2.12', 'An authorization plugin controls API use', 'automatic', 'reported at info severity', '2.13'],
  ['2.13', 'Daemon logs go to a central, remote place', 'manual', 'the logging driver is known, but where logs end up is not', '2.14'],
  ['2.14', 'New privileges are blocked by default', 'automatic', 'no-new-privileges must be true in the daemon', '2.15'],
  ['2.15', 'Live restore is on', 'automatic', 'read from the engine, so remote engines are checked too', '2.16'],
  ['2.16', 'The userland proxy is off', 'automatic', 'userland-proxy must be false', '2.17'],
  ['2.17', 'A daemon-wide seccomp profile is applied', 'partial', 'an unconfined or missing default profile is reported; whether a custom profile fits is not judged', '2.18'],
  ['2.18', 'Experimental features are off in production', 'automatic', 'read from the engine', '2.19'],

  ['3.1', 'docker.service is owned by root:root', 'automatic', FILE_NOTE],
  ['3.2', 'docker.service is 644 or stricter', 'automatic', FILE_NOTE],
  ['3.3', 'docker.socket unit is owned by root:root', 'automatic', FILE_NOTE],
  ['3.4', 'docker.socket unit is 644 or stricter', 'automatic', FILE_NOTE],
  ['3.5', '/etc/docker is owned by root:root', 'automatic', FILE_NOTE],
  ['3.6', '/etc/docker is 755 or stricter', 'automatic', FILE_NOTE],
  ['3.7', 'Registry certificates are owned by root:root', 'automatic', FILE_NOTE],
  ['3.8', 'Registry certificates are 444 or stricter', 'automatic', FILE_NOTE],
  ['3.9', 'The TLS CA certificate is owned by root:root', 'automatic', FILE_NOTE],
  ['3.10', 'The TLS CA certificate is 444 or stricter', 'automatic', FILE_NOTE],
  ['3.11', 'The daemon\'s TLS certificate is owned by root:root', 'automatic', FILE_NOTE],
  ['3.12', 'The daemon\'s TLS certificate is 444 or stricter', 'automatic', FILE_NOTE],
  ['3.13', 'The daemon\'s TLS key is owned by root:root', 'automatic', FILE_NOTE],
  ['3.14', 'The daemon\'s TLS key is 400', 'automatic', FILE_NOTE],
  ['3.15', 'The Docker socket is owned by root:docker', 'automatic', `${FILE_NOTE}; root:root is accepted as stricter`],
  ['3.16', 'The Docker socket is 660 or stricter', 'automatic', FILE_NOTE],
  ['3.17', 'daemon.json is owned by root:root', 'automatic', FILE_NOTE],
  ['3.18', 'daemon.json is 644 or stricter', 'automatic', FILE_NOTE],
  ['3.19', '/etc/default/docker is owned by root:root', 'automatic', FILE_NOTE],
  ['3.20', '/etc/default/docker is 644 or stricter', 'automatic', FILE_NOTE],
  ['3.21', '/etc/sysconfig/docker is 644 or stricter', 'automatic', FILE_NOTE],
  ['3.22', '/etc/sysconfig/docker is owned by root:root', 'automatic', FILE_NOTE],
  ['3.23', 'The containerd socket is owned by root:root', 'automatic', FILE_NOTE],
  ['3.24', 'The containerd socket is 660 or stricter', 'automatic', FILE_NOTE],

  ['4.1', 'Images run as a non-root user', 'automatic', 'Dockerfiles, images and containers are checked'],
  ['4.2', 'Only trusted base images are used', 'partial', 'unpinned images and, when configured, untrusted registries are reported'],
  ['4.3', 'Images carry no unneeded packages', 'manual', 'what is needed depends on the application'],
  ['4.4', 'Images are scanned and rebuilt for patches', 'partial', 'images older than the configured age, or on an end-of-life Debian, Ubuntu or Alpine release, are reported; vulnerability scanning is left to scanners'],
  ['4.5', 'Content trust is enabled', 'automatic', 'DOCKER_CONTENT_TRUST in the auditing environment, reported at info severity'],
  ['4.6', 'Images define a HEALTHCHECK', 'automatic', 'Dockerfiles and images are checked'],
  ['4.7', 'Package index updates are not run on their own', 'automatic', 'RUN lines of Dockerfiles are checked'],
  ['4.8', 'setuid and setgid bits are removed from images', 'automatic', 'every setuid and setgid file of an image read with `hullcheck image` is listed'],
  ['4.9', 'COPY is used instead of ADD', 'automatic', 'Dockerfiles are checked'],
  ['4.10', 'No secrets in Dockerfiles or images', 'partial', 'secret-looking values in ENV, ARG and copied files, and in an image\'s config, labels, build history and files, are reported'],
  ['4.11', 'Only verified packages are installed', 'manual', 'downloads without verification are reported by rules outside the benchmark'],
  ['4.12', 'Signed artifacts are verified', 'manual', 'signature verification happens in the pipeline, not in files hullcheck reads'],

  ['5.1', 'Swarm mode is off unless needed', 'manual', SWARM_NOTE],
  ['5.2', 'AppArmor confines containers where available', 'partial', 'turning AppArmor off is reported per container; an engine that cannot use it is reported for the host'],
  ['5.3', 'SELinux confines containers where available', 'partial', 'turning SELinux labels off is reported per container; a daemon that does not label is reported for the host'],
  ['5.4', 'Container capabilities are restricted', 'automatic', CONTAINER_NOTE],
  ['5.5', 'No privileged containers', 'automatic', CONTAINER_NOTE],
  ['5.6', 'No sensitive host directories mounted', 'automatic', CONTAINER_NOTE],
  ['5.7', 'No SSH server inside containers', 'partial', 'Dockerfiles that install an SSH server and images that hold sshd or dropbear are reported; running processes are not inspected'],
  ['5.8', 'No privileged host ports mapped', 'manual', 'published ports below 1024 are not reported separately'],
  ['5.9', 'Only needed ports are open', 'manual', 'what is needed depends on the application'],
  ['5.10', 'The host network namespace is not shared', 'automatic', CONTAINER_NOTE],
  ['5.11', 'Container memory is limited', 'automatic', CONTAINER_NOTE],
  ['5.12', 'Container CPU share is set', 'automatic', CONTAINER_NOTE],
  ['5.13', 'The root filesystem is read-only', 'automatic', CONTAINER_NOTE],
  ['5.14', 'Published ports are bound to a specific interface', 'automatic', CONTAINER_NOTE],
  ['5.15', 'on-failure restarts are capped at 5', 'automatic', CONTAINER_NOTE],
  ['5.16', 'The host PID namespace is not shared', 'automatic', CONTAINER_NOTE],
  ['5.17', 'The host IPC namespace is not shared', 'automatic', CONTAINER_NOTE],
  ['5.18', 'Host devices are not exposed to containers', 'automatic', CONTAINER_NOTE],
  ['5.19', 'Default ulimits are overridden only when needed', 'manual', 'whether an override is needed depends on the workload'],
  ['5.20', 'Mount propagation is not shared', 'automatic', CONTAINER_NOTE],
  ['5.21', 'The host UTS namespace is not shared', 'automatic', CONTAINER_NOTE],
  ['5.22', 'The default seccomp profile is not disabled', 'automatic', CONTAINER_NOTE],
  ['5.23', 'docker exec is not used with --privileged', 'manual', 'exec sessions are not recorded by the engine\'s inspect data'],
  ['5.24', 'docker exec is not used with --user=root', 'manual', 'exec sessions are not recorded by the engine\'s inspect data'],
  ['5.25', 'Container cgroup placement is deliberate', 'manual', 'any cgroup parent can be right; only the operator knows'],
  ['5.26', 'Containers cannot gain new privileges', 'automatic', CONTAINER_NOTE],
  ['5.27', 'Container health is checked at runtime', 'manual', 'health checks are reported for images and Dockerfiles (4.6)'],
  ['5.28', 'The latest version of an image is used', 'manual', 'pull policy is a deployment choice'],
  ['5.29', 'A PIDs limit is set', 'automatic', CONTAINER_NOTE],
  ['5.30', 'The default docker0 bridge is not used', 'manual', 'network choice is a deployment decision'],
  ['5.31', 'The host user namespace is not shared', 'automatic', CONTAINER_NOTE],
  ['5.32', 'The Docker socket is not mounted into containers', 'automatic', CONTAINER_NOTE],

  ['6.1', 'Unused images are cleaned up', 'partial', 'untagged (dangling) images are reported; whether a tagged image is still needed is for people to judge'],
  ['6.2', 'Unused containers are cleaned up', 'manual', MANUAL_PROCESS],

  ['7.1', 'A swarm has the smallest sensible number of managers', 'manual', SWARM_NOTE],
  ['7.2', 'Swarm services are bound to a specific interface', 'manual', SWARM_NOTE],
  ['7.3', 'Swarm overlay networks are encrypted', 'manual', SWARM_NOTE],
  ['7.4', 'Swarm secrets hold the swarm\'s secrets', 'manual', SWARM_NOTE],
  ['7.5', 'Swarm managers auto-lock', 'manual', SWARM_NOTE],
  ['7.6', 'The swarm auto-lock key is rotated', 'manual', SWARM_NOTE],
  ['7.7', 'Swarm node certificates are rotated', 'manual', SWARM_NOTE],
  ['7.8', 'Swarm CA certificates are rotated', 'manual', SWARM_NOTE],
  ['7.9', 'Management and data traffic are separated', 'manual', SWARM_NOTE],
];

export const CIS_CONTROLS: readonly CisControl[] = ROWS.map(([id, title, coverage, note, v180]) => ({
  id,
  title,
  section: Number(id.split('.')[0]),
  coverage,
  note,
  ...(v180 ? { v180 } : {}),
}));

export interface CisCoverageRow {
  control: string;
  title: string;
  coverage: Coverage;
  note: string;
  v180?: string;
  ruleIds: string[];
}

/** Each control with the rules that cite it, in benchmark order. */
export function cisCoverage(rules: readonly Rule[]): CisCoverageRow[] {
  return CIS_CONTROLS.map((control) => ({
    control: control.id,
    title: control.title,
    coverage: control.coverage,
    note: control.note,
    ...(control.v180 ? { v180: control.v180 } : {}),
    ruleIds: rules.filter((rule) => rule.meta.cis.includes(control.id)).map((rule) => rule.meta.id),
  }));
}

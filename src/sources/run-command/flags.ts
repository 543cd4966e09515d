/**
 * The flags of `docker run` / `docker create` (Docker 28). Every flag is listed
 * so that the image argument is found reliably, even when a flag that does not
 * matter for security takes a value.
 */
export interface FlagSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  aliases?: string[];
}

const VALUE_FLAGS: [string, string?][] = [
  ['add-host'], ['annotation'], ['attach', 'a'], ['blkio-weight'], ['blkio-weight-device'],
  ['cap-add'], ['cap-drop'], ['cgroup-parent'], ['cgroupns'], ['cidfile'], ['cpu-count'],
  ['cpu-percent'], ['cpu-period'], ['cpu-quota'], ['cpu-rt-period'], ['cpu-rt-runtime'],
  ['cpu-shares', 'c'], ['cpus'], ['cpuset-cpus'], ['cpuset-mems'], ['detach-keys'], ['device'],
  ['device-cgroup-rule'], ['device-read-bps'], ['device-read-iops'], ['device-write-bps'],
  ['device-write-iops'], ['dns'], ['dns-option'], ['dns-opt'], ['dns-search'], ['domainname'],
  ['entrypoint'], ['env', 'e'], ['env-file'], ['expose'], ['gpus'], ['group-add'], ['health-cmd'],
  ['health-interval'], ['health-retries'], ['health-start-interval'], ['health-start-period'],
  ['health-timeout'], ['hostname', 'h'], ['io-maxbandwidth'], ['io-maxiops'], ['ip'], ['ip6'],
  ['ipc'], ['isolation'], ['kernel-memory'], ['label', 'l'], ['label-file'], ['link'],
  ['link-local-ip'], ['log-driver'], ['log-opt'], ['mac-address'], ['memory', 'm'],
  ['memory-reservation'], ['memory-swap'], ['memory-swappiness'], ['mount'], ['name'],
  ['network'], ['net'], ['network-alias'], ['net-alias'], ['oom-score-adj'], ['pid'],
  ['pids-limit'], ['platform'], ['publish', 'p'], ['pull'], ['restart'], ['runtime'],
  ['security-opt'], ['shm-size'], ['stop-signal'], ['stop-timeout'], ['storage-opt'],
  ['sysctl'], ['tmpfs'], ['ulimit'], ['user', 'u'], ['userns'], ['uts'], ['volume', 'v'],
  ['volume-driver'], ['volumes-from'], ['workdir', 'w'],
];

const BOOLEAN_FLAGS: [string, string?][] = [
  ['detach', 'd'], ['interactive', 'i'], ['tty', 't'], ['init'], ['no-healthcheck'],
  ['oom-kill-disable'], ['publish-all', 'P'], ['privileged'], ['quiet', 'q'], ['read-only'],
  ['rm'], ['sig-proxy'], ['disable-content-trust'], ['help'], ['use-api-socket'],
];

function table(entries: [string, string?][], takesValue: boolean): FlagSpec[] {
  return entries.map(([long, short]) => ({ long, takesValue, ...(short ? { short } : {}) }));
}

export const RUN_FLAGS: FlagSpec[] = [...table(VALUE_FLAGS, true), ...table(BOOLEAN_FLAGS, false)];

export const FLAGS_BY_LONG = new Map(RUN_FLAGS.map((f) => [f.long, f]));
export const FLAGS_BY_SHORT = new Map(RUN_FLAGS.filter((f) => f.short).map((f) => [f.short as string, f]));

/** `docker` global options that come before the sub-command. */
export const GLOBAL_VALUE_FLAGS = new Set(['--config', '--context', '-c', '--host', '-H', '--log-level', '-l', '--tlscacert', '--tlscert', '--tlskey']);

import type { InputError } from '../../facts/finding.js';
import type { DaemonSettings, EngineInfo, HostFile, LocalHost } from '../../facts/host.js';
import type { Located } from '../../facts/location.js';
import { Accounts } from './accounts.js';
import { readAuditFacts } from './audit-rules.js';
import { readDaemonSettings } from './daemon-settings.js';
import { findServingDockerd, stringSetting } from './dockerd-process.js';
import { isLocalEngine } from './engine-address.js';
import { readHostFiles } from './host-files.js';
import { readKernelFacts } from './kernel.js';
import { readDataRootMount } from './mounts.js';
import { listProcesses, runs, type ProcessInfo } from './processes.js';
import { RootFs } from './root-fs.js';

export interface ReadLocalHostOptions {
  /** The audited engine's address: `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`. */
  engine: string;
  /** `GET /info` of that engine: its data root identifies the dockerd serving it. */
  info: EngineInfo;
  /** The machine's root directory; a test points it at a fake tree. Default `/`. */
  root?: string;
}

export interface LocalHostReading {
  daemon?: DaemonSettings;
  host?: LocalHost;
  /** Why the host was not read: a remote engine, or no dockerd that serves it is visible. */
  hostSkipped?: string;
  /** Inputs that could not be read or parsed (a malformed daemon.json, with line and column). */
  errors: InputError[];
}

/**
 * Reads the machine a local engine runs on: the dockerd serving it (found in
 * /proc), its daemon.json and flags, the Docker files with owners and modes,
 * the docker group, auditd, the data root's mount and the kernel. Read-only, and
 * never throws: what cannot be read is missing or an error entry.
 */
export async function readLocalHost(options: ReadLocalHostOptions): Promise<LocalHostReading> {
  const locality = isLocalEngine(options.engine);
  if (!locality.local) return { hostSkipped: locality.reason, errors: [] };
  const fs = new RootFs(options.root ?? '/');
  const processes = listProcesses(fs);
  const candidates = processes.filter((p) => runs(p, 'dockerd')).map((p) => readDaemonSettings(fs, p));
  const found = findServingDockerd(fs, candidates, options.engine, options.info.dockerRootDir);
  if ('reason' in found) return { hostSkipped: found.reason, errors: [] };
  const { daemon, errors } = found.chosen;
  const host = readHost(fs, { ...options, daemon, processes }, errors);
  return { daemon, host, errors };
}

interface HostContext extends ReadLocalHostOptions {
  daemon: DaemonSettings;
  processes: ProcessInfo[];
}

function readHost(fs: RootFs, context: HostContext, errors: InputError[]): LocalHost {
  const accounts = new Accounts(fs);
  const dataRoot = context.info.dockerRootDir || stringSetting(context.daemon, 'data-root') || '';
  const files = readHostFiles({ fs, accounts, ...context, dockerRootDir: dataRoot });
  errors.push(...files.errors);
  const group = dockerGroup(accounts, files.files, context.daemon);
  return {
    files: files.files,
    ...(group ? { dockerGroup: group } : {}),
    audit: readAuditFacts(fs, context.processes),
    dataRootMount: dataRootMount(fs, dataRoot, context.daemon, errors),
    kernel: readKernelFacts(fs),
    packages: [],
  };
}

/**
 * Who can use the socket through its group: the group that owns the socket,
 * else dockerd's `group` setting, else the group named `docker`.
 */
function dockerGroup(accounts: Accounts, files: HostFile[], daemon: DaemonSettings): Located<string[]> | undefined {
  const socket = files.find((file) => file.role === 'docker.sock' && file.type === 'socket');
  const name = socket?.group ?? stringSetting(daemon, 'group') ?? 'docker';
  const entry = accounts.group(name);
  return entry ? { value: accounts.membersOf(entry), at: { file: '/etc/group', line: entry.line, column: 1 } } : undefined;
}

function dataRootMount(
  fs: RootFs,
  dataRoot: string,
  daemon: DaemonSettings,
  errors: InputError[],
): LocalHost['dataRootMount'] {
  const mount = dataRoot ? readDataRootMount(fs, dataRoot, daemon.process?.pid) : undefined;
  if (mount) return mount;
  const file = '/proc/self/mountinfo';
  errors.push({ file, message: `cannot tell whether the data root ${dataRoot || '(unknown)'} is a separate mount: no mount table could be read` });
  return { value: { separate: false, mountPoint: '' }, at: { file, line: 0, column: 0 } };
}

import { posix } from 'node:path';
import type { InputError } from '../../facts/finding.js';
import type { DaemonSettings, HostFile, HostFileRole } from '../../facts/host.js';
import type { Accounts } from './accounts.js';
import { containerdSocketPath } from './containerd-socket.js';
import { DEFAULT_DAEMON_JSON } from './daemon-settings.js';
import { servedAddresses, stringSetting } from './dockerd-process.js';
import { parseEngineAddress } from './engine-address.js';
import type { ProcessInfo } from './processes.js';
import type { RootFs } from './root-fs.js';
import { findUnitFile, UNIT_DIRECTORIES } from './systemd-units.js';

export interface HostFileSources {
  fs: RootFs;
  accounts: Accounts;
  /** The audited engine's address. */
  engine: string;
  daemon?: DaemonSettings;
  dockerRootDir: string;
  processes: readonly ProcessInfo[];
}

const CERTS_D = '/etc/docker/certs.d';

/** The Docker-related files of the machine, each with its role, owner and mode. */
export function readHostFiles(sources: HostFileSources): { files: HostFile[]; errors: InputError[] } {
  const errors: InputError[] = [];
  const files = wantedFiles(sources).map(([role, path]) => describeFile(sources, role, path, errors));
  return { files, errors };
}

function wantedFiles(sources: HostFileSources): Array<[HostFileRole, string]> {
  const { fs, daemon } = sources;
  const setting = (option: string) => (daemon ? stringSetting(daemon, option) : undefined);
  const wanted: Array<[HostFileRole, string | undefined]> = [
    ...socketPaths(sources).map((path): [HostFileRole, string] => ['docker.sock', path]),
    ['containerd.sock', containerdSocketPath(fs, daemon, sources.processes)],
    ['daemon.json', daemon?.configFile ?? setting('config-file') ?? DEFAULT_DAEMON_JSON],
    ['etc-docker', '/etc/docker'],
    ['certs.d', CERTS_D],
    ...registryCerts(fs).map((path): [HostFileRole, string] => ['registry-cert', path]),
    ['tls-ca', setting('tlscacert')],
    ['tls-cert', setting('tlscert')],
    ['tls-key', setting('tlskey')],
    ['docker.service', unitFile(fs, 'docker.service')],
    ['docker.socket-unit', unitFile(fs, 'docker.socket')],
    ['etc-default-docker', '/etc/default/docker'],
    ['etc-sysconfig-docker', '/etc/sysconfig/docker'],
    ['data-root', sources.dockerRootDir || setting('data-root')],
  ];
  return wanted.filter((entry): entry is [HostFileRole, string] => Boolean(entry[1]));
}

/** The audited socket, and every other unix socket the daemon listens on. */
function socketPaths({ fs, engine, daemon }: HostFileSources): string[] {
  const audited = parseEngineAddress(engine);
  const served = daemon ? servedAddresses(fs, daemon) : [];
  const paths = [audited, ...served].flatMap((address) => (address.kind === 'unix' ? [address.path] : []));
  return [...new Set(paths)];
}

/** Files in each registry's directory under certs.d (`certs.d/registry:5000/ca.crt`). */
function registryCerts(fs: RootFs): string[] {
  return fs.list(CERTS_D).flatMap((registry) => {
    const dir = posix.join(CERTS_D, registry);
    return fs.list(dir).map((name) => posix.join(dir, name));
  });
}

/** A unit that is not installed is reported missing where an administrator would put it. */
function unitFile(fs: RootFs, name: string): string {
  return findUnitFile(fs, name) ?? posix.join(UNIT_DIRECTORIES[0] as string, name);
}

function describeFile(sources: HostFileSources, role: HostFileRole, path: string, errors: InputError[]): HostFile {
  const { fs, accounts } = sources;
  const at = { file: path, line: 0, column: 0 };
  const realPath = fs.realPath(path);
  const base: HostFile = { role, path, type: 'missing', at, ...(realPath === path ? {} : { realPath }) };
  const { stats, error } = fs.lstat(realPath);
  if (!stats) {
    if (error && error.code !== 'ENOENT' && error.code !== 'ENOTDIR') {
      errors.push({ file: path, message: `cannot read the owner and mode of ${path}: ${error.code ?? error.message}` });
    }
    return base;
  }
  const type = stats.isSocket() ? 'socket' : stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  const user = accounts.userName(stats.uid);
  const group = accounts.groupName(stats.gid);
  return {
    ...base,
    type,
    uid: stats.uid,
    gid: stats.gid,
    ...(user === undefined ? {} : { user }),
    ...(group === undefined ? {} : { group }),
    // Setuid, setgid and sticky bits included: a rule compares the bits it cares about.
    mode: stats.mode & 0o7777,
  };
}

import type { InputError } from '../../facts/finding.js';
import type { DaemonSetting, DaemonSettings } from '../../facts/host.js';
import { parseDaemonJson } from './daemon-json.js';
import { parseDockerdFlags } from './dockerd-flags.js';
import type { ProcessInfo } from './processes.js';
import type { RootFs } from './root-fs.js';

/** dockerd's own default for `--config-file` (rootful). */
export const DEFAULT_DAEMON_JSON = '/etc/docker/daemon.json';

/** Where a dockerd process's facts point: `process:dockerd[812]`. */
export function processName(dockerd: ProcessInfo): string {
  return `process:dockerd[${dockerd.pid}]`;
}

/**
 * The settings a dockerd runs with: its daemon.json (from `--config-file`, else
 * the default path) overlaid by its command line. A daemon.json that cannot be
 * read or parsed is an error; the flags are still returned.
 */
export function readDaemonSettings(fs: RootFs, dockerd: ProcessInfo): { daemon: DaemonSettings; errors: InputError[] } {
  const file = processName(dockerd);
  const flags = parseDockerdFlags(dockerd.argv, file);
  const configSetting = flags.get('config-file')?.value;
  const configPath = typeof configSetting === 'string' && configSetting !== '' ? configSetting : DEFAULT_DAEMON_JSON;
  const config = readDaemonJson(fs, configPath);
  const daemon: DaemonSettings = {
    settings: mergeSettings(config.settings, flags),
    process: { pid: dockerd.pid, argv: dockerd.argv, at: { file, line: 0, column: 0, path: 'argv' } },
    ...(config.read ? { configFile: configPath } : {}),
  };
  return { daemon, errors: config.errors };
}

function readDaemonJson(
  fs: RootFs,
  path: string,
): { settings: Map<string, DaemonSetting>; errors: InputError[]; read: boolean } {
  const { text, error } = fs.readTextOrError(path);
  if (text !== undefined) return { ...parseDaemonJson(text, path), read: true };
  if (error?.code === 'ENOENT' || error?.code === 'ENOTDIR') return { settings: new Map(), errors: [], read: false };
  const message = `cannot read the daemon configuration: ${error?.code ?? 'unknown error'}`;
  return { settings: new Map(), errors: [{ file: path, message }], read: false };
}

/** The command line wins over daemon.json; the value it overrode is kept beside it. */
export function mergeSettings(
  config: ReadonlyMap<string, DaemonSetting>,
  flags: ReadonlyMap<string, DaemonSetting>,
): Map<string, DaemonSetting> {
  const merged = new Map(config);
  for (const [option, flag] of flags) {
    const overridden = config.get(option);
    merged.set(option, overridden ? { ...flag, overridden: { value: overridden.value, at: overridden.at } } : flag);
  }
  return merged;
}

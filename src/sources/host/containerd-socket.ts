import { posix } from 'node:path';
import type { DaemonSettings } from '../../facts/host.js';
import { stringSetting } from './dockerd-process.js';
import { runs, type ProcessInfo } from './processes.js';
import { linesOf, type RootFs } from './root-fs.js';

/** containerd's own default address (containerd `defaults.DefaultAddress`). */
const CONTAINERD_DEFAULT_ADDRESS = '/run/containerd/containerd.sock';
/** dockerd's default `--exec-root`, under which it starts its own containerd when none runs. */
const DOCKERD_DEFAULT_EXEC_ROOT = '/var/run/docker';

/**
 * The containerd socket dockerd talks to, in dockerd's own order: its
 * `containerd` setting; else the running containerd it uses (its child, or the
 * only one), at that process's `--address` or the `[grpc] address` of its
 * config; else containerd's default address when a socket is there (dockerd
 * uses a system containerd it finds there); else the one dockerd starts under
 * its exec root.
 */
export function containerdSocketPath(
  fs: RootFs,
  daemon: DaemonSettings | undefined,
  processes: readonly ProcessInfo[],
): string {
  const configured = daemon && stringSetting(daemon, 'containerd');
  if (configured) return configured.replace(/^unix:\/\//, '');
  const containerd = containerdProcess(processes, daemon?.process?.pid);
  if (containerd) return processAddress(fs, containerd) ?? CONTAINERD_DEFAULT_ADDRESS;
  if (fs.exists(CONTAINERD_DEFAULT_ADDRESS)) return CONTAINERD_DEFAULT_ADDRESS;
  const execRoot = (daemon && stringSetting(daemon, 'exec-root')) || DOCKERD_DEFAULT_EXEC_ROOT;
  return posix.join(execRoot, 'containerd', 'containerd.sock');
}

function containerdProcess(processes: readonly ProcessInfo[], dockerdPid: number | undefined): ProcessInfo | undefined {
  const running = processes.filter((p) => runs(p, 'containerd'));
  return running.find((p) => dockerdPid !== undefined && p.ppid === dockerdPid) ?? (running.length === 1 ? running[0] : undefined);
}

function processAddress(fs: RootFs, containerd: ProcessInfo): string | undefined {
  const address = optionValue(containerd.argv, ['--address', '-address', '-a', '--a']);
  if (address) return address;
  const config = optionValue(containerd.argv, ['--config', '-config', '-c', '--c']);
  return config ? grpcAddress(fs.readText(config)) : undefined;
}

/** `--name value` or `--name=value` (containerd's flag library takes one or two dashes). */
function optionValue(argv: readonly string[], names: string[]): string | undefined {
  let found: string | undefined;
  argv.forEach((word, i) => {
    const [name = '', inline] = splitOnce(word, '=');
    if (names.includes(name)) found = inline ?? argv[i + 1];
  });
  return found;
}

function splitOnce(word: string, separator: string): [string, string | undefined] {
  const at = word.indexOf(separator);
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}

/** `address = "..."` in the `[grpc]` table of a containerd config.toml. */
export function grpcAddress(toml: string | undefined): string | undefined {
  let inGrpc = false;
  for (const line of linesOf(toml ?? '')) {
    const table = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line)?.[1];
    if (table !== undefined) inGrpc = table === 'grpc';
    const address = inGrpc ? /^\s*address\s*=\s*["']([^"']*)["']/.exec(line)?.[1] : undefined;
    if (address) return address;
  }
  return undefined;
}

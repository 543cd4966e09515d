import type { LocalHost } from '../../facts/host.js';
import { linesOf, type RootFs } from './root-fs.js';

/**
 * Whether the data root is a mount point of its own, from the mount table of
 * dockerd's mount namespace when its pid is known, else init's, else ours.
 * Undefined when no mount table can be read.
 */
export function readDataRootMount(
  fs: RootFs,
  dataRoot: string,
  dockerdPid: number | undefined,
): LocalHost['dataRootMount'] | undefined {
  const tables = [dockerdPid, 1, 'self'].filter((pid) => pid !== undefined).map((pid) => `/proc/${pid}/mountinfo`);
  for (const file of tables) {
    const text = fs.readText(file);
    if (text === undefined) continue;
    const resolved = fs.realPath(dataRoot);
    const mount = longestMountPrefix(text, resolved);
    if (!mount) continue;
    const at = { file, line: mount.line, column: 1 };
    return { value: { separate: mount.mountPoint === resolved, mountPoint: mount.mountPoint }, at };
  }
  return undefined;
}

/** The mount whose mount point is the longest prefix of `path` (the last mounted wins a tie: it is on top). */
export function longestMountPrefix(mountinfo: string, path: string): { mountPoint: string; line: number } | undefined {
  let best: { mountPoint: string; line: number } | undefined;
  linesOf(mountinfo).forEach((line, index) => {
    const field = line.split(' ')[4];
    if (field === undefined) return;
    const mountPoint = unescapeMountField(field);
    if (!contains(mountPoint, path)) return;
    if (!best || mountPoint.length >= best.mountPoint.length) best = { mountPoint, line: index + 1 };
  });
  return best;
}

function contains(mountPoint: string, path: string): boolean {
  return mountPoint === '/' || path === mountPoint || path.startsWith(`${mountPoint}/`);
}

/** The kernel writes space, tab, newline and backslash in mountinfo as octal escapes (`\040`). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

import { posix } from 'node:path';
import { linesOf, type RootFs } from './root-fs.js';

/** systemd's system unit search path, highest precedence first (systemd.unit(5)). */
export const UNIT_DIRECTORIES = ['/etc/systemd/system', '/run/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];

/** The unit file systemd loads for `name`: the first found along the search path. */
export function findUnitFile(fs: RootFs, name: string): string | undefined {
  return UNIT_DIRECTORIES.map((dir) => posix.join(dir, name)).find((path) => fs.exists(path));
}

/** The unix socket paths a `.socket` unit listens on (`ListenStream=/run/docker.sock`). */
export function listenStreamPaths(fs: RootFs, unitFile: string): string[] {
  const text = fs.readText(unitFile) ?? '';
  return linesOf(text)
    .map((line) => /^\s*ListenStream\s*=\s*(\/\S*)\s*$/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
}

import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';

/**
 * Read-only access to a machine's files under `root` ('/' for this machine, a
 * temporary directory in tests). Paths given and returned are the machine's own
 * (`/etc/docker/daemon.json`), never prefixed with the root. Nothing here throws:
 * a file that cannot be read is `undefined`, with the reason when asked.
 */
export class RootFs {
  constructor(readonly root: string) {}

  /** Where a machine path lives on this process's file system. */
  resolve(path: string): string {
    return posix.join(this.root, posix.resolve('/', path));
  }

  readText(path: string): string | undefined {
    return this.readTextOrError(path).text;
  }

  readTextOrError(path: string): { text?: string; error?: NodeJS.ErrnoException } {
    try {
      return { text: readFileSync(this.resolve(path), 'utf8') };
    } catch (error) {
      return { error: error as NodeJS.ErrnoException };
    }
  }

  /** Entry names of a directory, sorted; empty when it cannot be read. */
  list(path: string): string[] {
    try {
      return readdirSync(this.resolve(path)).sort();
    } catch {
      return [];
    }
  }

  exists(path: string): boolean {
    return this.lstat(path).stats !== undefined;
  }

  lstat(path: string): { stats?: Stats; error?: NodeJS.ErrnoException } {
    try {
      return { stats: lstatSync(this.resolve(path)) };
    } catch (error) {
      return { error: error as NodeJS.ErrnoException };
    }
  }

  /**
   * The path with every symbolic link resolved the way the machine would, so an
   * absolute link target stays inside the root. Components that do not exist are
   * kept as they are.
   */
  realPath(path: string): string {
    let pending = posix.resolve('/', path).split('/').filter(Boolean);
    let resolved = '/';
    for (let hops = 0; pending.length > 0; ) {
      const name = pending.shift() as string;
      const next = posix.join(resolved, name);
      const target = this.readLink(next);
      if (target === undefined || ++hops > MAX_LINK_HOPS) {
        resolved = next;
        continue;
      }
      pending = [...target.split('/').filter(Boolean), ...pending];
      if (target.startsWith('/')) resolved = '/';
    }
    return resolved;
  }

  private readLink(path: string): string | undefined {
    try {
      return readlinkSync(this.resolve(path));
    } catch {
      return undefined;
    }
  }
}

/** Linux gives up after 40 links in one lookup (ELOOP); so do we. */
const MAX_LINK_HOPS = 40;

/** Splits text into lines, whatever the line ending. */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

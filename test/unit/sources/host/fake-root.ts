import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A machine's file tree in a temporary directory, for the host readers' `root` option. */
export class FakeRoot {
  readonly root = mkdtempSync(join(tmpdir(), 'hullcheck-host-'));
  private readonly servers: Server[] = [];

  write(path: string, content: string, mode?: number): this {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    if (mode !== undefined) chmodSync(full, mode);
    return this;
  }

  dir(path: string, mode?: number): this {
    const full = join(this.root, path);
    mkdirSync(full, { recursive: true });
    if (mode !== undefined) chmodSync(full, mode);
    return this;
  }

  link(path: string, target: string): this {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    symlinkSync(target, full);
    return this;
  }

  /** A process in /proc: comm, NUL-separated cmdline, and a stat line naming its parent. */
  process(pid: number, argv: string[], options: { comm?: string; ppid?: number } = {}): this {
    const comm = options.comm ?? (argv[0] ?? '').split('/').at(-1) ?? '';
    this.write(`/proc/${pid}/comm`, `${comm}\n`);
    this.write(`/proc/${pid}/cmdline`, argv.map((word) => `${word}\0`).join(''));
    return this.write(`/proc/${pid}/stat`, `${pid} (${comm}) S ${options.ppid ?? 1} ${pid} ${pid} 0 -1\n`);
  }

  /** A real listening unix socket, so the file is of type socket. */
  async socket(path: string, mode: number): Promise<void> {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(full, resolve));
    this.servers.push(server);
    chmodSync(full, mode);
  }

  async remove(): Promise<void> {
    await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * /etc/passwd and /etc/group where the test's own uid is `me` and its gid is
 * `docker` (so files the test creates are owned by me:docker), with members
 * listed in /etc/group (bob, carol) and by primary group (me, alice).
 */
export function accountsFor(uid: number, gid: number): { passwd: string; group: string } {
  return {
    passwd: `me:x:${uid}:${gid}::/home/me:/bin/sh\nalice:x:${uid + 1001}:${gid}::/home/alice:/bin/sh\n`,
    group: `# local groups\ndocker:x:${gid}:bob,carol\nstaff:x:${gid + 50}:dave\n`,
  };
}

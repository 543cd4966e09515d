import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `hullcheck proxy` as its own process, the way users run it. */
export interface ProxyChild {
  child: ChildProcess;
  pid: number;
  stderr(): string;
  /** Open file descriptors of the proxy process. */
  fds(): number;
  /** Resident memory of the proxy process, in bytes. */
  rss(): number;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const bin = join(import.meta.dirname, '../../bin/hullcheck.js');

export async function startProxyChild(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ProxyChild> {
  const child = spawn(process.execPath, [bin, 'proxy', ...args], { cwd, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hullcheck proxy did not start: ${stderr}`)), 20_000);
    const check = () => {
      if (stderr.includes('hullcheck proxy: listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hullcheck proxy exited with ${code}: ${stderr}`));
    });
  });
  const pid = child.pid as number;
  return {
    child,
    pid,
    stderr: () => stderr,
    fds: () => readdirSync(`/proc/${pid}/fd`).length,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

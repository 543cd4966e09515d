import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalHost } from '../../../../src/sources/host/read-local-host.js';

/**
 * This machine's own /proc. A stand-in named `dockerd` (node, started through
 * a link of that name, so /proc shows comm `dockerd`) listens nowhere but names
 * a socket with -H, so it is the one chosen even while a real dockerd runs.
 */
describe.skipIf(!existsSync('/proc/self/status'))('readLocalHost on this machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-real-'));
  const socket = join(dir, 'docker.sock');
  let standIn: ChildProcess;

  beforeAll(async () => {
    symlinkSync(process.execPath, join(dir, 'dockerd'));
    writeFileSync(join(dir, 'idle.cjs'), 'setTimeout(() => {}, 60_000);\n');
    standIn = spawn(join(dir, 'dockerd'), [join(dir, 'idle.cjs'), '-H', `unix://${socket}`, '--icc=false'], { stdio: 'ignore' });
    await waitForComm(standIn.pid as number, 'dockerd');
  });

  afterAll(() => {
    standIn.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the stand-in dockerd and reads the kernel', async () => {
    const reading = await readLocalHost({
      engine: `unix://${socket}`,
      info: {
        name: 'here', dockerRootDir: dir, securityOptions: [], liveRestore: false, experimental: false, loggingDriver: 'json-file',
        cgroupDriver: 'cgroupfs', authorizationPlugins: [], insecureRegistries: [], containers: 0, images: 0,
      },
    });
    expect(reading.hostSkipped).toBeUndefined();
    expect(reading.daemon?.process?.pid).toBe(standIn.pid);
    expect(reading.daemon?.settings.get('icc')?.value).toBe(false);
    const kernel = reading.host?.kernel;
    expect(kernel?.release.value).toBe(release());
    expect(kernel?.version.value).toMatch(/^\d+\.\d+(\.\d+)?$/);
    expect(kernel?.seccomp).toBe(true);
    expect(reading.host?.files.find((f) => f.role === 'data-root')?.type).toBe('directory');
  });
});

async function waitForComm(pid: number, comm: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`process ${pid} never showed comm ${comm}`);
}

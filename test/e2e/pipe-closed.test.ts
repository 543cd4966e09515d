import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './run-cli.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-pipe-'));
  // Enough findings (about 450 KB of report) that much of it is still to be written when
  // the reader goes: a pipe buffers 64 KiB on Linux.
  for (let i = 0; i < 400; i++) {
    mkdirSync(join(dir, `app-${i}`));
    writeFileSync(join(dir, `app-${i}`, 'Dockerfile'), 'FROM alpine\nRUN curl http://example.com/x.sh | sh\nADD http://example.com/a.tgz /a\nEXPOSE 22\n');
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs hullcheck with its standard output closed after the first chunk, as `| head -1` does. */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string; firstChunk: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/hullcheck.js'), ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let firstChunk = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString();
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, firstChunk }));
  });
}

describe('a reader that closes the pipe early (hullcheck scan | head)', () => {
  it('stops quietly with the exit code of the findings', async () => {
    const run = await runIntoClosedPipe(['scan', '.']);
    expect(run.firstChunk).toMatch(/^app-\d+\/Dockerfile\n/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('keeps exit 0 under --fail-on none', async () => {
    const run = await runIntoClosedPipe(['scan', '.', '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

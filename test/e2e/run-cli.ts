import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');
const bin = join(repoRoot, 'bin/hullcheck.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface CliOptions {
  cwd?: string;
  input?: string;
  env?: Record<string, string | undefined>;
}

function spawnOptions(options: CliOptions) {
  return { cwd: options.cwd ?? repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env } };
}

/** Runs the bundled CLI as a user would, without colour unless asked. */
export function hullcheck(args: string[], options: CliOptions = {}): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], { ...spawnOptions(options), input: options.input ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking: for tests whose CLI talks to a server running in the test process. */
export function hullcheckAsync(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [bin, ...args], spawnOptions(options));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hullcheck, repoRoot } from './run-cli.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-cache-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function node(args: string[], cwd = repoRoot) {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('the CLI bundle and its code cache', () => {
  it('is built with a code cache that V8 accepts in a fresh process', () => {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `import { loadCliBundle } from ${JSON.stringify(join(repoRoot, 'dist/bin/load-bundle.cjs'))};\n` +
        'const { cli, script } = loadCliBundle();\n' +
        'console.log(typeof cli.start, script.cachedDataRejected);\n',
    );
    const run = node([probe]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('function false\n');
  });

  it('says in one line that the CLI is not built when the bundle is missing, exit 2', () => {
    const copy = join(dir, 'package');
    cpSync(join(repoRoot, 'bin'), join(copy, 'bin'), { recursive: true });
    const run = node([join(copy, 'bin/hullcheck.js'), 'scan', '.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('hullcheck: error: the CLI is not built (dist/bin is missing); run `npm ci` or `npm run build` first\n');
    expect(run.stdout).toBe('');
  });

  it('runs the same without a usable cache (V8 rejects it and compiles the bundle)', () => {
    const copy = join(dir, 'package');
    mkdirSync(join(copy, 'dist'), { recursive: true });
    cpSync(join(repoRoot, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(repoRoot, 'dist/bin'), join(copy, 'dist/bin'), { recursive: true });
    writeFileSync(join(copy, 'dist/bin/hullcheck.cjs.cache'), 'not a code cache');
    const target = join(repoRoot, 'examples/api/Dockerfile');
    const withCache = hullcheck(['scan', target, '--format', 'json']);
    const without = node([join(copy, 'bin/hullcheck.js'), 'scan', target, '--format', 'json']);
    expect(withCache.code).toBe(1);
    expect(without.status).toBe(1);
    expect(without.stderr).toBe('');
    expect(JSON.parse(without.stdout).findings).toEqual(JSON.parse(withCache.stdout).findings);
  });
});

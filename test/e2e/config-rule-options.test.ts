import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hullcheck } from './run-cli.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-rule-options-'));
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('.hullcheck.yaml rule options', () => {
  it('accepts allow-paths and max-age-days on the rules that take them', () => {
    writeFileSync(join(dir, '.hullcheck.yaml'), 'rules:\n  no-setuid-files:\n    allow-paths: [/usr/bin/su, /opt/app/**]\n  no-stale-image:\n    max-age-days: 30\n');
    const run = hullcheck(['scan', '.'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('names the file, line and column of a bad option and exits 2', () => {
    writeFileSync(join(dir, '.hullcheck.yaml'), 'rules:\n  no-setuid-files:\n    allow-paths: [usr/bin/su]\n  no-privileged:\n    allow-paths: [/x]\n');
    const run = hullcheck(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    const file = join(dir, '.hullcheck.yaml');
    expect(run.stderr).toBe(
      `${file}:3:19  error  rule "no-setuid-files": allow-paths entries must be absolute paths inside the image, like /usr/bin/su\n` +
        `${file}:5:5  error  rule "no-privileged": unknown setting "allow-paths" (this rule takes enabled, severity)\n`,
    );
    expect(run.stdout).toBe('');
  });
});

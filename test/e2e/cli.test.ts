import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hullcheck } from './run-cli.js';

let dir: string;

function write(relativePath: string, content: string): string {
  const full = join(dir, relativePath);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return full;
}

const PRIVILEGED_COMPOSE = 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n';
const PRIVILEGED_LINE = 'compose.yaml:4:5  critical  no-privileged  container "app" runs privileged: it has full access to the host';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-cli-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('hullcheck scan', () => {
  it('reports a finding as path:line:col  severity  rule-id  message and exits 1', () => {
    write('compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toContain(PRIVILEGED_LINE);
    expect(run.stderr).toBe('');
  });

  it('scans the current directory by default, recursively, skipping node_modules, .git and .gitignore entries', () => {
    write('svc/compose.yaml', PRIVILEGED_COMPOSE);
    write('node_modules/pkg/compose.yaml', PRIVILEGED_COMPOSE);
    write('.git/compose.yaml', PRIVILEGED_COMPOSE);
    write('vendor/compose.yaml', PRIVILEGED_COMPOSE);
    write('.gitignore', 'vendor/\n');
    const run = hullcheck(['scan', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string }[] };
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['svc/compose.yaml']);
  });

  it('exits 0 when nothing reaches --fail-on, and with --fail-on none', () => {
    write('compose.yaml', PRIVILEGED_COMPOSE);
    expect(hullcheck(['scan', '.', '--fail-on', 'none'], { cwd: dir }).code).toBe(0);
    write('compose.yaml', 'services:\n  app:\n    image: nginx:1.27\n    restart: always\n');
    expect(hullcheck(['scan', '.', '--fail-on', 'critical'], { cwd: dir }).code).toBe(0);
  });

  it('exits 2 for a missing path and names it, and still scans the other paths', () => {
    write('compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', 'missing-dir', 'compose.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('missing-dir  error  no such file or directory');
    expect(run.stdout.split('\n')).toContain(PRIVILEGED_LINE);
  });

  it('gives one located error for malformed YAML and still scans the other files', () => {
    write('a/compose.yaml', 'services:\n  app:\n    image: [unclosed\n');
    write('b/compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { errors: { file: string; line?: number }[]; findings: { file: string; ruleId: string }[] };
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: 'a/compose.yaml', line: 4 });
    expect(report.findings.some((f) => f.file === 'b/compose.yaml' && f.ruleId === 'no-privileged')).toBe(true);
  });

  it('reports a binary file and a dangling symlink by name without a stack trace', () => {
    writeFileSync(join(dir, 'Dockerfile'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'Containerfile'));
    const run = hullcheck(['scan', 'Dockerfile', 'Containerfile'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Dockerfile  error  is a binary file, not a Dockerfile or Compose file');
    expect(run.stdout).toContain('Containerfile  error  no such file or directory');
    expect(run.stdout + run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('reads one file from standard input', () => {
    const run = hullcheck(['scan', '-', '--stdin-kind', 'compose'], { cwd: dir, input: PRIVILEGED_COMPOSE });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('-:4:5  critical  no-privileged');
  });

  it('writes the report to --output and nothing to stdout', () => {
    write('compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', '.', '-f', 'sarif', '-o', 'out.sarif'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
  });

  it('exits 2 for an unknown option or format', () => {
    expect(hullcheck(['scan', '--frobnicate']).code).toBe(2);
    expect(hullcheck(['scan', '--format', 'xml']).code).toBe(2);
  });
});

describe('suppressions', () => {
  it('honours an inline ignore on the line before, counts it, and lists it with --show-suppressed', () => {
    write('compose.yaml', 'services:\n  app:\n    image: nginx:1.27\n    # hullcheck ignore=no-privileged needs the GPU driver\n    privileged: true\n');
    const hidden = hullcheck(['scan', '.', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(hidden.stdout) as { summary: { suppressed: number }; findings: { ruleId: string }[] };
    expect(report.summary.suppressed).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).not.toContain('no-privileged');
    const shown = hullcheck(['scan', '.', '--show-suppressed'], { cwd: dir });
    expect(shown.stdout).toContain('compose.yaml:5:5  critical  no-privileged');
    expect(shown.stdout).toContain('needs the GPU driver');
  });

  it('a suppressed finding does not fail the run', () => {
    write('compose.yaml', '# hullcheck ignore-file=no-privileged lab only\n' + PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', '.', '--fail-on', 'critical'], { cwd: dir });
    expect(run.code).toBe(0);
  });
});

describe('.hullcheck.yaml', () => {
  it('is found upward from the scanned path and turns rules off', () => {
    write('.hullcheck.yaml', 'rules:\n  no-privileged: off\n');
    write('deep/er/compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', 'deep/er', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).not.toContain('no-privileged');
  });

  it('overrides a severity', () => {
    write('.hullcheck.yaml', 'rules:\n  no-privileged: low\n');
    write('compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', '.'], { cwd: dir });
    expect(run.stdout).toContain('compose.yaml:4:5  low  no-privileged');
  });

  it('rejects an unknown key with file, line and column, exit 2', () => {
    write('.hullcheck.yaml', 'rules: {}\nfail_on: high\n');
    write('compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${join(dir, '.hullcheck.yaml')}:2:1  error  unknown key "fail_on" (known: rules, ignore-paths, trusted-registries, allowed-capabilities, fail-on)\n`,
    );
  });

  it('rejects an unknown rule id and a bad severity', () => {
    write('.hullcheck.yaml', 'rules:\n  no-privilegd: off\n  no-privileged: severe\n');
    const run = hullcheck(['scan', '.', '--config', '.hullcheck.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.hullcheck.yaml:2:3  error  unknown rule "no-privilegd"');
    expect(run.stderr).toContain('.hullcheck.yaml:3:18  error  rule "no-privileged" must be off, on, one of');
  });

  it('ignore-paths skips matching files', () => {
    write('.hullcheck.yaml', 'ignore-paths:\n  - legacy/**\n');
    write('legacy/compose.yaml', PRIVILEGED_COMPOSE);
    const run = hullcheck(['scan', '.', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(run.stdout) as { summary: { inputs: number } }).summary.inputs).toBe(0);
    expect(run.code).toBe(0);
  });
});

describe('hullcheck scan-run', () => {
  it('checks words after --', () => {
    const run = hullcheck(['scan-run', '--', 'docker', 'run', '-d', '--privileged', 'nginx:1.27']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('command-line:1:15  critical  no-privileged');
  });

  it('checks a whole line given as one string', () => {
    const run = hullcheck(['scan-run', 'docker run -itd --privileged nginx:1.27']);
    expect(run.stdout).toContain('command-line:1:17  critical  no-privileged');
  });

  it('exits 2 with a located message for an unknown flag', () => {
    const run = hullcheck(['scan-run', 'docker run --privilegd nginx']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('command-line:1:12  error  unknown flag --privilegd');
  });
});

describe('hullcheck rules and explain', () => {
  it('lists rules', () => {
    const run = hullcheck(['rules']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^no-privileged +critical +container +Container runs in privileged mode +\[CIS 5\.5\]$/m);
  });

  it('explains a rule and rejects an unknown one', () => {
    const run = hullcheck(['explain', 'no-privileged']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('no-privileged  (critical)  Container runs in privileged mode');
    const missing = hullcheck(['explain', 'no-such-rule']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('hullcheck: no rule named "no-such-rule"; `hullcheck rules` lists them\n');
  });
});

describe('many files', () => {
  it('scans a large tree on worker threads with the same findings, in discovery order', () => {
    for (let i = 0; i < 260; i++) {
      const name = `svc-${String(i).padStart(3, '0')}`;
      write(`${name}/compose.yaml`, i % 2 === 0 ? PRIVILEGED_COMPOSE : 'services:\n  app:\n    image: nginx:1.27\n    read_only: true\n');
    }
    const run = hullcheck(['scan', '.', '--format', 'json', '--fail-on', 'critical'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { summary: { inputs: number }; findings: { file: string; ruleId: string; line: number }[] };
    expect(report.summary.inputs).toBe(260);
    const privileged = report.findings.filter((f) => f.ruleId === 'no-privileged');
    expect(privileged.map((f) => f.file)).toEqual(
      Array.from({ length: 130 }, (_, k) => `svc-${String(k * 2).padStart(3, '0')}/compose.yaml`),
    );
    expect(privileged.every((f) => f.line === 4)).toBe(true);
    for (const jobs of ['0', '1', '3']) {
      const other = hullcheck(['scan', '.', '--format', 'json', '--fail-on', 'critical', '--jobs', jobs], { cwd: dir });
      expect(other.code).toBe(1);
      expect(other.stdout).toBe(run.stdout);
    }
  });

  it('rejects a --jobs that is not a whole number from 0 to 64, exit 2', () => {
    write('compose.yaml', PRIVILEGED_COMPOSE);
    for (const jobs of ['x', '-1', '1.5', '65']) {
      const run = hullcheck(['scan', '.', '--jobs', jobs], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`option '-j, --jobs <n>' argument '${jobs}' is invalid. expected a whole number from 0 to 64`);
      expect(run.stdout).toBe('');
    }
  });
});

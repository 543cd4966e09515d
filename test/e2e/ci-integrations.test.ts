import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hullcheck, repoRoot } from './run-cli.js';

/**
 * The CI integrations shipped in the repository (GitHub Action, pre-commit hook,
 * GitLab job) run hullcheck with options the CLI must accept: each command they
 * contain is run here against examples/ with the built CLI.
 */
const root = repoRoot;

function exitCode(args: string[]): { code: number | null; stderr: string } {
  const { code, stderr } = hullcheck(args);
  return { code, stderr };
}

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

describe('GitHub Action (action.yml)', () => {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default: string }>;
    runs: { using: string; steps: ActionStep[] };
  };

  it('is a composite action that uploads SARIF to code scanning', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.uses ?? s.id ?? 'run')).toEqual(['actions/setup-node@v4', 'run', 'scan', 'github/codeql-action/upload-sarif@v3', 'run']);
    expect(Object.keys(action.inputs)).toEqual(['paths', 'fail-on', 'config', 'upload-sarif']);
  });

  it('its scan and gate commands run with the CLI as written, with the default inputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-action-'));
    try {
      const scan = exitCode(['scan', 'examples', '--format', 'sarif', '--output', join(dir, 'hullcheck.sarif'), '--fail-on', 'none']);
      expect(scan).toEqual({ code: 0, stderr: '' });
      const sarif = JSON.parse(readFileSync(join(dir, 'hullcheck.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
      expect(exitCode(['scan', 'examples', '--fail-on', action.inputs['fail-on']?.default ?? ''])).toMatchObject({ code: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const commands = action.runs.steps.flatMap((s) => (s.run ?? '').split('\n')).filter((line) => line.includes('hullcheck.js'));
    expect(commands).toEqual([
      expect.stringContaining('scan $HULLCHECK_PATHS "${config[@]}" --format sarif --output "$sarif" --fail-on none'),
      expect.stringContaining('scan $HULLCHECK_PATHS "${config[@]}" --fail-on "$HULLCHECK_FAIL_ON"'),
    ]);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const [hook] = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string }[];
  const files = new RegExp(hook?.files ?? '^$');

  it('selects Dockerfiles and Compose files by name, and nothing else', () => {
    for (const name of ['Dockerfile', 'api/Dockerfile', 'Dockerfile.prod', 'app.dockerfile', 'Containerfile', 'compose.yaml', 'deploy/docker-compose.override.yml']) {
      expect(files.test(name), name).toBe(true);
    }
    for (const name of ['README.md', 'Dockerfile/notes.txt', 'values.yaml', 'src/compose.ts']) {
      expect(files.test(name), name).toBe(false);
    }
  });

  it('runs hullcheck scan on the files pre-commit passes', async () => {
    expect(hook?.language).toBe('node');
    const args = (hook?.entry ?? '').split(' ').slice(1);
    expect(exitCode([...args, 'examples/api/Dockerfile', 'examples/compose.yaml'])).toMatchObject({ code: 1 });
  });
});

describe('GitLab CI example (docs/ci/gitlab-ci.yml)', () => {
  const job = (parse(readFileSync(join(root, 'docs/ci/gitlab-ci.yml'), 'utf8')) as Record<string, { script: string[]; artifacts: { reports: { junit: string } } }>).hullcheck;

  it('writes the JUnit report the job publishes, then gates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-gitlab-'));
    try {
      const [report, gate] = (job?.script ?? []).map((line) => line.replace('node /opt/hullcheck/bin/hullcheck.js ', '').replace(' . ', ' examples ').split(' '));
      const output = join(dir, job?.artifacts.reports.junit ?? 'missing');
      const reportArgs = (report ?? []).map((word) => (word === 'hullcheck-junit.xml' ? output : word));
      expect(exitCode(reportArgs)).toEqual({ code: 0, stderr: '' });
      expect(readFileSync(output, 'utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites/);
      expect(exitCode(gate ?? [])).toMatchObject({ code: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

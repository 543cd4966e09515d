import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerSave, ociLayout, writeFiles, type ImageSpec } from '../helpers/image-archives.js';
import { hullcheck } from './run-cli.js';

/** `hullcheck image` on archives and layouts built in memory; the engine side is in test/integration/image.test.ts. */
const dir = mkdtempSync(join(tmpdir(), 'hullcheck-image-cli.'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const created = new Date().toISOString();
const ROOT: ImageSpec = { tags: ['root:1'], created, layers: [{ entries: [{ name: 'bin/tool', body: 'x', mode: 0o4755 }] }] };
const CLEAN: ImageSpec = { tags: ['clean:1'], created, config: { User: '10001', Healthcheck: { Test: ['CMD', '/bin/true'] } }, layers: [{ entries: [{ name: 'app', body: 'x' }] }] };
const archive = join(dir, 'root.tar');
const clean = join(dir, 'clean.tar');
const layout = join(dir, 'layout');

beforeAll(async () => {
  writeFileSync(archive, await dockerSave([ROOT]));
  writeFileSync(clean, await dockerSave([CLEAN]));
  writeFiles(layout, await ociLayout([ROOT]));
});

describe('hullcheck image', () => {
  it('reports findings located in the image and exits 1', () => {
    const run = hullcheck(['image', archive, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      summary: { inputs: number };
      findings: { ruleId: string; file: string; line: number; path?: string }[];
      image: { targets: unknown[] };
    };
    expect(report.summary.inputs).toBe(1);
    expect(report.image).toEqual({ targets: [{ target: archive, source: 'path', images: 1 }] });
    expect(report.findings.map((f) => [f.ruleId, f.path])).toEqual([
      ['no-setuid-files', '/bin/tool'],
      ['require-image-healthcheck', 'Config.Healthcheck'],
      ['require-image-user', 'Config.User'],
    ]);
    expect(report.findings[0]).toMatchObject({ file: expect.stringMatching(/^image:root:1@[0-9a-f]{12}$/), line: 0 });
  });

  it('names a file of the image in SARIF as a logical location: the image, then the path inside it', () => {
    const run = hullcheck(['image', archive, '--format', 'sarif']);
    const log = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: unknown[] }[] }[] };
    const setuid = log.runs[0]?.results.find((r) => r.ruleId === 'no-setuid-files');
    expect(setuid?.locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: expect.stringMatching(/^image:root:1@[0-9a-f]{12}\/bin\/tool$/), kind: 'resource' }] }]);
  });

  it('gives the same findings for an OCI layout directory', () => {
    const fromArchive = hullcheck(['image', archive, '--format', 'json']);
    const fromLayout = hullcheck(['image', layout, '--format', 'json']);
    const findings = (stdout: string) => (JSON.parse(stdout) as { findings: unknown[] }).findings;
    expect(findings(fromLayout.stdout)).toHaveLength(3);
    expect(findings(fromLayout.stdout)).toEqual(findings(fromArchive.stdout));
  });

  it('exits 0 for a clean image, and with --fail-on above every finding', () => {
    expect(hullcheck(['image', clean]).code).toBe(0);
    expect(hullcheck(['image', archive, '--fail-on', 'critical']).code).toBe(0);
  });

  it('honours .hullcheck.yaml: rules turned off, severities changed', () => {
    const configDir = join(dir, 'configured');
    writeFiles(configDir, new Map([['.hullcheck.yaml', Buffer.from('rules:\n  no-setuid-files: off\n  require-image-healthcheck: off\n  require-image-user: info\n')]]));
    const run = hullcheck(['image', archive, '--format', 'json', '--fail-on', 'low'], { cwd: configDir });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string }[] };
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([['require-image-user', 'info']]);
  });

  it('reads an archive from standard input', () => {
    const run = hullcheck(['image', '-', '--format', 'json'], { input: readFileSync(clean, 'latin1') });
    expect(JSON.parse(run.stdout)).toMatchObject({ summary: { inputs: 1, findings: 0, errors: 0 } });
  });

  it('exits 2 with one error line for an archive it cannot read, and still reports the others', () => {
    const broken = join(dir, 'broken.tar');
    writeFileSync(broken, readFileSync(archive).subarray(0, 1800));
    const run = hullcheck(['image', broken, archive, '-q']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`${broken}  error  truncated archive: it ends inside an entry`);
    expect(run.stdout).toMatch(/no-setuid-files/);
  });

  it('writes nothing to disk: neither where it runs nor in the temporary directory', () => {
    const cwd = join(dir, 'empty-cwd');
    const temp = join(dir, 'empty-tmp');
    mkdirSync(cwd);
    mkdirSync(temp);
    const run = hullcheck(['image', archive, layout, '--format', 'json'], { cwd, env: { TMPDIR: temp } });
    expect(run.code).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('writes and applies a baseline', () => {
    const baseline = join(dir, 'baseline.json');
    expect(hullcheck(['image', archive, '--write-baseline', baseline]).code).toBe(0);
    const run = hullcheck(['image', archive, '--baseline', baseline, '--format', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });
});

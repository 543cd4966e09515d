import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hullcheck, repoRoot } from './run-cli.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-report-options-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const DOCKERFILE = 'FROM alpine:3.20\nHEALTHCHECK CMD true\nRUN sudo apk add --no-cache curl\nUSER app\n';
const UNPINNED_MESSAGE = 'base image "alpine:3.20" is pinned to a tag, not a digest: the tag can be moved to other content';
const SUDO_MESSAGE = 'sudo in a build step: switch users with USER instead of shipping a sudo-capable account';

function writeDockerfile(text: string = DOCKERFILE): void {
  writeFileSync(join(dir, 'Dockerfile'), text);
}

function scan(...args: string[]) {
  return hullcheck(['scan', '.', ...args], { cwd: dir });
}

describe('--format junit and markdown', () => {
  it('writes JUnit XML with a failing case per rule that found something, and exits by --fail-on', () => {
    writeDockerfile();
    const run = scan('--format', 'junit');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="hullcheck" tests="\d+" failures="2" errors="0">\n/);
    expect(run.stdout).toContain(
      `    <testcase classname="Dockerfile" name="no-sudo">\n      <failure message="${SUDO_MESSAGE}" type="medium">Dockerfile:3:5 medium ${SUDO_MESSAGE}</failure>\n    </testcase>\n`,
    );
    expect(run.stdout).toContain('<testcase classname="Dockerfile" name="require-healthcheck"/>');
    expect(scan('--format', 'junit', '--fail-on', 'high').code).toBe(0);
  });

  it('writes a Markdown table for scan-run', () => {
    const docs = 'https://github.example/acme/hullcheck/blob/main/docs/rules/';
    const run = hullcheck(['scan-run', '--format', 'markdown', '--docs-url', docs, '--', 'docker', 'run', '--privileged', 'alpine:3.20']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^### hullcheck: \d+ findings \(1 critical, /);
    expect(run.stdout).toContain(
      `| critical | [no-privileged](${docs}no-privileged.md) | command-line:1:12 | container "docker run" runs privileged: it has full access to the host |\n`,
    );
  });
});

describe('baselines', () => {
  it('--write-baseline writes the fingerprints instead of a report and exits 0', () => {
    writeDockerfile();
    const run = scan('--write-baseline', 'baseline.json');
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'hullcheck: wrote a baseline of 2 findings to baseline.json\n' });
    const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as { version: number; tool: unknown; entries: { ruleId: string; file: string; fingerprint: string }[] };
    expect(baseline.version).toBe(1);
    expect(baseline.tool).toEqual({ name: 'hullcheck', version: '0.1.0' });
    expect(baseline.entries.map((e) => [e.file, e.ruleId])).toEqual([
      ['Dockerfile', 'no-sudo'],
      ['Dockerfile', 'no-unpinned-base-image'],
    ]);
    expect(baseline.entries.every((e) => /^[0-9a-f]{32}$/.test(e.fingerprint))).toBe(true);
  });

  it('--baseline leaves out known findings after lines move, and reports the one whose line changed', () => {
    writeDockerfile();
    expect(scan('--write-baseline', 'baseline.json').code).toBe(0);

    writeDockerfile(`\n\n# installs curl\n${DOCKERFILE}`);
    expect(scan('--baseline', 'baseline.json')).toEqual({ code: 0, stdout: 'no findings in 1 input; 2 baselined\n', stderr: '' });

    writeDockerfile(DOCKERFILE.replace('--no-cache curl', '--no-cache curl git'));
    expect(scan('--baseline', 'baseline.json')).toEqual({
      code: 1,
      stdout: `Dockerfile\nDockerfile:3:5  medium  no-sudo  ${SUDO_MESSAGE}\n\n1 finding (1 medium) in 1 input; 1 baselined\n`,
      stderr: '',
    });
    const json = JSON.parse(scan('--baseline', 'baseline.json', '--format', 'json').stdout) as { summary: { findings: number; baselined: number } };
    expect(json.summary).toMatchObject({ findings: 1, baselined: 1 });
  });

  it('marks SARIF results new or unchanged against the baseline', () => {
    writeDockerfile();
    scan('--write-baseline', 'baseline.json');
    writeDockerfile(DOCKERFILE.replace('--no-cache curl', '--no-cache curl git'));
    const log = JSON.parse(scan('--baseline', 'baseline.json', '--format', 'sarif').stdout) as { runs: { results: { ruleId: string; baselineState: string }[] }[] };
    expect(log.runs[0]?.results.map((r) => [r.ruleId, r.baselineState])).toEqual([
      ['no-sudo', 'new'],
      ['no-unpinned-base-image', 'unchanged'],
    ]);
  });

  it('exits 2 with one clear line for a missing or malformed baseline', () => {
    writeDockerfile();
    expect(scan('--baseline', 'missing.json')).toEqual({ code: 2, stdout: '', stderr: 'hullcheck: error: baseline missing.json: no such file\n' });
    writeFileSync(join(dir, 'bad.json'), '{"version":1,"entries":{}}');
    expect(scan('--baseline', 'bad.json')).toEqual({ code: 2, stdout: '', stderr: 'hullcheck: error: baseline bad.json: "entries" must be a list\n' });
  });
});

describe('--severity and --quiet', () => {
  it('--severity reports only findings at or above the level, and the exit code follows', () => {
    writeDockerfile();
    expect(scan('--severity', 'medium')).toEqual({
      code: 1,
      stdout: `Dockerfile\nDockerfile:3:5  medium  no-sudo  ${SUDO_MESSAGE}\n\n1 finding (1 medium) in 1 input\n`,
      stderr: '',
    });
    expect(scan('--severity', 'high')).toEqual({ code: 0, stdout: 'no findings in 1 input\n', stderr: '' });
    expect(scan('--severity', 'urgent').code).toBe(2);
  });

  it('--quiet prints only the findings in text, and leaves other formats alone', () => {
    writeDockerfile();
    expect(scan('--quiet')).toEqual({
      code: 1,
      stdout: `Dockerfile\nDockerfile:1:6  info  no-unpinned-base-image  ${UNPINNED_MESSAGE}\nDockerfile:3:5  medium  no-sudo  ${SUDO_MESSAGE}\n`,
      stderr: '',
    });
    expect(scan('-q', '--severity', 'high')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(scan('--quiet', '--format', 'json').stdout).toBe(scan('--format', 'json').stdout);
  });

  it('audit has the same options', () => {
    const help = hullcheck(['audit', '--help']).stdout;
    for (const option of ['--severity <level>', '-q, --quiet', '--baseline <file>', '--write-baseline <file>', 'junit', 'markdown']) {
      expect(help).toContain(option);
    }
  });
});

describe('--format html', () => {
  it('writes one self-contained page with a row per finding, and exits by --fail-on', () => {
    writeDockerfile();
    const run = scan('--format', 'html', '--output', join(dir, 'report.html'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain(SUDO_MESSAGE);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
  });
});

describe('--verbose', () => {
  it('prints each finding\'s fix and its rule\'s documentation under it, in the text format', () => {
    writeDockerfile();
    const run = scan('--verbose');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `Dockerfile:3:5  medium  no-sudo  ${SUDO_MESSAGE}\n` +
        '    fix: run the step under USER root and drop sudo\n' +
        `    docs: ${pathToFileURL(join(repoRoot, 'docs/rules/no-sudo.md')).href} (or: hullcheck explain no-sudo)\n`,
    );
    expect(scan('--verbose', '--docs-url', 'https://mirror.example/rules').stdout).toContain(
      '    docs: https://mirror.example/rules/no-sudo.md (or: hullcheck explain no-sudo)\n',
    );
    expect(scan().stdout).not.toContain('    docs: ');
  });
});

import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/facts/finding.js';
import { SEVERITY_COLORS } from '../../src/report/html-chart.js';
import { jsonForScript } from '../../src/report/html-escape.js';
import { renderHtml, type SourceReader } from '../../src/report/html.js';
import type { ReportOptions } from '../../src/report/options.js';
import { MAX_SOURCE_BYTES, excerpt, fileSourceReader } from '../../src/report/source-excerpt.js';
import type { ScanResult } from '../../src/scan/result.js';
import { fixtureRules, healthcheck, pinned, privileged, sampleResult } from '../fixtures/report/scan-result.js';

const options: ReportOptions = { color: false, showSuppressed: false, rules: fixtureRules, toolVersion: '0.1.0', docsUrl: 'https://docs.example/hullcheck/rules/' };
const DOCKERFILE = ['FROM node:latest', 'WORKDIR /app', 'COPY . .', 'ADD https://x/y.tgz /', 'RUN make', 'USER app', 'EXPOSE 80', 'CMD ["node"]', 'ENV A=1', 'LABEL x=y'].join('\n');
const sources: SourceReader = (file) => (file === 'Dockerfile' ? DOCKERFILE : undefined);

function html(result: ScanResult, overrides: Partial<ReportOptions> = {}, readSource: SourceReader = sources): string {
  return renderHtml(result, { ...options, ...overrides }, readSource);
}

function rows(page: string): string[] {
  return page.match(/<tr class="finding[^"]*">.*?<\/tr>/gs) ?? [];
}

function dataJson(page: string): string {
  const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page);
  if (!match?.[1]) throw new Error('no report data');
  return match[1];
}

const hostile: Finding = {
  ruleId: 'pin-base-image',
  severity: 'high',
  message: '<script>alert(1)</script> and </script><script>alert(2)</script> \u2028 <!-- & "quotes"',
  at: { file: '<img src=x onerror=alert(3)>.Dockerfile', line: 2, column: 1 },
};

describe('HTML report', () => {
  it('is one self-contained page: doctype, inline style and script, a CSP that forbids fetching', () => {
    const page = html(sampleResult());
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page.match(/<script[ >]/g)).toHaveLength(2);
    expect(page.endsWith('</html>\n')).toBe(true);
  });

  it('loads nothing from outside the page, and links out only to rule documentation', () => {
    const page = html(sampleResult(), { showSuppressed: true });
    // The fixture's Dockerfile and rule example mention https:// URLs: as text they are fine.
    expect(page).toContain('ADD https://x/y.tgz /');
    expect(page).not.toMatch(/\b(?:src|action|srcset|poster|data)\s*=/i);
    expect(page).not.toMatch(/<link\b|url\(|@import|fetch\(|XMLHttpRequest/i);
    const targets = new Set([...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]));
    expect([...targets].sort()).toEqual([
      '#errors',
      'https://docs.example/hullcheck/rules/no-add-instruction.md',
      'https://docs.example/hullcheck/rules/pin-base-image.md',
      'https://docs.example/hullcheck/rules/require-healthcheck.md',
    ]);
  });

  it('is deterministic', () => {
    expect(html(sampleResult())).toBe(html(sampleResult()));
  });

  it('counts findings by severity in the summary, leaving suppressed ones out', () => {
    const page = html(sampleResult());
    expect(page).toContain('<p class="totals"><strong id="finding-count">3</strong> findings in 3 inputs · 1 suppressed · <a href="#errors">2 input errors</a></p>');
    const severityCounts = [...page.matchAll(/data-severity-count="(\w+)">(\d+)</g)].map((m) => `${m[1]}=${m[2]}`);
    expect(severityCounts).toEqual(['critical=1', 'high=1', 'medium=0', 'low=1', 'info=0']);
  });

  it('draws the charts as inline SVG, one bar per severity and per rule that fired', () => {
    const page = html(sampleResult());
    const charts = page.match(/<svg class="chart".*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(2);
    expect(charts[0]).toContain('<title>Findings by severity: critical: 1, high: 1, medium: 0, low: 1, info: 0</title>');
    expect(charts[0]?.match(/<rect /g)).toHaveLength(5);
    expect(charts[1]).toContain('<title>Findings by rule: no-privileged: 1, pin-base-image: 1, require-healthcheck: 1</title>');
    expect(charts[1]).toContain(`<rect x="240" y="4" width="220" height="14" fill="${SEVERITY_COLORS.critical}"></rect>`);
  });

  it('renders one row per listed finding, and one data entry per row', () => {
    expect(rows(html(sampleResult()))).toHaveLength(3);
    const withSuppressed = html(sampleResult(), { showSuppressed: true });
    expect(rows(withSuppressed)).toHaveLength(4);
    expect(rows(withSuppressed)[1]).toMatch(/^<tr class="finding suppressed">.*<span class="tag">suppressed<\/span>/);
    const data = JSON.parse(dataJson(withSuppressed)) as Array<{ ruleId: string; location: string }>;
    expect(data.map((row) => `${row.ruleId} ${row.location}`)).toEqual([
      'pin-base-image Dockerfile:1:6',
      'no-add-instruction Dockerfile:4:1',
      'require-healthcheck Dockerfile:9:1',
      'no-privileged container:web HostConfig.Privileged',
    ]);
  });

  it('expands a file finding to its facts, the source lines around it, and the rule docs', () => {
    const row = rows(html({ ...sampleResult(), findings: [pinned] }))[0];
    expect(row).toBe(
      '<tr class="finding"><td><span class="sev sev-high">high</span></td>' +
        '<td><a class="rule-link" href="https://docs.example/hullcheck/rules/pin-base-image.md"><code>pin-base-image</code></a></td>' +
        '<td class="loc">Dockerfile:1:6</td><td><details><summary>base image &quot;node:latest&quot; is not pinned to a digest</summary>' +
        '<div class="detail"><dl class="facts"><dt>Subject</dt><dd>build</dd><dt>Suggested change</dt><dd>pin the image to a digest: node:22@sha256:...</dd>' +
        '<dt>Fingerprint</dt><dd>5f1c0a9e2b7d4c31</dd></dl>' +
        '<h4>Source</h4><pre class="source"><mark><span class="ln">1</span>FROM node:latest</mark>\n<span><span class="ln">2</span>WORKDIR /app</span>\n' +
        '<span><span class="ln">3</span>COPY . .</span>\n<span><span class="ln">4</span>ADD https://x/y.tgz /</span></pre>' +
        '<h4>Fixture rule pin-base-image <span class="cis">CIS 4.2</span></h4>' +
        '<h5>Why</h5><p class="why">Why pin-base-image matters.</p><h5>Fix</h5><p class="fix">How to fix pin-base-image.</p>' +
        '<div class="example"><div><h5>Bad</h5><pre class="bad"><code>FROM node:latest\nADD https://x/y.tgz /</code></pre></div>' +
        '<div><h5>Good</h5><pre class="good"><code>FROM node:22@sha256:abc</code></pre></div></div>' +
        '<p class="docs-link"><a href="https://docs.example/hullcheck/rules/pin-base-image.md">Full documentation of pin-base-image</a></p>' +
        '</div></details></td></tr>',
    );
  });

  it('marks every line of a multi-line finding and shows three lines either side', () => {
    const spanning: Finding = { ...healthcheck, at: { file: 'Dockerfile', line: 5, column: 1, endLine: 6, endColumn: 9 } };
    const row = rows(html({ ...sampleResult(), findings: [spanning] }))[0] ?? '';
    const source = /<pre class="source">(.*?)<\/pre>/s.exec(row)?.[1] ?? '';
    const shown = [...source.matchAll(/<(mark|span)><span class="ln">(\d+)<\/span>/g)].map((m) => `${m[2]}${m[1] === 'mark' ? '*' : ''}`);
    expect(shown).toEqual(['2', '3', '4', '5*', '6*', '7', '8', '9']);
  });

  it('expands a live finding to the inspect field of its object, without reading a file', () => {
    const asked: string[] = [];
    const page = html({ ...sampleResult(), findings: [privileged] }, {}, (file) => (asked.push(file), undefined));
    expect(asked).toEqual([]);
    expect(rows(page)[0]).toContain(
      '<td class="loc">container:web HostConfig.Privileged</td>' +
        '<td><details><summary>container &quot;web&quot; runs privileged: it has full access to the host</summary><div class="detail">' +
        '<dl class="facts"><dt>Subject</dt><dd>web</dd><dt>Suggested change</dt><dd>remove privileged mode and add only the capabilities the workload needs</dd>' +
        '<dt>Fingerprint</dt><dd>c0ffee00deadbeef</dd></dl>' +
        '<h4>Inspect field</h4><p class="inspect"><code>HostConfig.Privileged</code> of <code>container:web</code></p>' +
        '<p class="no-docs">No documentation for rule <code>no-privileged</code>.</p></div></details></td></tr>',
    );
  });

  it('expands an image finding to the file it names inside the image', () => {
    const setuid: Finding = { ...privileged, ruleId: 'no-setuid-files', subject: 'app:1', at: { file: 'image:app:1@4773cd9357e6', line: 0, column: 0, path: '/usr/bin/su' } };
    const page = html({ ...sampleResult(), findings: [setuid] }, {}, () => undefined);
    expect(rows(page)[0]).toContain(
      '<h4>File in the image</h4><p class="inspect"><code>/usr/bin/su</code> of <code>image:app:1@4773cd9357e6</code></p>',
    );
  });

  it('leaves the source out when the file cannot be read or the line is past its end', () => {
    const gone = html({ ...sampleResult(), findings: [pinned] }, {}, () => undefined);
    expect(gone).not.toContain('<pre class="source">');
    const pastEnd = html({ ...sampleResult(), findings: [{ ...pinned, at: { ...pinned.at, line: 99 } }] });
    expect(pastEnd).not.toContain('<pre class="source">');
  });

  it('escapes hostile messages and file names everywhere, and they cannot end the data script', () => {
    const result: ScanResult = { findings: [hostile], errors: [{ file: '<b>x</b>', message: '</script><i>' }], inputs: [{ path: '"><svg onload=alert(4)>', kind: 'dockerfile' }] };
    const page = html(result);
    expect(page).not.toMatch(/<script>alert|<img|<svg onload|<b>x|<i>/);
    expect(page).toContain('<summary>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; \u2028 &lt;!-- &amp; &quot;quotes&quot;</summary>');
    expect(page).toContain('<td class="loc">&lt;img src=x onerror=alert(3)&gt;.Dockerfile:2:1</td>');
    expect(page).toContain('<option value="&lt;img src=x onerror=alert(3)&gt;.Dockerfile">&lt;img src=x onerror=alert(3)&gt;.Dockerfile (1)</option>');
    expect(page).toContain('<li><code>&lt;b&gt;x&lt;/b&gt;</code> &lt;/script&gt;&lt;i&gt;</li>');
    const data = dataJson(page);
    expect(data).not.toMatch(/[<>\u2028\u2029]/);
    expect((JSON.parse(data) as Array<{ message: string; target: string }>)[0]).toMatchObject({ message: hostile.message, target: hostile.at.file });
    expect(page.match(/<\/script>/g)).toHaveLength(2);
  });

  it('lists input errors with their position', () => {
    expect(html(sampleResult())).toContain(
      '<section id="errors" aria-labelledby="errors-title"><h2 id="errors-title">Input errors</h2><ul class="errors">' +
        '<li><code>broken.yaml:4:3</code> YAML parse error: unexpected end of flow sequence</li>' +
        '<li><code>missing.Dockerfile</code> ENOENT: no such file or directory</li></ul></section>',
    );
  });

  it('says so when there is nothing to report, with no table and no error section', () => {
    const page = html({ findings: [], errors: [], inputs: [{ path: 'Dockerfile', kind: 'dockerfile' }] });
    expect(page).toContain('<section id="findings"><h2>Findings</h2><p class="empty">No findings.</p></section>');
    expect(page).toContain('<strong id="finding-count">0</strong> findings in 1 input</p>');
    expect(page).not.toContain('<table');
    expect(page).not.toContain('id="errors"');
    expect(dataJson(page)).toBe('[]');
  });

  it('offers filters for the severities, rules and targets present, hidden until the script runs', () => {
    const page = html(sampleResult());
    const controls = /<div class="controls" id="controls" hidden>.*?<\/div>/s.exec(page)?.[0] ?? '';
    expect([...controls.matchAll(/name="severity" value="(\w+)"> \w+ \((\d+)\)/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['critical:1', 'high:1', 'low:1']);
    expect([...controls.matchAll(/<option value="([^"]+)">/g)].map((m) => m[1])).toEqual([
      'no-privileged',
      'pin-base-image',
      'require-healthcheck',
      'Dockerfile',
      'container:web',
    ]);
  });

  it('has a print stylesheet that opens every finding and hides the controls', () => {
    const page = html(sampleResult());
    const print = /@media print\{(.*?)\n\}/s.exec(page)?.[1] ?? '';
    expect(print).toContain('.controls,.shown');
    expect(print).toContain('details::details-content{content-visibility:visible;display:block}');
    expect(page).toContain("window.addEventListener('beforeprint'");
  });
});

describe('severity colours', () => {
  function luminance(hex: string): number {
    const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  it('each reach 4.5:1 against white, for white badge text and bars on the page', () => {
    for (const color of Object.values(SEVERITY_COLORS)) expect(1.05 / (luminance(color) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('jsonForScript', () => {
  it('escapes what could end or change a script element, and stays the same JSON', () => {
    const value = { text: '</script><!-- a & b \u2028\u2029 >' };
    const json = jsonForScript(value);
    expect(json).toBe('{"text":"\\u003c/script\\u003e\\u003c!-- a \\u0026 b \\u2028\\u2029 \\u003e"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('source excerpts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-html-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads small files relative to the root, once each', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM a\r\nRUN b\n');
    const read = fileSourceReader(dir);
    expect(read('Dockerfile')).toBe('FROM a\r\nRUN b\n');
    rmSync(join(dir, 'Dockerfile'));
    expect(read('Dockerfile')).toBe('FROM a\r\nRUN b\n');
    expect(read('missing')).toBeUndefined();
    expect(read('.')).toBeUndefined();
  });

  it('by default shows files under srcRoot, but not standard input or a docker run line of the same name', () => {
    for (const name of ['Dockerfile', '-', 'command-line']) writeFileSync(join(dir, name), 'FROM a\n');
    const at = (file: string): Finding => ({ ...pinned, at: { file, line: 1, column: 1 } });
    const result: ScanResult = {
      findings: [at('Dockerfile'), at('-'), at('command-line')],
      errors: [],
      inputs: [{ path: 'command-line', kind: 'run' }],
    };
    const page = renderHtml(result, { ...options, srcRoot: dir });
    expect(rows(page).map((row) => row.includes('<pre class="source">'))).toEqual([true, false, false]);
  });

  it('skips files over 8 MiB', () => {
    writeFileSync(join(dir, 'big'), '');
    truncateSync(join(dir, 'big'), MAX_SOURCE_BYTES + 1);
    expect(fileSourceReader(dir)('big')).toBeUndefined();
  });

  it('takes three lines either side, clipped to the file, and splits CRLF lines', () => {
    expect(excerpt('a\r\nb\r\nc', 1)).toEqual([
      { number: 1, text: 'a', marked: true },
      { number: 2, text: 'b', marked: false },
      { number: 3, text: 'c', marked: false },
    ]);
    expect(excerpt('1\n2\n3\n4\n5\n6\n7\n8\n9', 9).map((line) => line.number)).toEqual([6, 7, 8, 9]);
    expect(excerpt('a', 0)).toEqual([]);
    expect(excerpt('a', 2)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/facts/finding.js';
import { renderReport, type ReportOptions } from '../../src/report/index.js';
import { escapeMarkdown, MARKDOWN_MAX_ROWS } from '../../src/report/markdown.js';
import type { ScanResult } from '../../src/scan/result.js';
import { fixtureRules, healthcheck, sampleResult } from '../fixtures/report/scan-result.js';

const options: ReportOptions = { color: true, showSuppressed: false, rules: fixtureRules, toolVersion: '0.1.0', docsUrl: 'https://docs.example/hullcheck/rules/' };

function markdown(result: ScanResult = sampleResult(), overrides: Partial<ReportOptions> = {}): string {
  return renderReport('markdown', result, { ...options, ...overrides });
}

describe('markdown report', () => {
  it('has a heading with counts by severity, a table most severe first, then the input errors', () => {
    expect(markdown()).toBe(
      [
        '### hullcheck: 3 findings (1 critical, 1 high, 1 low)',
        '3 inputs scanned, 2 input errors, 1 suppressed',
        '',
        '| severity | rule | location | message |',
        '|---|---|---|---|',
        '| critical | no-privileged | container:web HostConfig.Privileged | container "web" runs privileged: it has full access to the host |',
        '| high | [pin-base-image](https://docs.example/hullcheck/rules/pin-base-image.md) | Dockerfile:1:6 | base image "node:latest" is not pinned to a digest |',
        '| low | [require-healthcheck](https://docs.example/hullcheck/rules/require-healthcheck.md) | Dockerfile:9:1 | no HEALTHCHECK instruction |',
        '',
        '**Input errors**',
        '',
        '- broken.yaml:4:3: YAML parse error: unexpected end of flow sequence',
        '- missing.Dockerfile: ENOENT: no such file or directory',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing was found, with no table', () => {
    expect(markdown({ findings: [], errors: [], inputs: [{ path: 'Dockerfile', kind: 'dockerfile' }] })).toBe(
      '### hullcheck: no findings\n1 input scanned\n',
    );
  });

  it('lists suppressed findings with their reason when asked, and counts baselined ones', () => {
    const out = markdown({ ...sampleResult(), baselined: [healthcheck] }, { showSuppressed: true });
    expect(out).toContain(
      '| medium | [no-add-instruction](https://docs.example/hullcheck/rules/no-add-instruction.md) | Dockerfile:4:1 | ADD fetches a remote URL; use curl with a checksum instead \\(suppressed: archive is verified by checksum\\) |',
    );
    expect(out.split('\n')[1]).toBe('3 inputs scanned, 2 input errors, 1 baselined, 1 suppressed');
  });

  it(`shows at most ${MARKDOWN_MAX_ROWS} rows and says how many more there are`, () => {
    const many: Finding[] = Array.from({ length: MARKDOWN_MAX_ROWS + 5 }, (_, i) => ({ ...healthcheck, at: { file: 'Dockerfile', line: i + 1, column: 1 } }));
    const lines = markdown({ findings: many, errors: [], inputs: [] }).split('\n');
    expect(lines.filter((line) => line.startsWith('| low |'))).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(lines.at(-4)).toBe(`| low | [require-healthcheck](https://docs.example/hullcheck/rules/require-healthcheck.md) | Dockerfile:${MARKDOWN_MAX_ROWS}:1 | no HEALTHCHECK instruction |`);
    expect(lines.slice(-2)).toEqual(['…and 5 more not shown here.', '']);
  });

  it('keeps a message with pipes, newlines and markup inside its cell', () => {
    const hostile: Finding = { ...healthcheck, message: 'a | b\nc <img src=x> [link](http://x) *em* `code`' };
    const row = markdown({ findings: [hostile], errors: [], inputs: [] }).split('\n')[5];
    expect(row).toBe(
      '| low | [require-healthcheck](https://docs.example/hullcheck/rules/require-healthcheck.md) | Dockerfile:9:1 | a \\| b<br>c \\<img src=x\\> \\[link\\]\\(http://x\\) \\*em\\* \\`code\\` |',
    );
    expect(row?.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });

  it('escapes backslashes first, so an escape in the text cannot undo one of ours', () => {
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeMarkdown('x\r\ny\rz')).toBe('x<br>y<br>z');
  });
});

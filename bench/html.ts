// The HTML report part of the benchmarks: the report of scanning the shared corpus,
// opened from a file in Debian's headless chromium through playwright-core. Measures
// the time to load the page and to apply a filter. Returns a Markdown section.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../src/report/html.js';
import { rules } from '../src/rules/index.js';
import { scanFiles } from '../src/scan/scan.js';
import type { ScanResult } from '../src/scan/result.js';
import { VERSION } from '../src/version.js';
import { median } from './stats.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const RUNS = 5;

export interface ReportTiming {
  bytes: number;
  rows: number;
  /** From navigation start to the load event, as the page's own Navigation Timing reports it. */
  loadMs: number;
  /** Ticking a severity box until the next frame is painted. */
  severityFilterMs: number;
  /** Typing in the text box until the rows change, the 150 ms debounce included. */
  textFilterMs: number;
}

/** Tests and benchmarks run as root in a container, where chromium's sandbox cannot start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

export function writeReport(html: string): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function renderForBrowser(result: ScanResult, srcRoot: string): string {
  return renderHtml(result, { rules, color: false, showSuppressed: false, toolVersion: VERSION, srcRoot });
}

/** Opens the report in a fresh page and times loading it and filtering it once each way. */
export async function timeReport(browser: Browser, file: string): Promise<ReportTiming> {
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const loadMs = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return navigation ? navigation.loadEventEnd - navigation.startTime : Number.NaN;
    });
    const rows = await page.locator('#findings-table tbody tr').count();
    return { bytes: statSync(file).size, rows, loadMs, severityFilterMs: await timeSeverityFilter(page), textFilterMs: await timeTextFilter(page) };
  } finally {
    await page.close();
  }
}

function timeSeverityFilter(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const box = document.querySelector<HTMLInputElement>('input[name=severity]');
    if (!box) return Number.NaN;
    const start = performance.now();
    box.click();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const ms = performance.now() - start;
    box.click();
    return ms;
  });
}

function timeTextFilter(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('#filter-text');
    const count = document.querySelector('#visible-count');
    if (!input || !count) return Number.NaN;
    const before = count.textContent;
    const start = performance.now();
    input.value = 'zz-matches-nothing';
    input.dispatchEvent(new Event('input'));
    while (count.textContent === before) await new Promise((resolve) => setTimeout(resolve, 1));
    return performance.now() - start;
  });
}


/** Scans `corpus` and renders its HTML report; the source files are read from the corpus. */
export async function corpusReport(corpus: string): Promise<{ html: string; findings: number; inputs: number }> {
  const result = await scanFiles([corpus], { cwd: corpus });
  return { html: renderForBrowser(result, corpus), findings: result.findings.length, inputs: result.inputs.length };
}

/** Median of RUNS openings of the corpus report in one browser. */
export async function timeCorpusReport(corpus: string): Promise<ReportTiming & { findings: number; inputs: number; chromium: string }> {
  const report = await corpusReport(corpus);
  const { file, cleanup } = writeReport(report.html);
  const browser = await launchChromium();
  try {
    const timings: ReportTiming[] = [];
    for (let run = 0; run < RUNS; run++) timings.push(await timeReport(browser, file));
    return {
      findings: report.findings,
      inputs: report.inputs,
      chromium: browser.version(),
      bytes: Buffer.byteLength(report.html),
      rows: timings[0]?.rows ?? 0,
      loadMs: median(timings.map((t) => t.loadMs)),
      severityFilterMs: median(timings.map((t) => t.severityFilterMs)),
      textFilterMs: median(timings.map((t) => t.textFilterMs)),
    };
  } finally {
    await browser.close();
    cleanup();
  }
}

export async function htmlBenchmark(root: string): Promise<string> {
  const corpus = process.env.HULLCHECK_CORPUS ?? join(root, '../shared/corpus');
  const t = await timeCorpusReport(corpus);
  return `## HTML report in Chromium

The HTML report (\`--format html\`) of scanning the corpus (${t.inputs} inputs, ${t.findings} findings, ${t.rows} rows,
${(t.bytes / 1024).toFixed(0)} KiB), written to a file and opened with \`file://\` in headless Chromium ${t.chromium}
(Debian's \`chromium\`, driven by playwright-core). Median of ${RUNS} page loads in one browser.

| measure | ms |
|---|---:|
| load (navigation start to load event) | ${t.loadMs.toFixed(0)} |
| tick a severity filter, until the next frame | ${t.severityFilterMs.toFixed(1)} |
| type in the text filter, until the rows change (150 ms debounce included) | ${t.textFilterMs.toFixed(0)} |
`;
}

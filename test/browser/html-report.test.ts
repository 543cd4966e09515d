import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, corpusReport, launchChromium, renderForBrowser, timeReport, writeReport } from '../../bench/html.js';
import { SEVERITIES, type Finding } from '../../src/facts/finding.js';
import { findRule, rules } from '../../src/rules/index.js';
import type { ScanResult } from '../../src/scan/result.js';
import { scanFiles } from '../../src/scan/scan.js';

const root = join(import.meta.dirname, '../..');
const corpus = join(root, '../shared/corpus');
const screenshot = join(root, 'test-output/html-report.png');
const VISIBLE_ROWS = '#findings-table tbody tr:not([hidden])';

// scripts/engine.sh installs chromium before `npm test`; only a developer's machine without it may skip.
const skip = !existsSync(CHROMIUM_PATH) && !process.env.CI;

interface OpenReport {
  page: Page;
  errors: string[];
}

async function open(browser: Browser, file: string, javaScriptEnabled = true): Promise<OpenReport> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors };
}

function visibleSeverities(page: Page): Promise<string[]> {
  return page.locator(`${VISIBLE_ROWS} .sev`).allTextContents();
}

function syntheticResult(count: number): ScanResult {
  const findings: Finding[] = Array.from({ length: count }, (_, index) => {
    const rule = rules[index % rules.length]!;
    const live = index % 3 === 0;
    return {
      ruleId: rule.meta.id,
      severity: SEVERITIES[index % SEVERITIES.length]!,
      message: `synthetic finding ${index} of ${rule.meta.id}`,
      at: live
        ? { file: `container:app-${index % 50}@${(index * 7919).toString(16).padStart(12, '0')}`, line: 0, column: 0, path: 'HostConfig.Privileged' }
        : { file: `synthetic/${index % 200}/Dockerfile`, line: 1 + (index % 40), column: 1 },
    };
  });
  return { findings, errors: [], inputs: [{ path: 'synthetic', kind: 'dockerfile' }] };
}

describe.skipIf(skip)('HTML report in Chromium', () => {
  let browser: Browser;
  let examples: ScanResult;
  let report: { file: string; cleanup: () => void };
  let active: Finding[];

  beforeAll(async () => {
    browser = await launchChromium();
    examples = await scanFiles([join(root, 'examples')], { cwd: root });
    active = examples.findings.filter((finding) => !finding.suppressed);
    report = writeReport(renderForBrowser(examples, root));
  });

  afterAll(async () => {
    await browser?.close();
    report?.cleanup();
  });

  it('loads the report of examples/ with no console errors and shows every finding', async () => {
    const { page, errors } = await open(browser, report.file);
    expect(active.length).toBeGreaterThan(10);
    expect(await page.locator('#finding-count').textContent()).toBe(String(active.length));
    expect(await page.locator(VISIBLE_ROWS).count()).toBe(active.length);
    expect(await page.locator('#visible-count').textContent()).toBe(String(active.length));
    expect(await page.locator('#controls').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shows only the ticked severity, and all rows again when it is unticked', async () => {
    const { page, errors } = await open(browser, report.file);
    const high = active.filter((finding) => finding.severity === 'high').length;
    expect(high).toBeGreaterThan(0);
    await page.locator('input[name=severity][value=high]').check();
    expect(await page.locator(VISIBLE_ROWS).count()).toBe(high);
    expect(new Set(await visibleSeverities(page))).toEqual(new Set(['high']));
    expect(await page.locator('#visible-count').textContent()).toBe(String(high));
    await page.locator('input[name=severity][value=high]').uncheck();
    expect(await page.locator(VISIBLE_ROWS).count()).toBe(active.length);
    expect(errors).toEqual([]);
  });

  it('narrows the rows to those containing the typed text, and by rule and target', async () => {
    const { page } = await open(browser, report.file);
    const ruleId = 'no-privileged';
    const expected = active.filter((finding) => `${finding.ruleId} ${finding.message}`.toLowerCase().includes(ruleId)).length;
    expect(expected).toBeGreaterThan(0);
    await page.locator('#filter-text').pressSequentially(ruleId);
    await expect.poll(() => page.locator(VISIBLE_ROWS).count()).toBe(expected);
    await page.locator('#filter-text').fill('');
    await expect.poll(() => page.locator(VISIBLE_ROWS).count()).toBe(active.length);

    await page.locator('#filter-rule').selectOption(ruleId);
    expect(await page.locator(VISIBLE_ROWS).count()).toBe(active.filter((finding) => finding.ruleId === ruleId).length);
    await page.locator('#filter-rule').selectOption('');
    const target = 'examples/compose.yaml';
    await page.locator('#filter-target').selectOption(target);
    expect(await page.locator(VISIBLE_ROWS).count()).toBe(active.filter((finding) => finding.at.file === target).length);
  });

  it('sorts by severity, most severe first, then reverses on a second click', async () => {
    const { page } = await open(browser, report.file);
    const ranks = async () => (await visibleSeverities(page)).map((severity) => SEVERITIES.indexOf(severity as Finding['severity']));
    await page.getByRole('button', { name: 'Severity' }).click();
    const descending = await ranks();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await page.getByRole('button', { name: 'Severity' }).click();
    const ascending = await ranks();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await page.locator('th[data-sort=severity]').getAttribute('aria-sort')).toBe('descending');
  });

  it("expands a finding to the rule's fix and the source lines, and takes a screenshot", async () => {
    const { page, errors } = await open(browser, report.file);
    const first = active[0]!;
    const fix = findRule(first.ruleId)?.meta.docs.fix ?? '';
    const row = page.locator('#findings-table tbody tr').first();
    expect(await row.locator('.fix').isVisible()).toBe(false);
    await row.locator('summary').click();
    expect(await row.locator('.fix').isVisible()).toBe(true);
    expect(await row.locator('.fix').textContent()).toBe(fix);
    expect(await row.locator('pre.source mark').first().textContent()).toMatch(new RegExp(`^${first.at.line}`));
    mkdirSync(join(root, 'test-output'), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shows the summary, chart, rows and expandable details with JavaScript disabled', async () => {
    const { page } = await open(browser, report.file, false);
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('svg.chart').count()).toBe(2);
    expect(await page.locator('#findings-table tbody tr').count()).toBe(active.length);
    const row = page.locator('#findings-table tbody tr').first();
    await row.locator('summary').click();
    expect(await row.locator('.fix').isVisible()).toBe(true);
  });

  it('opens every finding when printed, without the controls', async () => {
    const { page } = await open(browser, report.file);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await page.locator('#findings-table tbody tr .why').last().isVisible()).toBe(true);
  });

  it('loads a report of 5,000 findings quickly and filters it', { timeout: 60_000 }, async () => {
    const large = writeReport(renderForBrowser(syntheticResult(5000), root));
    try {
      const page = await (await browser.newContext()).newPage();
      const start = performance.now();
      await page.goto(pathToFileURL(large.file).href, { waitUntil: 'domcontentloaded' });
      const loadMs = performance.now() - start;
      console.log(`HTML report of 5,000 findings: domcontentloaded after ${loadMs.toFixed(0)} ms`);
      // Generous: the test machine is small and shared; a healthy run is well under this.
      expect(loadMs).toBeLessThan(10_000);
      expect(await page.locator('#findings-table tbody tr').count()).toBe(5000);
      await page.locator('input[name=severity][value=critical]').check();
      expect(await page.locator(VISIBLE_ROWS).count()).toBe(1000);
    } finally {
      large.cleanup();
    }
  });

  it.runIf(existsSync(corpus))('records the load time of the report of ../shared/corpus', { timeout: 120_000 }, async () => {
    const corpusHtml = await corpusReport(corpus);
    const written = writeReport(corpusHtml.html);
    try {
      const timing = await timeReport(browser, written.file);
      console.log(
        `HTML report of ../shared/corpus (${corpusHtml.findings} findings, ${(timing.bytes / 1024).toFixed(0)} KiB): ` +
          `load ${timing.loadMs.toFixed(0)} ms, severity filter ${timing.severityFilterMs.toFixed(1)} ms, text filter ${timing.textFilterMs.toFixed(0)} ms`,
      );
      expect(timing.rows).toBe(corpusHtml.findings);
    } finally {
      written.cleanup();
    }
  });
});

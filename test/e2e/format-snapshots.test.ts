import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { hullcheck, repoRoot } from './run-cli.js';

/**
 * Every report format of scanning the shipped examples/, compared with the
 * reviewed output in test/e2e/__snapshots__/. A change to any format shows up
 * here as a diff to review; update with `npx vitest run -u test/e2e/format-snapshots.test.ts`.
 */
const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;
const EXTENSIONS: Record<(typeof FORMATS)[number], string> = { text: 'txt', json: 'json', sarif: 'sarif', junit: 'xml', markdown: 'md', html: 'html' };

describe('report formats on examples/', () => {
  it.each(FORMATS)('%s', async (format) => {
    const run = hullcheck(['scan', 'examples', '--format', format]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    // The tool's version and the checkout's location would rewrite every snapshot on a release or in another clone.
    const output = run.stdout.replaceAll(VERSION, 'X.Y.Z').replaceAll(`file://${repoRoot}/`, 'file:///REPO/');
    await expect(output).toMatchFileSnapshot(`__snapshots__/examples.${EXTENSIONS[format]}`);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where reports link a rule's documentation page: `<base><rule-id>.md`.
 * The base is `--docs-url`, else HULLCHECK_DOCS_URL, else the docs/rules/
 * directory shipped inside the installed package (a file: URL, so the link
 * works offline on the machine that ran the scan). Teams that publish the
 * docs (a fork's GitHub tree, an intranet mirror) point the base there.
 */
export function docsBaseUrl(explicit?: string): string {
  const base = explicit ?? process.env.HULLCHECK_DOCS_URL ?? shippedDocsUrl();
  return base.endsWith('/') ? base : `${base}/`;
}

export function ruleDocsUrl(ruleId: string, base: string): string {
  return `${base}${encodeURIComponent(ruleId)}.md`;
}

let shipped: string | undefined;

function shippedDocsUrl(): string {
  shipped ??= pathToFileURL(join(packageRoot(dirname(fileURLToPath(import.meta.url))), 'docs', 'rules')).href;
  return shipped;
}

/** The nearest directory above `start` whose package.json names hullcheck (src/, dist/ and the bundle all live below it). */
function packageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isHullcheckManifest(manifest)) return dir;
    if (dirname(dir) === dir) return start;
  }
}

function isHullcheckManifest(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'hullcheck';
  } catch {
    return false;
  }
}

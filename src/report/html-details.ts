import type { Finding } from '../facts/finding.js';
import type { Location } from '../facts/location.js';
import type { RuleMeta } from '../rules/rule.js';
import { escapeHtml } from './html-escape.js';
import { excerpt, type SourceReader } from './source-excerpt.js';

/** What the expanded part of a finding shows: the rule's docs and where in the file or object it is. */
export function findingDetails(finding: Finding, meta: RuleMeta | undefined, readSource: SourceReader, docsUrl?: string): string {
  return [findingFacts(finding), whereSection(finding.at, readSource), ruleSection(finding.ruleId, meta, docsUrl)].join('');
}

function findingFacts(finding: Finding): string {
  const facts: Array<[string, string]> = [];
  if (finding.subject) facts.push(['Subject', finding.subject]);
  if (finding.fix) facts.push(['Suggested change', finding.fix.description]);
  if (finding.suppressed) facts.push(['Suppressed', finding.suppressed.reason]);
  if (finding.fingerprint) facts.push(['Fingerprint', finding.fingerprint]);
  if (facts.length === 0) return '';
  const rows = facts.map(([term, value]) => `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>`).join('');
  return `<dl class="facts">${rows}</dl>`;
}

function whereSection(at: Location, readSource: SourceReader): string {
  if (at.line < 1) return inspectField(at);
  const text = readSource(at.file);
  const lines = text === undefined ? [] : excerpt(text, at.line, at.endLine);
  if (lines.length === 0) return '';
  const rendered = lines
    .map((line) => {
      const content = `<span class="ln">${line.number}</span>${escapeHtml(line.text)}`;
      return line.marked ? `<mark>${content}</mark>` : `<span>${content}</span>`;
    })
    .join('\n');
  return `<h4>Source</h4><pre class="source">${rendered}</pre>`;
}

/** A live object's field (`HostConfig.Privileged`), or a file inside an image (`/usr/bin/su`). */
function inspectField(at: Location): string {
  const isImageFile = at.path?.startsWith('/') === true;
  const field = at.path ? `<code>${escapeHtml(at.path)}</code> of ` : '';
  const heading = isImageFile ? 'File in the image' : 'Inspect field';
  return `<h4>${heading}</h4><p class="inspect">${field}<code>${escapeHtml(at.file)}</code></p>`;
}

function ruleSection(ruleId: string, meta: RuleMeta | undefined, docsUrl: string | undefined): string {
  if (!meta) return `<p class="no-docs">No documentation for rule <code>${escapeHtml(ruleId)}</code>.</p>`;
  const cis = meta.cis.length > 0 ? ` <span class="cis">CIS ${escapeHtml(meta.cis.join(', '))}</span>` : '';
  return (
    `<h4>${escapeHtml(meta.title)}${cis}</h4>` +
    `<h5>Why</h5><p class="why">${escapeHtml(meta.docs.why)}</p>` +
    `<h5>Fix</h5><p class="fix">${escapeHtml(meta.docs.fix)}</p>` +
    exampleSection(meta) +
    (docsUrl ? `<p class="docs-link"><a href="${escapeHtml(docsUrl)}">Full documentation of ${escapeHtml(ruleId)}</a></p>` : '')
  );
}

function exampleSection(meta: RuleMeta): string {
  const example = meta.docs.examples[0];
  if (!example) return '';
  return (
    `<div class="example">` +
    `<div><h5>Bad</h5><pre class="bad"><code>${escapeHtml(example.bad)}</code></pre></div>` +
    `<div><h5>Good</h5><pre class="good"><code>${escapeHtml(example.good)}</code></pre></div>` +
    `</div>`
  );
}

import type { Finding } from '../facts/finding.js';

interface LineDirective {
  /** The line the directive is written on. */
  line: number;
  /** True when written after code on the same line, rather than on a line of its own. */
  trailing: boolean;
  ruleIds: Set<string>;
  reason: string;
}

interface FileDirective {
  /** Empty: every rule. */
  ruleIds: Set<string>;
  reason: string;
}

export interface Suppressions {
  lines: LineDirective[];
  file: FileDirective[];
}

const LINE_DIRECTIVE = /#\s*hullcheck\s+ignore=([\w,-]+)(?:\s+(.*))?$/;
const FILE_DIRECTIVE = /#\s*hullcheck\s+ignore-file(?:=([\w,-]+))?(?:\s+(.*))?$/;

/**
 * Reads `# hullcheck ignore=rule-a,rule-b reason` (covers the next line of
 * code, or its own line when written after code) and
 * `# hullcheck ignore-file[=rule-a] reason` (covers the whole file).
 */
export function readSuppressions(text: string): Suppressions {
  const result: Suppressions = { lines: [], file: [] };
  if (!text.includes('hullcheck')) return result;
  text.split(/\r?\n/).forEach((content, index) => {
    const fileMatch = FILE_DIRECTIVE.exec(content);
    if (fileMatch) {
      result.file.push({ ruleIds: idSet(fileMatch[1]), reason: reasonOf(fileMatch[2]) });
      return;
    }
    const match = LINE_DIRECTIVE.exec(content);
    if (match) {
      result.lines.push({
        line: index + 1,
        trailing: !content.trimStart().startsWith('#'),
        ruleIds: idSet(match[1]),
        reason: reasonOf(match[2]),
      });
    }
  });
  return result;
}

function idSet(list: string | undefined): Set<string> {
  return new Set((list ?? '').split(',').map((id) => id.trim()).filter(Boolean));
}

function reasonOf(text: string | undefined): string {
  return text?.trim() || 'no reason given';
}

/**
 * Marks findings covered by a directive as suppressed. A directive on its own
 * line covers the next line that is neither blank nor a comment and, when that
 * line starts a span (a Dockerfile instruction, a YAML key), the whole span.
 */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppressions,
  lines: string[],
  spans: { start: number; end: number }[],
): Finding[] {
  if (suppressions.lines.length === 0 && suppressions.file.length === 0) return findings;
  const ranges = suppressions.lines.map((directive) => ({ directive, ...coveredRange(directive, lines, spans) }));
  return findings.map((finding) => {
    const fileWide = suppressions.file.find((d) => d.ruleIds.size === 0 || d.ruleIds.has(finding.ruleId));
    const lineWide = ranges.find(
      (r) => r.directive.ruleIds.has(finding.ruleId) && finding.at.line >= r.start && finding.at.line <= r.end,
    );
    const reason = lineWide?.directive.reason ?? fileWide?.reason;
    return reason === undefined ? finding : { ...finding, suppressed: { reason } };
  });
}

function coveredRange(
  directive: LineDirective,
  lines: string[],
  spans: { start: number; end: number }[],
): { start: number; end: number } {
  if (directive.trailing) return { start: directive.line, end: directive.line };
  let target = directive.line + 1;
  while (target <= lines.length && isBlankOrComment(lines[target - 1] ?? '')) target++;
  const end = spans.filter((s) => s.start === target).reduce((max, s) => Math.max(max, s.end), target);
  return { start: target, end };
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/facts/finding.js';
import { DEFAULT_SETTINGS, type ExampleKind, type Rule, type RuleSettings } from '../../src/rules/rule.js';
import { runRules } from '../../src/rules/run-rules.js';
import { type InputKind, parseInput } from '../../src/scan/parse-input.js';

/**
 * Rule fixtures in the style of ESLint's RuleTester and hadolint's specs.
 * `code` may be a fragment: Dockerfile instructions without FROM, the body of
 * one Compose service without `services:` around it, or `docker run` flags
 * without `docker run` in front. Expected lines and columns are those of the
 * fragment as written; a finding on the added wrapper (the service key, or
 * `docker run` itself) is at line 0, column 0.
 */
export interface ValidCase {
  kind: ExampleKind;
  code: string;
  settings?: Partial<RuleSettings>;
  name?: string;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  message?: string | RegExp;
  severity?: Severity;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      it(`does not report: [${c.kind}] ${c.name ?? oneLine(c.code)}`, async () => {
        expect(await findingsFor(rule, c)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`reports: [${c.kind}] ${c.name ?? oneLine(c.code)}`, async () => {
        const findings = await findingsFor(rule, c);
        const actual = findings.map((f, i) => {
          const expected = c.errors[i];
          return {
            line: f.at.line,
            column: f.at.column,
            ...(expected?.message !== undefined ? { message: f.message } : {}),
            ...(expected?.severity !== undefined ? { severity: f.severity } : {}),
          };
        });
        const wanted = c.errors.map((e) => ({
          line: e.line,
          column: e.column,
          ...(e.message !== undefined ? { message: e.message instanceof RegExp ? expect.stringMatching(e.message) : e.message } : {}),
          ...(e.severity !== undefined ? { severity: e.severity } : {}),
        }));
        expect(actual).toEqual(wanted);
      });
    }
  });
}

function oneLine(code: string): string {
  const flat = code.replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > 70 ? `${flat.slice(0, 67)}...` : flat;
}

interface Wrapped {
  text: string;
  lineShift: number;
  columnShift: number;
}

function wrap(kind: InputKind, code: string): Wrapped {
  switch (kind) {
    case 'dockerfile':
      return /^\s*FROM\s/im.test(code) || /^\s*ARG\s/i.test(code)
        ? { text: code, lineShift: 0, columnShift: 0 }
        : { text: `FROM fixture-base:1.0\n${code}`, lineShift: 1, columnShift: 0 };
    case 'compose':
      return /^services\s*:/m.test(code)
        ? { text: code, lineShift: 0, columnShift: 0 }
        : { text: `services:\n  app:\n${code.replace(/^/gm, '    ')}`, lineShift: 2, columnShift: 4 };
    case 'run':
      return /^\s*(sudo\s+)?(docker|podman)\s/.test(code)
        ? { text: code, lineShift: 0, columnShift: 0 }
        : { text: `docker run ${code}`, lineShift: 0, columnShift: 11 };
  }
}

export async function findingsFor(rule: Rule, c: ValidCase): Promise<Finding[]> {
  if (c.kind === 'daemon.json' || c.kind === 'host') throw new Error(`${c.kind} fixtures are for host rules: use the host rule tester`);
  const wrapped = wrap(c.kind, c.code);
  const parsed = await parseInput(wrapped.text, c.kind, 'fixture', {});
  if (parsed.errors.length > 0) {
    throw new Error(`fixture does not parse: ${parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
  }
  const settings = { ...DEFAULT_SETTINGS, ...c.settings };
  return parsed.facts
    .flatMap((facts) => runRules(facts, [rule], settings))
    .map((f) => ({ ...f, at: { ...f.at, ...unwrapPosition(f.at.line, f.at.column, wrapped) } }))
    .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
}

/** Maps a position in the wrapped text back to the fragment; the wrapper itself is line 0, column 0. */
function unwrapPosition(line: number, column: number, wrapped: Wrapped): { line: number; column: number } {
  const fragmentLine = line - wrapped.lineShift;
  if (fragmentLine < 1) return { line: 0, column: 0 };
  if (wrapped.columnShift > 0 && wrapped.lineShift === 0 && column <= wrapped.columnShift) return { line: 0, column: 0 };
  return { line: fragmentLine, column: column - wrapped.columnShift };
}

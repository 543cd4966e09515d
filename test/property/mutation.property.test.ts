import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BuildFacts } from '../../src/facts/build.js';
import { parseInput, type InputKind } from '../../src/scan/parse-input.js';
import { scanText } from '../../src/scan/scan.js';
import { parseDockerfile } from '../../src/sources/dockerfile/parse-dockerfile.js';
import { expectLocationsInside, expectWellFormedErrors, fixture, mutated, PROPERTY_TIMEOUT, RUNS } from './support.js';

const FILE = 'mutated';

const FIXTURES: [string, InputKind][] = [
  ['Dockerfile.multistage', 'dockerfile'],
  ['Dockerfile.windows', 'dockerfile'],
  ['compose.yaml', 'compose'],
  ['run-lines.txt', 'run'],
];

describe('valid inputs, mutated', () => {
  it.each(FIXTURES)('the fixture %s parses without errors before mutation', async (name, kind) => {
    const text = fixture(name);
    const parsed = await parseInput(text, kind, FILE, { env: new Map([['SHOP_SECRET', 's']]) });
    expect(parsed.errors).toEqual([]);
    expect(parsed.facts.length).toBeGreaterThan(0);
  });

  for (const [name, kind] of FIXTURES) {
    it(
      `${name}: random line insertions, deletions, duplications and unicode never throw; locations stay inside`,
      async () => {
        await fc.assert(
          fc.asyncProperty(mutated(fixture(name)), async (text) => {
            const parsed = await parseInput(text, kind, FILE);
            expectWellFormedErrors(parsed.errors, FILE, text);
            expect(parsed.errors.filter((e) => e.message.startsWith('could not be parsed'))).toEqual([]);
            expectLocationsInside(text, parsed.facts);
            for (const span of parsed.spans) {
              expect(span.start).toBeLessThanOrEqual(span.end);
              expectLocationsInside(text, { file: FILE, line: span.start, column: 1, endLine: span.end });
            }
          }),
          RUNS,
        );
      },
      PROPERTY_TIMEOUT,
    );
  }
});

describe('valid inputs, mutated, scanned', () => {
  it(
    'scanText on any mutated fixture never throws and reports inside the text',
    async () => {
      const cases = fc.constantFrom(...FIXTURES).chain(([name, kind]) => mutated(fixture(name)).map((text) => ({ text, kind })));
      await fc.assert(
        fc.asyncProperty(cases, async ({ text, kind }) => {
          const scanned = await scanText({ text, kind, file: FILE }, { env: new Map() });
          expectWellFormedErrors(scanned.errors, FILE, text);
          expectLocationsInside(text, scanned.findings);
        }),
        { ...RUNS, numRuns: 100 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('line endings', () => {
  /** What a rule can see of a Dockerfile, positions included. */
  function view(facts: BuildFacts): unknown {
    return facts.stages.map((stage) => ({
      from: [stage.from.image, stage.from.at.line, stage.from.at.column],
      instructions: stage.instructions.map((i) => ({
        keyword: i.keyword,
        at: [i.at.line, i.at.column],
        args: i.args.map((a) => [a.value, a.at.line, a.at.column]),
        pairs: i.pairs.map((p) => [p.name, p.value]),
        commands: (i.shell?.commands ?? []).map((c) => [c.name, c.at.line, c.at.column, c.args.map((a) => a.value)]),
      })),
    }));
  }

  function sameWithEndings(lfLines: string[], endings: string[]): void {
    // A lone CR before an empty line would be a CRLF, one line ending instead of two.
    const ending = (i: number) => (endings[i] === '\r' && lfLines[i + 1] === '' ? '\n' : (endings[i] ?? '\n'));
    const text = lfLines.map((line, i) => line + (i < lfLines.length - 1 ? ending(i) : '')).join('');
    expect(view(parseDockerfile(text, FILE))).toEqual(view(parseDockerfile(lfLines.join('\n'), FILE)));
  }

  it(
    'a Dockerfile reads the same with LF and CRLF line endings, mixed at random',
    () => {
      const lfLines = fixture('Dockerfile.multistage').split('\n');
      const endings = fc.array(fc.constantFrom('\n', '\r\n'), { minLength: lfLines.length, maxLength: lfLines.length });
      fc.assert(
        fc.property(endings, (e) => sameWithEndings(lfLines, e)),
        { ...RUNS, numRuns: 50 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a Dockerfile without heredocs reads the same when some lines end with a lone CR',
    () => {
      // dockerfile-ast finds heredoc bodies only after LF, so heredocs are left out here.
      const lfLines = fixture('Dockerfile.multistage')
        .split('\n')
        .filter((_, i) => i < 11 || i > 18);
      const endings = fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: lfLines.length, maxLength: lfLines.length });
      fc.assert(
        // bug fixed: with a lone CR, RUN instructions lost their shell commands
        fc.property(endings, (e) => sameWithEndings(lfLines, e)),
        { ...RUNS, numRuns: 50 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('a Compose file reads the same with CRLF line endings', async () => {
    const lf = fixture('compose.yaml');
    const env = new Map([['SHOP_SECRET', 's']]);
    const a = await parseInput(lf, 'compose', FILE, { env });
    const b = await parseInput(lf.replace(/\n/g, '\r\n'), 'compose', FILE, { env });
    expect(b.errors).toEqual([]);
    const strip = (facts: typeof a.facts) => JSON.parse(JSON.stringify(facts, (key, value: unknown) => (key === 'endColumn' || key === 'endLine' ? undefined : value))) as unknown;
    expect(strip(b.facts)).toEqual(strip(a.facts));
  });
});

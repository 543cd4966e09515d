import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput, type InputKind } from '../../src/scan/parse-input.js';
import { decodeInput, scanText } from '../../src/scan/scan.js';
import { parseCompose } from '../../src/sources/compose/parse-compose.js';
import { parseDockerfile } from '../../src/sources/dockerfile/parse-dockerfile.js';
import { parseRunCommand } from '../../src/sources/run-command/parse-run.js';
import { parseShell } from '../../src/sources/shell/parse-shell.js';
import { anyText, expectLocationsInside, expectWellFormedErrors, PROPERTY_TIMEOUT, RUNS } from './support.js';

const KINDS: InputKind[] = ['dockerfile', 'compose', 'run'];
const FILE = 'input';
describe('arbitrary text never breaks a parser', () => {
  for (const kind of KINDS) {
    it(
      `parseInput(${kind}) returns facts or located errors, never throws`,
      async () => {
        await fc.assert(
          fc.asyncProperty(anyText, async (text) => {
            const parsed = await parseInput(text, kind, FILE);
            expectWellFormedErrors(parsed.errors, FILE, text);
            // A parser bug is turned into an error by parseInput; none should be left to turn.
            expect(parsed.errors.filter((e) => e.message.startsWith('could not be parsed'))).toEqual([]);
            expectLocationsInside(text, parsed.facts);
          }),
          RUNS,
        );
      },
      PROPERTY_TIMEOUT,
    );

    it(
      `scanText(${kind}) never throws and reports inside the text`,
      async () => {
        await fc.assert(
          fc.asyncProperty(anyText, async (text) => {
            const result = await scanText({ text, kind, file: FILE }, { env: new Map() });
            expectWellFormedErrors(result.errors, FILE, text);
            expectLocationsInside(text, result.findings);
            expect(result.inputs).toEqual([{ path: FILE, kind }]);
          }),
          RUNS,
        );
      },
      PROPERTY_TIMEOUT,
    );
  }

  it(
    'arbitrary bytes are decoded or refused with a message, and decoded text parses',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...KINDS), async (bytes, kind) => {
          const decoded = decodeInput(Buffer.from(bytes), FILE);
          if ('error' in decoded) {
            expectWellFormedErrors([decoded.error], FILE, '');
            return;
          }
          const parsed = await parseInput(decoded.text, kind, FILE);
          expectWellFormedErrors(parsed.errors, FILE, decoded.text);
          expectLocationsInside(decoded.text, parsed.facts);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'the sources read directly never throw',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const compose = parseCompose(text, FILE, new Map([['A', 'x']]));
          expectWellFormedErrors(compose.errors, FILE, text);
          expectLocationsInside(text, compose.containers);
          const build = parseDockerfile(text, FILE);
          expectLocationsInside(text, build);
          const run = parseRunCommand(text, FILE);
          expectWellFormedErrors(run.errors, FILE, text);
          expectLocationsInside(text, run.container);
          expect(run.container === undefined).toBe(run.errors.length > 0);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'the shell parser never throws and places commands in the text',
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const script = parseShell(text, FILE, (row, column) => ({ line: row + 1, column: column + 1 }));
          expectLocationsInside(text, script.commands);
          for (const command of script.commands) expect(command.pipeline).toContain(command);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('words that name Object.prototype members are plain words', () => {
  // bug fixed: a RUN command named `constructor` or `toString` made eight build rules throw,
  // because tables keyed by program name found the prototype's functions.
  const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
  const word = fc.constantFrom(...PROTOTYPE_NAMES, 'sudo', 'env', 'apt-get', 'apk', 'pip', 'python3', '-m', 'install', 'curl', 'sh', '-c', '|', '&&', 'x');

  it(
    'no rule fails on RUN lines, Compose keys and run flags made of them',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(word, { minLength: 1, maxLength: 8 }), fc.constantFrom(...PROTOTYPE_NAMES), async (words, name) => {
          const inputs: { kind: InputKind; text: string }[] = [
            { kind: 'dockerfile', text: `FROM ${name}\nRUN ${words.join(' ')}\nUSER ${name}\n` },
            { kind: 'compose', text: `services:\n  ${name}:\n    image: ${name}\n    cap_add: [${name}]\n    mem_limit: 1${name}\n    sysctls: {${name}: 1}\n` },
            { kind: 'run', text: `docker run --cap-add ${name} --sysctl ${name}=1 ${name} ${words.join(' ')}` },
          ];
          for (const input of inputs) {
            const result = await scanText({ ...input, file: FILE }, { env: new Map() });
            expect(result.errors.filter((e) => e.message.includes('failed')), input.text).toEqual([]);
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlankOrComment } from '../../src/sources/dockerfile/ranges.js';
import { RUNS } from './support.js';

/** Lines made of the characters that matter: ASCII spaces and tabs, other whitespace, `#` and text. */
const line = fc
  .array(fc.constantFrom(' ', '\t', '#', 'a', 'RUN', '\r', '\f', '\v', '\u00a0', '\u2003', '\ufeff', '\u3000', '\u200b', 'é', '\\', '`'), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('line checks that skip copying the line', () => {
  it('isBlankOrComment answers what trimStart() === "" || startsWith("#") answers', () => {
    fc.assert(
      fc.property(fc.oneof(line, fc.string()), (text) => {
        const trimmed = text.trimStart();
        expect(isBlankOrComment(text)).toBe(trimmed === '' || trimmed.startsWith('#'));
      }),
      { ...RUNS, numRuns: 2000 },
    );
  });
});

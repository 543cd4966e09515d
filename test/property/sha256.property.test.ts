import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSha256Hex } from '../../src/scan/sha256.js';

const nativeHex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sha256Hex', () => {
  it('gives the known digests of the empty text and "abc"', () => {
    const hash = createSha256Hex(10);
    expect(hash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agrees with node:crypto on any text, before and after it switches to the native hash', () => {
    const hash = createSha256Hex(50);
    // Lone surrogates included: both encode them as U+FFFD.
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(hash(text)).toBe(nativeHex(text));
      }),
      { numRuns: 200 },
    );
  });
});

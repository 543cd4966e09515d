import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/proxy/server-connection.js';

describe('decision log time', () => {
  it('is what Date#toISOString gives, for any instant in any order (the per-second cache never leaks into the next second)', () => {
    const instant = fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    fc.assert(fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (times) => {
      for (const now of times) expect(isoTime(now)).toBe(new Date(now).toISOString());
    }));
    for (const now of [0, 5, 50, 999, 1000, 1001, 1_700_000_000_009, 1_700_000_000_010, 1_700_000_000_099, 1_700_000_000_100, 1_700_000_001_000]) {
      expect(isoTime(now)).toBe(new Date(now).toISOString());
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedDecoder } from '../../../src/proxy/http-body.js';
import { HttpError, parseRequestHead } from '../../../src/proxy/http-head.js';
import { canonicalTarget, forwardTarget } from '../../../src/proxy/http-target.js';

describe('strict HTTP parsers (properties)', () => {
  it('parseRequestHead: any bytes give a head, "incomplete" or an HttpError, never another failure', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200 }), (bytes, text) => {
        for (const input of [Buffer.from(bytes), Buffer.from(`GET /x HTTP/1.1\r\n${text}\r\n\r\n`, 'latin1')]) {
          try {
            parseRequestHead(input, 1024);
          } catch (error) {
            expect(error).toBeInstanceOf(HttpError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a head split anywhere parses the same once complete', () => {
    const head = Buffer.from('POST /v1.43/containers/create?name=a HTTP/1.1\r\nHost: docker\r\nContent-Length: 12\r\n\r\n');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: head.length - 1 }), (cut) => {
        expect(parseRequestHead(head.subarray(0, cut), 1024)).toBeUndefined();
        expect(parseRequestHead(head, 1024)?.head.framing).toEqual({ kind: 'length', length: 12 });
      }),
    );
  });

  it('canonicalTarget: whatever it accepts, it forwards a target that canonicalises to the same thing', () => {
    const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('v1.43', '..', '.', '%2F', '%2e', 'a%20b', 'é', '%c3%a9', ''));
    const target = fc.tuple(fc.array(segment, { maxLength: 5 }), fc.option(fc.string({ maxLength: 20 }))).map(([segments, query]) => `/${segments.join('/')}${query === null ? '' : `?${query}`}`);
    fc.assert(
      fc.property(target, (raw) => {
        let canonical;
        try {
          canonical = canonicalTarget(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpError);
          return;
        }
        const forwarded = forwardTarget(canonical);
        const again = canonicalTarget(forwarded);
        expect(again.path).toBe(canonical.path);
        expect(again.apiVersion).toBe(canonical.apiVersion);
        expect([...again.query]).toEqual([...canonical.query]);
        expect(forwardTarget(again)).toBe(forwarded);
        expect(again.segments.some((s) => s === '..' || s === '.' || s.includes('/'))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('ChunkedDecoder: any data, chunked any way and delivered in any pieces, decodes to the same bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }), (chunks, cuts) => {
        const encoded = Buffer.concat([...chunks.flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), Buffer.from(c), Buffer.from('\r\n')]), Buffer.from('0\r\n\r\nNEXT')]);
        const decoder = new ChunkedDecoder(1 << 20);
        const out: Buffer[] = [];
        let pending = Buffer.alloc(0);
        let offset = 0;
        let i = 0;
        while (!decoder.done) {
          const take = cuts[i++ % cuts.length] as number;
          pending = Buffer.concat([pending, encoded.subarray(offset, offset + take)]);
          offset += take;
          const { data, used } = decoder.decode(pending);
          out.push(...data.map((d) => Buffer.from(d)));
          pending = pending.subarray(used);
        }
        expect(Buffer.concat(out)).toEqual(Buffer.concat(chunks.map((c) => Buffer.from(c))));
        expect(Buffer.concat([pending, encoded.subarray(offset)]).toString()).toBe('NEXT');
      }),
    );
  });
});

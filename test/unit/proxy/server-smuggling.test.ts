import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, startHarness, type Harness } from './server-harness.js';

/**
 * Property: whatever bytes a client sends (requests built from valid and
 * tricky pieces, pipelined, with garbage between), every request the
 * upstream receives is one the policy saw and allowed, in the same order,
 * with the same method, target and body. Nothing reaches the engine unchecked.
 */

const LINES = ['GET /_ping', 'GET /v1.41/info', 'POST /containers/create', 'POST /v1.41/containers/create?name=x', 'GET /denied', 'POST /build', 'GET //x', 'GET /a%2Fb', 'POST /containers/a/attach', 'GET /containers/json?all=1&x=%20'];
const BODIES = ['', '{}', '{"HostConfig":{"Privileged":true}}', '{"Image":"busybox"}', 'GET /denied HTTP/1.1\r\n\r\n'];
const HEADER = fc.constantFrom('Host: docker', 'Connection: Upgrade', 'Upgrade: tcp', 'Connection: close', 'X-Registry-Auth: e30=', ' folded', 'Content-Length: 0', 'Content-Length: 3', 'Transfer-Encoding: chunked', 'Content-Type: application/json', 'Expect: 100-continue');

const request = fc
  .record({
    line: fc.constantFrom(...LINES),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0'),
    headers: fc.array(HEADER, { maxLength: 4 }),
    body: fc.constantFrom(...BODIES),
    framing: fc.constantFrom('length', 'chunked', 'raw', 'none'),
    eol: fc.constantFrom('\r\n', '\r\n', '\r\n', '\n'),
  })
  .map(({ line, version, headers, body, framing, eol }) => {
    const head = [`${line} ${version}`, ...headers];
    let payload = '';
    if (framing === 'length') {
      head.push(`Content-Length: ${Buffer.byteLength(body)}`);
      payload = body;
    } else if (framing === 'chunked') {
      head.push('Transfer-Encoding: chunked');
      payload = `${body ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n` : ''}0\r\n\r\n`;
    } else if (framing === 'raw') {
      payload = body;
    }
    return `${head.join(eol)}${eol}${eol}${payload}`;
  });

const stream = fc.array(fc.oneof({ weight: 6, arbitrary: request }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));

describe('nothing reaches the engine unchecked (property)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('every upstream request is an allowed, checked request, in order, byte for byte', async () => {
    let forwarded = 0;
    await fc.assert(
      fc.asyncProperty(stream, async (bytes) => {
        harness.seen.length = 0;
        harness.log.length = 0;
        harness.upstream.requests.length = 0;
        await exchange(harness.proxySocket, bytes);
        const allowed = harness.seen.filter((_, i) => harness.log.some((entry, j) => j === i && entry.decision === 'allow'));
        const expected = allowed.map((r) => {
          const query = r.query.toString();
          const target = `${r.apiVersion ? `/v${r.apiVersion}` : ''}${r.path}${query ? `?${query}` : ''}`;
          // Streamed uploads are not shown to the policy; an attach that got its 101 is a raw stream from then on.
          const bodyless = r.streamedBody || (r.path.endsWith('/attach') && r.headers.upgrade !== undefined);
          return `${r.method} ${target}${bodyless ? '' : ` ${r.body?.toString('latin1') ?? ''}`}`;
        });
        const reached = harness.upstream.requests.map((r) => `${r.method} ${r.url}${r.url.startsWith('/build') || r.headers.upgrade ? '' : ` ${r.body}`}`);
        expect(reached).toEqual(expected);
        forwarded += reached.length;
        expect(harness.upstream.requests.some((r) => r.body.includes('"Privileged":true') && !r.url.startsWith('/build'))).toBe(false);
      }),
      { numRuns: 500 },
    );
    // The property is only worth something if requests do get through.
    expect(forwarded).toBeGreaterThan(30);
  });
});

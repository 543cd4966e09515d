import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, startHarness, statuses, type Harness } from './server-harness.js';

/**
 * Raw HTTP requests through the proxy to a recording upstream. Each row: the
 * bytes a client sends (then it half-closes), the status of every response in
 * order, and exactly which requests reached the upstream ("METHOD URL").
 */

const R = (lines: string[], body = '') => `${lines.join('\r\n')}\r\n\r\n${body}`;
const GET = (target: string, ...headers: string[]) => R([`GET ${target} HTTP/1.1`, 'Host: docker', ...headers]);
const POST = (target: string, body: string, ...headers: string[]) =>
  R([`POST ${target} HTTP/1.1`, 'Host: docker', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, ...headers], body);
const chunked = (target: string, chunks: string[], ...headers: string[]) =>
  R([`POST ${target} HTTP/1.1`, 'Host: docker', 'Transfer-Encoding: chunked', ...headers], `${chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`);

interface Row {
  name: string;
  send: string;
  status: number[];
  upstream: string[];
}

const ROWS: Row[] = [
  // Plain requests and canonical paths
  { name: 'plain GET', send: GET('/_ping'), status: [200], upstream: ['GET /_ping'] },
  { name: 'version prefix kept', send: GET('/v1.43/containers/json?all=1'), status: [200], upstream: ['GET /v1.43/containers/json?all=1'] },
  { name: 'query re-serialised from what was checked', send: GET('/containers/json?filters=%7B%22label%22%3A%5B%22a%22%5D%7D'), status: [200], upstream: ['GET /containers/json?filters=%7B%22label%22%3A%5B%22a%22%5D%7D'] },
  { name: 'encoded name decoded then re-encoded', send: GET('/images/registry%3A5000%2Ffoo/json'), status: [400], upstream: [] },
  { name: 'image name with slashes', send: GET('/images/registry:5000/foo/bar:1/json'), status: [200], upstream: ['GET /images/registry:5000/foo/bar:1/json'] },
  { name: 'three-part version', send: GET('/v1.43.1/_ping'), status: [400], upstream: [] },
  { name: 'capital V', send: GET('/V1.43/_ping'), status: [400], upstream: [] },
  { name: 'leading zero', send: GET('/v01.43/_ping'), status: [400], upstream: [] },
  { name: 'double slash after version', send: GET('/v1.43//_ping'), status: [400], upstream: [] },
  { name: 'version twice', send: GET('/v1.43/v1.43/_ping'), status: [400], upstream: [] },
  { name: 'version only', send: GET('/v1.43/'), status: [400], upstream: [] },
  { name: 'v without digits is a path', send: GET('/version'), status: [200], upstream: ['GET /version'] },
  { name: 'leading double slash', send: GET('//containers/json'), status: [400], upstream: [] },
  { name: 'trailing slash', send: GET('/containers/json/'), status: [400], upstream: [] },
  { name: 'encoded slash', send: GET('/containers/a%2Fb/json'), status: [400], upstream: [] },
  { name: 'encoded slash lower case', send: GET('/containers/a%2fb/json'), status: [400], upstream: [] },
  { name: 'encoded backslash', send: GET('/containers/a%5Cb/json'), status: [400], upstream: [] },
  { name: 'raw backslash', send: GET('/containers/a\\..\\b/json'), status: [400], upstream: [] },
  { name: 'encoded NUL', send: GET('/containers/a%00/json'), status: [400], upstream: [] },
  { name: 'dot-dot segment', send: GET('/denied/../_ping'), status: [400], upstream: [] },
  { name: 'dot segment', send: GET('/./_ping'), status: [400], upstream: [] },
  { name: 'encoded dot-dot', send: GET('/containers/%2e%2e/denied'), status: [400], upstream: [] },
  { name: 'half-encoded dot-dot', send: GET('/containers/.%2E/denied'), status: [400], upstream: [] },
  { name: 'malformed escape', send: GET('/containers/%zz/json'), status: [400], upstream: [] },
  { name: 'overlong UTF-8 escape', send: GET('/containers/%c0%af/json'), status: [400], upstream: [] },
  { name: 'absolute-form target', send: GET('http://docker/_ping'), status: [400], upstream: [] },
  { name: 'asterisk target', send: R(['OPTIONS * HTTP/1.1', 'Host: docker']), status: [400], upstream: [] },
  { name: 'fragment', send: GET('/_ping#x'), status: [400], upstream: [] },
  { name: 'semicolon in query', send: GET('/containers/json?all=1;filters=x'), status: [400], upstream: [] },
  { name: 'malformed query escape', send: GET('/containers/json?all=%zz'), status: [400], upstream: [] },
  // Request line and headers
  { name: 'lower-case method', send: R(['get /_ping HTTP/1.1', 'Host: docker']), status: [400], upstream: [] },
  { name: 'method the Engine API does not use', send: R(['TRACE /_ping HTTP/1.1', 'Host: docker']), status: [400], upstream: [] },
  { name: 'the tail of a body read as a method', send: R(['GET /_ping HTTP/1.1', 'Host: docker', 'Content-Length: 3'], 'POS') + R(['T /containers/a/attach HTTP/1.1', 'Host: docker']), status: [200, 400], upstream: ['GET /_ping POS length=3'] },
  { name: 'HTTP/1.0', send: R(['GET /_ping HTTP/1.0', 'Host: docker']), status: [400], upstream: [] },
  { name: 'HTTP/2 preface', send: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', status: [400], upstream: [] },
  { name: 'two spaces in request line', send: R(['GET  /_ping HTTP/1.1', 'Host: docker']), status: [400], upstream: [] },
  { name: 'bare LF line ends', send: 'GET /_ping HTTP/1.1\nHost: docker\n\n', status: [400], upstream: [] },
  { name: 'bare LF in one header line', send: 'GET /_ping HTTP/1.1\r\nHost: docker\nX-A: b\r\n\r\n', status: [400], upstream: [] },
  { name: 'bare CR', send: 'GET /_ping HTTP/1.1\r\nHost: docker\rX: y\r\n\r\n', status: [400], upstream: [] },
  { name: 'obsolete line folding', send: R(['GET /_ping HTTP/1.1', 'Host: docker', 'X-Registry-Auth: abc', ' def']), status: [400], upstream: [] },
  { name: 'space before colon', send: R(['GET /_ping HTTP/1.1', 'Host : docker']), status: [400], upstream: [] },
  { name: 'control character in a value', send: R(['GET /_ping HTTP/1.1', 'Host: docker', 'X-A: a\x01b']), status: [400], upstream: [] },
  { name: 'duplicate header', send: R(['GET /_ping HTTP/1.1', 'Host: docker', 'X-Registry-Auth: a', 'x-registry-auth: b']), status: [400], upstream: [] },
  { name: 'head larger than the limit', send: R(['GET /_ping HTTP/1.1', 'Host: docker', `X-Big: ${'a'.repeat(70_000)}`]), status: [431], upstream: [] },
  { name: 'unsupported Expect', send: GET('/_ping', 'Expect: something'), status: [417], upstream: [] },
  // Framing
  { name: 'Content-Length and Transfer-Encoding', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length: 4', 'Transfer-Encoding: chunked'], '0\r\n\r\n'), status: [400], upstream: [] },
  { name: 'duplicate Content-Length, same value', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length: 2', 'Content-Length: 2'], '{}'), status: [400], upstream: [] },
  { name: 'Content-Length list', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length: 2, 2'], '{}'), status: [400], upstream: [] },
  { name: 'signed Content-Length', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length: +2'], '{}'), status: [400], upstream: [] },
  { name: 'hex Content-Length', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length: 0x2'], '{}'), status: [400], upstream: [] },
  { name: 'empty Content-Length', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length:'], '{}'), status: [400], upstream: [] },
  { name: 'gzip coding', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Transfer-Encoding: gzip, chunked'], '0\r\n\r\n'), status: [400], upstream: [] },
  { name: 'chunked twice', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Transfer-Encoding: chunked, chunked'], '0\r\n\r\n'), status: [400], upstream: [] },
  { name: 'chunk extension', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Transfer-Encoding: chunked'], '2;x=y\r\n{}\r\n0\r\n\r\n'), status: [400], upstream: [] },
  { name: 'chunk size with blank', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Transfer-Encoding: chunked'], '2 \r\n{}\r\n0\r\n\r\n'), status: [400], upstream: [] },
  { name: 'chunk without its CRLF', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Transfer-Encoding: chunked'], '2\r\n{}XX0\r\n\r\n'), status: [400], upstream: [] },
  { name: 'trailer after the last chunk', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Transfer-Encoding: chunked'], '2\r\n{}\r\n0\r\nX-Evil: 1\r\n\r\n'), status: [400], upstream: [] },
  { name: 'body cut short', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Content-Length: 10'], '{}'), status: [400], upstream: [] },
  { name: 'declared body over the cap', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', `Content-Length: ${2 * 1024 * 1024}`], '{}'), status: [413], upstream: [] },
  { name: 'chunked body over the cap', send: R(['POST /containers/create HTTP/1.1', 'Host: docker', 'Transfer-Encoding: chunked'], `200000\r\n${'a'.repeat(100)}`), status: [413], upstream: [] },
  // Bodies reach the policy and the upstream as checked
  { name: 'chunked body de-chunked, forwarded with a length', send: chunked('/containers/create', ['{"Image":', '"busybox"}']), status: [200], upstream: ['POST /containers/create {"Image":"busybox"} length=19'] },
  { name: 'chunked privileged body denied', send: chunked('/containers/create', ['{"HostConfig":{"Privi', 'leged":true}}']), status: [403], upstream: [] },
  { name: 'smuggled request inside a body stays a body', send: POST('/containers/create', 'GET /denied HTTP/1.1\r\nHost: x\r\n\r\n'), status: [200], upstream: ['POST /containers/create GET /denied HTTP/1.1\r\nHost: x\r\n\r\n length=33'] },
  // Pipelining: each request decided on its own
  { name: 'pipelined: second denied, first and third allowed', send: GET('/_ping') + GET('/denied') + GET('/info'), status: [200, 403, 200], upstream: ['GET /_ping', 'GET /info'] },
  { name: 'pipelined after Content-Length: 0, then garbage', send: R(['POST /containers/a/start HTTP/1.1', 'Host: docker', 'Content-Length: 0']) + 'GET /denied HTTP/1.1\r\n\r\nxyz', status: [200, 403, 400], upstream: ['POST /containers/a/start'] },
  { name: 'a body after a bodiless GET is the next request', send: `${GET('/_ping')}{"Privileged":true}`, status: [200, 400], upstream: ['GET /_ping'] },
  { name: 'policy that throws: 403, connection kept', send: GET('/throws') + GET('/_ping'), status: [403, 200], upstream: ['GET /_ping'] },
  { name: 'Connection: close ends the exchange', send: GET('/_ping', 'Connection: close') + GET('/info'), status: [200], upstream: ['GET /_ping'] },
  { name: 'framing error stops the pipeline', send: GET('//x') + GET('/_ping'), status: [400], upstream: [] },
  // Upgrade never skips the checks
  { name: 'Upgrade on a plain endpoint is dropped, next request still checked', send: GET('/_ping', 'Connection: Upgrade', 'Upgrade: tcp') + GET('/denied'), status: [200, 403], upstream: ['GET /_ping'] },
  { name: 'Upgrade to h2c is not honoured', send: GET('/_ping', 'Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA') + GET('/denied'), status: [200, 403], upstream: ['GET /_ping'] },
  { name: 'denied attach with Upgrade: nothing upstream', send: R(['POST /containers/x/attach-denied HTTP/1.1', 'Host: docker', 'Connection: Upgrade', 'Upgrade: tcp']) + GET('/_ping'), status: [403, 200], upstream: ['GET /_ping'] },
  { name: 'engine error on a hijack endpoint keeps HTTP', send: R(['POST /containers/missing/attach HTTP/1.1', 'Host: docker', 'Connection: Upgrade', 'Upgrade: tcp', 'Content-Length: 0']) + GET('/denied'), status: [404, 403], upstream: ['POST /containers/missing/attach'] },
  { name: 'Expect: 100-continue', send: POST('/containers/create', '{}', 'Expect: 100-continue'), status: [100, 200], upstream: ['POST /containers/create {} length=2'] },
  { name: 'Expect on an allowed streamed upload: 100 once allowed', send: R(['POST /build HTTP/1.1', 'Host: docker', 'Expect: 100-continue', 'Content-Length: 4']) + 'abcd', status: [100, 200], upstream: ['POST /build abcd length=4'] },
  { name: 'Expect on a denied streamed upload: no 100, connection closed', send: R(['POST /build?remote=https%3A%2F%2Fevil.example HTTP/1.1', 'Host: docker', 'Expect: 100-continue', 'Content-Length: 4']) + 'abcd' + GET('/_ping'), status: [403], upstream: [] },
];

describe('raw requests through the proxy', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it.each(ROWS)('$name', async (row) => {
    harness.upstream.requests.length = 0;
    const answer = await exchange(harness.proxySocket, row.send);
    expect(statuses(answer)).toEqual(row.status);
    const reached = harness.upstream.requests.map((r) => {
      const line = `${r.method} ${r.url}`;
      return r.body ? `${line} ${r.body} length=${r.headers['content-length']}` : line;
    });
    expect(reached).toEqual(row.upstream);
  });
});

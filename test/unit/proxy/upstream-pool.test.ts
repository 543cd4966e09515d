import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unixDial, UpstreamPool, type UpstreamResponse } from '../../../src/proxy/upstream-pool.js';

/**
 * The response reader against an engine stand-in that answers each request
 * with canned raw bytes: where each answer ends, what is relayed, and when a
 * connection is reused.
 */

let dir: string;
let server: Server;
let connections = 0;
/** The raw answer for the next request, by request path. */
const answers = new Map<string, string[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-pool-'));
  server = createServer((socket: Socket) => {
    connections++;
    let buffer = '';
    let doomed = false;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n\r\n')) !== -1) {
        const path = buffer.slice(0, end).split(' ')[1] ?? '';
        buffer = buffer.slice(end + 4);
        // DOOM: the engine drops this kept-alive connection when the next request arrives, unanswered.
        if (doomed) return void socket.destroy();
        const pieces = answers.get(path) ?? ['HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'];
        // Each piece is written on its own, so the reader meets answers split anywhere.
        pieces.forEach((piece, i) => {
          if (piece === 'DOOM') doomed = true;
          else setTimeout(() => (piece === 'CLOSE' ? socket.end() : socket.write(piece)), i * 5);
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(join(dir, 'engine.sock'), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  response?: UpstreamResponse;
  body: string;
  error?: string;
}

function ask(pool: UpstreamPool, path: string, method = 'GET'): Promise<Seen> {
  const seen: Seen = { body: '' };
  return new Promise((resolve) => {
    pool.exchange(Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: x\r\n\r\n`), { bodyless: method === 'HEAD', complete: true, retry: true }, {
      head: (response) => (seen.response = response),
      body: (bytes) => {
        seen.body += bytes.toString('latin1');
        return true;
      },
      end: () => resolve(seen),
      upgrade: (socket, rest) => {
        seen.body = rest.toString();
        socket.destroy();
        resolve(seen);
      },
      error: (error) => {
        seen.error = error.message;
        resolve(seen);
      },
    });
  });
}

describe('upstream pool', () => {
  const pool = () => new UpstreamPool(unixDial(join(dir, 'engine.sock')));

  it('reads a Content-Length answer split anywhere, then reuses the connection', async () => {
    answers.set('/a', ['HTTP/1.1 200 OK\r\nContent-Ty', 'pe: application/json\r\nContent-Length: 11\r\nConnection: keep-alive\r\n\r\n{"ok"', ':true}']);
    const upstream = pool();
    const before = connections;
    const first = await ask(upstream, '/a');
    const second = await ask(upstream, '/a');
    expect(first.response).toEqual({ status: 200, statusText: 'OK', headers: [['Content-Type', 'application/json'], ['Content-Length', '11']], framing: 'length' });
    expect([first.body, second.body]).toEqual(['{"ok":true}', '{"ok":true}']);
    expect(connections - before).toBe(1);
    upstream.close();
  });

  it('relays a chunked answer with its framing and finds its end', async () => {
    answers.set('/logs', ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', 'lo\r\n', '3\r\nabc\r\n0\r', '\n\r\n']);
    const upstream = pool();
    const seen = await ask(upstream, '/logs');
    expect(seen.response?.framing).toBe('chunked');
    expect(seen.body).toBe('5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n');
    upstream.close();
  });

  it('an answer without length ends when the engine closes, and the connection is not reused', async () => {
    answers.set('/raw', ['HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nstream bytes', ' and more', 'CLOSE']);
    answers.set('/a', ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']);
    const upstream = pool();
    const before = connections;
    const seen = await ask(upstream, '/raw');
    expect(seen).toMatchObject({ body: 'stream bytes and more', response: { framing: 'close' } });
    expect((await ask(upstream, '/a')).body).toBe('ok');
    expect(connections - before).toBe(2);
    upstream.close();
  });

  it('HEAD, 204 and 304 answers have no body; 100 Continue is skipped', async () => {
    answers.set('/head', ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n']);
    answers.set('/none', ['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 204 No Content\r\n\r\n']);
    const upstream = pool();
    expect(await ask(upstream, '/head', 'HEAD')).toMatchObject({ body: '', response: { status: 200, framing: 'none' } });
    expect(await ask(upstream, '/none')).toMatchObject({ body: '', response: { status: 204, framing: 'none' } });
    upstream.close();
  });

  it('hands over the socket on 101 with the bytes that came after the head', async () => {
    answers.set('/attach', ['HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nfirst bytes']);
    const upstream = pool();
    const seen = await ask(upstream, '/attach');
    expect(seen.response).toMatchObject({ status: 101, headers: [['Upgrade', 'tcp']] });
    expect(seen.body).toBe('first bytes');
    upstream.close();
  });

  it('retries a GET once on a fresh connection when a kept-alive one was closed by the engine', async () => {
    answers.set('/a', ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']);
    answers.set('/bye', ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 'DOOM']);
    const upstream = pool();
    const before = connections;
    await ask(upstream, '/bye');
    expect(await ask(upstream, '/a')).toMatchObject({ body: 'ok', response: { status: 200 } });
    expect(connections - before).toBe(2);
    upstream.close();
  });

  it('reports an engine that is not there, and one that answers garbage', async () => {
    const nowhere = new UpstreamPool(unixDial(join(dir, 'nothing.sock')));
    expect((await ask(nowhere, '/a')).error).toMatch(/ENOENT/);
    answers.set('/garbage', ['SSH-2.0-OpenSSH\r\n\r\n']);
    const upstream = pool();
    expect((await ask(upstream, '/garbage')).error).toBe('the engine sent something that is not an HTTP response');
    upstream.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditImages } from '../../../src/audit/image.js';
import { createEngineClient } from '../../../src/sources/engine/client.js';
import { dockerSave } from '../../helpers/image-archives.js';

/**
 * How `hullcheck image REF` fails when the engine's answer breaks off or stalls
 * mid-stream: things a healthy dockerd does not do on demand, so a small server on
 * a unix socket plays the broken engine. The working path is in test/integration/image.test.ts.
 */
const dir = mkdtempSync(join(tmpdir(), 'hullcheck-engine-stream.'));
const socket = join(dir, 'engine.sock');
const host = `unix://${socket}`;
let server: Server;
let archive: Buffer;

function serve(path: string, res: ServerResponse): void {
  const half = archive.subarray(0, archive.length >> 1);
  if (path.includes('names=cut')) {
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    res.write(half, () => res.socket?.destroy());
  } else if (path.includes('names=stall')) {
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    res.write(half); // and then nothing, connection open
  } else if (path.includes('names=whole')) {
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    res.end(archive);
  } else {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"message":"something broke"}');
  }
}

beforeAll(async () => {
  archive = await dockerSave([{ tags: ['whole:1'], created: new Date().toISOString(), config: { User: '1000', Healthcheck: { Test: ['CMD', 'true'] } }, layers: [{ entries: [{ name: 'a', body: 'x'.repeat(100_000) }], compression: 'gzip' }] }]);
  server = createServer((req, res) => serve(req.url ?? '', res));
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('image references read from a broken engine', () => {
  it('an answer that breaks off, one that stalls, and an engine error are one error each; the good image is still read', async () => {
    const client = createEngineClient({ host, timeoutMs: 300 });
    const result = await auditImages(['cut', 'stall', 'other', 'whole'], { client });
    client.close();
    expect(result.errors).toEqual([
      { file: 'cut', message: `lost the Docker engine at ${host} during GET /images/get?names=cut: the connection closed early` },
      { file: 'stall', message: `the Docker engine at ${host} stopped sending GET /images/get?names=stall for 300 ms` },
      { file: 'other', message: `the Docker engine at ${host} answered GET /images/get?names=other with 500: something broke` },
    ]);
    expect(result.targets.map((t) => [t.target, t.source, t.images])).toEqual([
      ['cut', 'engine', 0],
      ['stall', 'engine', 0],
      ['other', 'engine', 0],
      ['whole', 'engine', 1],
    ]);
    expect(result.findings).toEqual([]);
  });
});

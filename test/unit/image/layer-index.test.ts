import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PEEK_BYTES } from '../../../src/facts/image.js';
import { BlobError } from '../../../src/sources/image/errors.js';
import { indexLayer, type LayerIndex } from '../../../src/sources/image/layer-index.js';
import { newPeekBudget } from '../../../src/sources/image/peek.js';
import { streamOf, tarOf, zstdStored, type TarEntry } from '../../helpers/image-archives.js';

const fixtures = join(import.meta.dirname, '../../fixtures/image');

function index(bytes: Buffer): Promise<LayerIndex> {
  return indexLayer(streamOf(bytes), newPeekBudget());
}

async function failure(bytes: Buffer): Promise<string> {
  const error = await index(bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlobError);
  return (error as BlobError).message;
}

const ENTRIES: TarEntry[] = [
  { name: './', type: 'directory', mode: 0o755 },
  { name: 'bin/', type: 'directory', mode: 0o755 },
  { name: 'bin/su', body: 'ELF\0binary', mode: 0o4755 },
  { name: 'usr/bin/wall', body: 'x', mode: 0o2755, gid: 5 },
  { name: 'tmp/', type: 'directory', mode: 0o1777 },
  { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
  { name: 'bin/ash', type: 'link', linkname: 'bin/su' },
  { name: 'home/app/.ssh/id_rsa', body: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n', uid: 1000, gid: 1000, mode: 0o600 },
  { name: 'app/config.yml', body: 'password: hunter2\n' },
  { name: 'usr/lib/app/config.yml', body: 'password: not-peeked\n' },
  { name: 'app/logo.png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) },
  { name: 'app/big.txt', body: 'x'.repeat(70 * 1024) },
  { name: 'etc/ssl/server.key', body: 'k'.repeat(PEEK_BYTES + 100) },
  { name: 'dev/null', type: 'character-device' },
];

describe('indexLayer', () => {
  it('records every entry with type, mode bits (setuid, setgid, sticky), owner, size and link target', async () => {
    const layer = await index(await tarOf(ENTRIES));
    const byPath = new Map(layer.entries.map((e) => [e.path, e]));
    expect([...byPath.keys()]).toEqual([
      '/', '/bin', '/bin/su', '/usr/bin/wall', '/tmp', '/bin/sh', '/bin/ash', '/home/app/.ssh/id_rsa', '/app/config.yml',
      '/usr/lib/app/config.yml', '/app/logo.png', '/app/big.txt', '/etc/ssl/server.key', '/dev/null',
    ]);
    expect(byPath.get('/bin/su')).toMatchObject({ type: 'file', mode: 0o4755, uid: 0, gid: 0, size: 10 });
    expect(byPath.get('/usr/bin/wall')).toMatchObject({ mode: 0o2755, gid: 5 });
    expect(byPath.get('/tmp')).toMatchObject({ type: 'directory', mode: 0o1777, size: 0 });
    expect(byPath.get('/bin/sh')).toMatchObject({ type: 'symlink', linkTarget: 'busybox' });
    expect(byPath.get('/bin/ash')).toMatchObject({ type: 'hardlink', linkTarget: '/bin/su' });
    expect(byPath.get('/home/app/.ssh/id_rsa')).toMatchObject({ uid: 1000, gid: 1000, mode: 0o600 });
    expect(byPath.get('/dev/null')?.type).toBe('other');
    expect(byPath.get('/bin/su')?.mtime).toBe(Date.parse('2024-01-02T03:04:05Z'));
    expect(layer.whiteouts).toEqual([]);
    expect(layer.opaqueDirs).toEqual([]);
    expect(layer.compression).toBe('none');
  });

  it('keeps a peek of files named like secrets and of small text files outside system directories, and of nothing else', async () => {
    const layer = await index(await tarOf(ENTRIES));
    const peeks = Object.fromEntries(layer.entries.filter((e) => e.peek !== undefined).map((e) => [e.path, e.peek]));
    expect(Object.keys(peeks)).toEqual(['/home/app/.ssh/id_rsa', '/app/config.yml', '/etc/ssl/server.key']);
    expect(peeks['/app/config.yml']).toBe('password: hunter2\n');
    expect(peeks['/etc/ssl/server.key']).toBe('k'.repeat(PEEK_BYTES));
  });

  it('stops peeking when the budget is spent, and still indexes the files', async () => {
    const budget = { name: 10, size: 0 };
    const layer = await indexLayer(streamOf(await tarOf(ENTRIES)), budget);
    expect(layer.entries.filter((e) => e.peek !== undefined).map((e) => e.path)).toEqual(['/home/app/.ssh/id_rsa']);
    expect(layer.entries).toHaveLength(ENTRIES.length);
    expect(budget.name).toBeLessThan(0);
  });

  it('records whiteouts and opaque directories instead of entries, and skips AUFS metadata', async () => {
    const layer = await index(
      await tarOf([
        { name: 'etc/.wh.motd' },
        { name: '.wh.opt' },
        { name: 'var/cache/.wh..wh..opq' },
        { name: '.wh..wh.plnk/', type: 'directory' },
        { name: '.wh..wh.plnk/123.456', body: 'x' },
        { name: 'etc/motd', body: 'new' },
      ]),
    );
    expect(layer.whiteouts).toEqual(['/etc/motd', '/opt']);
    expect(layer.opaqueDirs).toEqual(['/var/cache']);
    expect(layer.entries.map((e) => e.path)).toEqual(['/etc/motd']);
  });

  it('reads the same entries from a plain, a gzip and a zstd layer, and says which it was', async () => {
    const plain = await tarOf(ENTRIES);
    const zstdFixture = await index(readFileSync(join(fixtures, 'layer.tar.zst')));
    const results = await Promise.all([index(plain), index(gzipSync(plain)), index(zstdStored(plain))]);
    expect(results.map((r) => r.compression)).toEqual(['none', 'gzip', 'zstd']);
    expect(results[1]?.entries).toEqual(results[0]?.entries);
    expect(results[2]?.entries).toEqual(results[0]?.entries);
    // A layer compressed by the zstd tool itself (compressed blocks, not only stored ones).
    expect(zstdFixture.compression).toBe('zstd');
    expect(zstdFixture.entries.map((e) => [e.path, e.size, e.mode])).toEqual([
      ['/etc', 0, 0o755],
      ['/etc/os-release', 81, 0o644],
      ['/srv/data.txt', 43 * 4000, 0o644],
      ['/bin/su', 6, 0o4755],
    ]);
  });

  it('reads a tar that ends with the zero blocks of an RLE zstd block', async () => {
    const plain = await tarOf([{ name: 'a', body: 'b' }]);
    // The tar's last 1024 bytes are zeros: store the rest, and the zeros as one RLE block.
    const layer = await index(zstdStored(plain.subarray(0, plain.length - 1024), { byte: 0, count: 1024 }));
    expect(layer.entries.map((e) => e.path)).toEqual(['/a']);
  });

  it('normalises entry paths: ./, //, trailing slashes, leading slashes and .. inside the root', async () => {
    const layer = await index(await tarOf([{ name: './a//b/' , type: 'directory' }, { name: '/etc/passwd' }, { name: 'x/../y' }]));
    expect(layer.entries.map((e) => e.path)).toEqual(['/a/b', '/etc/passwd', '/y']);
  });
});

describe('indexLayer errors', () => {
  it('refuses an entry whose path climbs out of the root', async () => {
    expect(await failure(await tarOf([{ name: '../etc/passwd', body: 'x' }]))).toBe('entry "../etc/passwd" escapes the root (path traversal)');
    expect(await failure(await tarOf([{ name: 'a/../../b' }]))).toBe('entry "a/../../b" escapes the root (path traversal)');
    expect(await failure(await tarOf([{ name: '/../../etc/shadow' }]))).toBe('entry "/../../etc/shadow" escapes the root (path traversal)');
  });

  it('refuses a hardlink whose target climbs out of the root', async () => {
    expect(await failure(await tarOf([{ name: 'x', type: 'link', linkname: '../../etc/shadow' }]))).toBe(
      'hardlink target of "../../etc/shadow" escapes the root (path traversal)',
    );
  });

  it('refuses a tar cut inside an entry, and one cut between entries (no end-of-archive marker)', async () => {
    const plain = await tarOf([{ name: 'a', body: 'x'.repeat(2000) }, { name: 'b', body: 'y' }]);
    expect(await failure(plain.subarray(0, 1500))).toBe('truncated layer: the tar ends inside an entry');
    // Header (512) + 2000 bytes padded to 2048: the cut falls exactly after the first entry.
    expect(await failure(plain.subarray(0, 512 + 2048))).toBe('truncated layer: the tar ends without its end-of-archive marker');
    expect(await failure(Buffer.alloc(0))).toBe('truncated layer: the tar ends without its end-of-archive marker');
  });

  it('refuses truncated and corrupt gzip', async () => {
    const gz = gzipSync(await tarOf(ENTRIES));
    expect(await failure(gz.subarray(0, gz.length - 20))).toBe('truncated layer: the gzip data ends early');
    const flipped = Buffer.from(gz);
    for (let i = 20; i < 60; i++) flipped[i] = (flipped[i] as number) ^ 0xff;
    expect(await failure(flipped)).toMatch(/^corrupt gzip data: /);
  });

  it('refuses truncated and corrupt zstd', async () => {
    const zst = zstdStored(await tarOf(ENTRIES));
    expect(await failure(zst.subarray(0, zst.length - 100))).toMatch(/^corrupt zstd data: /);
    const badBlockType = Buffer.from(zst);
    badBlockType[6] = 0x07; // block type 3 (reserved)
    expect(await failure(badBlockType)).toMatch(/^corrupt zstd data: /);
  });

  it('refuses streams shorter than the bytes that tell the compression', async () => {
    for (const bytes of [Buffer.from([0x1f]), Buffer.from([0x1f, 0x8b]), Buffer.from('abc'), Buffer.from([0x28, 0xb5, 0x2f, 0xfd])]) {
      expect(await failure(bytes)).toMatch(/^(truncated layer|corrupt zstd data|not a tar archive)/);
    }
  });

  it('refuses bytes that are no tar, and compressions it does not read', async () => {
    expect(await failure(Buffer.from('this is not a tar archive at all, '.repeat(40)))).toBe('not a tar archive (or a corrupt one): invalid tar header');
    expect(await failure(gzipSync(Buffer.from('not a tar either '.repeat(40))))).toBe('corrupt tar inside the compressed layer: invalid tar header');
    expect(await failure(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]))).toBe('the layer is xz-compressed, which hullcheck does not read');
    expect(await failure(Buffer.from('BZh91AY&SY'))).toBe('the layer is bzip2-compressed, which hullcheck does not read');
  });
});

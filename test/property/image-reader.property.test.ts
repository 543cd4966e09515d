import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlobError, ImageReadError } from '../../src/sources/image/errors.js';
import { buildContents } from '../../src/sources/image/filesystem.js';
import { indexLayer, type LayerEntry, type LayerIndex } from '../../src/sources/image/layer-index.js';
import { newPeekBudget } from '../../src/sources/image/peek.js';
import { readImageArchive } from '../../src/sources/image/read-image.js';
import { dockerSave, streamOf, tarOf, zstdStored, type TarEntry } from '../helpers/image-archives.js';
import { PROPERTY_TIMEOUT, RUNS } from './support.js';

/** A read that does not settle in this long counts as hung: every case here is a few KiB. */
const DEADLINE_MS = 5_000;
const ASYNC_RUNS: fc.Parameters<unknown> = { ...RUNS, numRuns: 100 };

function withinDeadline<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the reader did not finish within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

/** Resolves with the index or the BlobError; anything else thrown fails the property. */
async function indexOrBlobError(bytes: Buffer, chunk: number): Promise<LayerIndex | BlobError> {
  try {
    return await withinDeadline(indexLayer(streamOf(bytes, chunk), newPeekBudget()));
  } catch (error) {
    if (error instanceof BlobError) return error;
    throw error;
  }
}

const segment = fc.constantFrom('a', 'b', 'etc', 'id_rsa', '.env', '.', '..', '', '.wh.a', '.wh..wh..opq', '.wh..wh.plnk', 'é x', 'n'.repeat(120));
const entryName = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/')).filter((name) => name.length > 0);
const entryType = fc.constantFrom<TarEntry['type']>('file', 'file', 'directory', 'symlink', 'link', 'fifo');
const tarEntry: fc.Arbitrary<TarEntry> = fc.record({
  name: entryName,
  type: entryType,
  body: fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b))),
  mode: fc.integer({ min: 0, max: 0o7777 }),
  uid: fc.integer({ min: 0, max: 70000 }),
  gid: fc.integer({ min: 0, max: 70000 }),
  linkname: entryName,
});
const compression = fc.constantFrom('none', 'gzip', 'zstd');
const compress = (bytes: Buffer, how: string) => (how === 'gzip' ? gzipSync(bytes) : how === 'zstd' ? zstdStored(bytes) : bytes);

/** A damaged copy: cut at a random length, or with random bytes overwritten. */
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }) }),
);
type Damage = { kind: 'truncate'; at: number } | { kind: 'flip'; at: [number, number][] };
function damaged(bytes: Buffer, how: Damage): Buffer {
  if (how.kind === 'truncate') return bytes.subarray(0, Math.floor(bytes.length * how.at));
  const copy = Buffer.from(bytes);
  for (const [where, xor] of how.at) {
    const i = Math.min(copy.length - 1, Math.floor(copy.length * where));
    if (i >= 0) copy[i] = (copy[i] as number) ^ xor;
  }
  return copy;
}

describe('the layer reader never breaks', () => {
  it(
    'random tars, whole or damaged, in any compression and chunking: an index or a BlobError, never anything else, never a hang',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(tarEntry, { maxLength: 8 }), compression, fc.option(damage), fc.integer({ min: 1, max: 700 }), async (entries, how, harm, chunk) => {
          let bytes: Buffer;
          try {
            bytes = compress(await tarOf(entries), how);
          } catch {
            return; // tar-stream refuses to write some headers (a name too long for any format): not the reader's concern
          }
          const result = await indexOrBlobError(harm ? damaged(bytes, harm) : bytes, chunk);
          if (result instanceof BlobError) {
            expect(result.message.trim()).not.toBe('');
            expect(result.message).not.toContain('\n');
          } else {
            for (const entry of result.entries) expect(entry.path).toMatch(/^\/(?:[^/]+(?:\/[^/]+)*)?$/);
          }
        }),
        ASYNC_RUNS,
      );
    },
    PROPERTY_TIMEOUT * 2,
  );

  it(
    'random bytes: a BlobError (or, rarely, an empty index), never anything else',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom(Buffer.alloc(0), Buffer.from([0x1f, 0x8b]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), async (random, magic) => {
          const result = await indexOrBlobError(Buffer.concat([magic, Buffer.from(random)]), 512);
          if (!(result instanceof BlobError)) expect(result.entries.length).toBeLessThanOrEqual(6);
        }),
        ASYNC_RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'an intact tar of plain names is indexed entry for entry, with path, type, mode, owner and size as written',
    async () => {
      const plainName = fc.array(fc.constantFrom('a', 'b', 'etc', 'x y', 'n'.repeat(120)), { minLength: 1, maxLength: 4 }).map((p) => p.join('/'));
      const plain = fc.record({
        name: plainName,
        type: fc.constantFrom<TarEntry['type']>('file', 'directory', 'symlink', 'link'),
        body: fc.string({ maxLength: 30 }),
        // tar-stream writes a default mode for 0.
        mode: fc.integer({ min: 1, max: 0o7777 }),
        uid: fc.integer({ min: 0, max: 70000 }),
        gid: fc.integer({ min: 0, max: 70000 }),
        linkname: plainName,
      });
      await fc.assert(
        fc.asyncProperty(fc.array(plain, { maxLength: 8 }), compression, async (entries, how) => {
          const result = await indexOrBlobError(compress(await tarOf(entries), how), 333);
          if (result instanceof BlobError) expect.fail(result.message);
          expect(result.entries.map((e) => [e.path, e.type, e.mode, e.uid, e.gid, e.size, e.linkTarget])).toEqual(
            entries.map((e) => {
              const type = e.type === 'link' ? 'hardlink' : (e.type as string);
              const link = e.type === 'symlink' ? e.linkname : e.type === 'link' ? `/${e.linkname}` : undefined;
              return [`/${e.name}`, type, e.mode, e.uid, e.gid, type === 'file' ? Buffer.byteLength(e.body as string) : 0, link];
            }),
          );
        }),
        ASYNC_RUNS,
      );
    },
    PROPERTY_TIMEOUT * 2,
  );
});

describe('layers combine as Docker applies them', () => {
  const path = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}`);
  const entry = fc.record({ path, type: fc.constantFrom<LayerEntry['type']>('file', 'directory', 'symlink') });
  const layer = fc.record({ entries: fc.array(entry, { maxLength: 6 }), whiteouts: fc.array(path, { maxLength: 2 }), opaqueDirs: fc.array(path, { maxLength: 1 }) });

  /** The same rules, on a flat map, the slow and obvious way. */
  function model(layers: { entries: { path: string; type: string }[]; whiteouts: string[]; opaqueDirs: string[] }[]): Map<string, string> {
    const files = new Map<string, string>();
    const removeUnder = (dir: string) => [...files.keys()].filter((p) => p.startsWith(`${dir}/`)).forEach((p) => files.delete(p));
    layers.forEach((l, n) => {
      l.opaqueDirs.forEach(removeUnder);
      for (const w of l.whiteouts) {
        files.delete(w);
        removeUnder(w);
      }
      for (const e of l.entries) {
        if (e.type !== 'directory') removeUnder(e.path);
        files.set(e.path, `${e.type}@${n}`);
      }
    });
    return files;
  }

  it('whiteouts, opaque directories and replaced directories give the model filesystem', () => {
    fc.assert(
      fc.property(fc.array(layer, { maxLength: 5 }), (layers) => {
        const read = layers.map((l, n) => ({
          digest: `sha256:${n}`,
          mediaType: 'application/vnd.oci.image.layer.v1.tar',
          index: {
            compression: 'none' as const,
            whiteouts: l.whiteouts,
            opaqueDirs: l.opaqueDirs,
            entries: l.entries.map((e) => ({ ...e, mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, ...(e.type === 'symlink' ? { linkTarget: 'x' } : {}) })),
          },
        }));
        const contents = buildContents('image:test', read);
        const actual = new Map([...contents.files.values()].map((f) => [f.path, `${f.type}@${f.layer}`]));
        expect(new Map([...actual].sort())).toEqual(new Map([...model(layers)].sort()));
      }),
      RUNS,
    );
  });
});

describe('the archive reader never breaks', () => {
  it(
    'a damaged docker save archive: images or ImageReadErrors naming the input, never a throw, never a hang',
    async () => {
      const archive = await dockerSave([
        { tags: ['a:1'], layers: [{ entries: [{ name: 'etc/passwd', body: 'root:x:0:0' }], compression: 'gzip' }, { entries: [{ name: 'etc/.wh.passwd' }] }] },
        { tags: ['b:1'], layers: [{ entries: [{ name: 'bin/sh', body: 'sh', mode: 0o4755 }], compression: 'zstd' }] },
      ]);
      const intact = await readImageArchive(Readable.from([archive]), 'x.tar');
      expect(intact.errors).toEqual([]);
      expect(intact.images).toHaveLength(2);
      await fc.assert(
        fc.asyncProperty(damage, fc.integer({ min: 1, max: 5000 }), async (harm, chunk) => {
          const result = await withinDeadline(readImageArchive(streamOf(damaged(archive, harm), chunk), 'x.tar'));
          for (const error of result.errors) {
            expect(error).toBeInstanceOf(ImageReadError);
            expect(error.source).toBe('x.tar');
            expect(error.message).not.toContain('\n');
          }
          expect(result.images.length + result.errors.length).toBeGreaterThan(0);
        }),
        ASYNC_RUNS,
      );
    },
    PROPERTY_TIMEOUT * 2,
  );
});

import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobError, oneLine } from './errors.js';
import { indexLayer, type LayerIndex } from './layer-index.js';
import type { PeekBudget } from './peek.js';
import { MAX_DOCUMENT_BYTES, type BlobStore } from './store.js';

/**
 * An OCI image layout directory (or an unpacked `docker save` archive), read
 * on demand: documents whole, each layer streamed from its file once.
 */
export function layoutStore(dir: string, budget: PeekBudget): BlobStore {
  const layers = new Map<string, Promise<LayerIndex>>();
  const file = (path: string) => join(dir, path);
  return {
    has: (path) => existsSync(file(path)),
    document: async (path) => {
      try {
        const handle = await open(file(path), 'r');
        try {
          const { size } = await handle.stat();
          if (size > MAX_DOCUMENT_BYTES) throw new BlobError(`${path.slice(1)} is ${size} bytes, too large for an image document`);
          return await handle.readFile();
        } finally {
          await handle.close();
        }
      } catch (error) {
        throw fileError(error, path);
      }
    },
    layer: (path) => {
      let read = layers.get(path);
      if (!read) {
        read = readLayerFile(file(path), path, budget);
        layers.set(path, read);
      }
      return read;
    },
  };
}

async function readLayerFile(file: string, path: string, budget: PeekBudget): Promise<LayerIndex> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw fileError(error, path);
  }
  try {
    return await indexLayer(stream, budget);
  } catch (error) {
    throw error instanceof BlobError ? error : fileError(error, path);
  } finally {
    stream.destroy();
  }
}

function fileError(error: unknown, path: string): BlobError {
  if (error instanceof BlobError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const name = path.slice(1);
  if (code === 'ENOENT') return new BlobError(`missing blob: the layout has no ${name}`);
  if (code === 'ELOOP') return new BlobError(`symlink loop at ${name}`);
  if (code === 'EISDIR') return new BlobError(`${name} is a directory, not a blob`);
  if (code === 'EACCES' || code === 'EPERM') return new BlobError(`cannot read ${name}: permission denied`);
  return new BlobError(`cannot read ${name}: ${oneLine(error)}`);
}

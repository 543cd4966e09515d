import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar, { type ExtractEvents, type Header } from 'tar-stream';
import { decompressed, peekHead, sniffCompression } from './compression.js';
import { BlobError, oneLine } from './errors.js';
import { indexLayer, type LayerIndex } from './layer-index.js';
import { normalizePath, parentOf, symlinkDestination } from './paths.js';
import type { PeekBudget } from './peek.js';
import { MAX_DOCUMENT_BYTES, type BlobStore } from './store.js';

type EntryStream = ExtractEvents['entry'][1];

/** Names that are always documents, in either archive format. */
const DOCUMENT_NAMES = new Set(['manifest.json', 'index.json', 'oci-layout', 'repositories']);
/** A layer's `json` and `VERSION` files in the legacy format: nothing the reader needs. */
const LEGACY_LAYER_METADATA = /\/(?:json|VERSION)$/;
/** Enough of a blob to tell JSON from a tar (whose magic sits at byte 257). */
const HEAD_BYTES = 512;
const MAX_LINK_HOPS = 40;

/**
 * Everything a `docker save` archive or an OCI layout tarball holds, collected
 * in one pass: `docker save` writes the layers before the manifest that says
 * which image uses them, so each layer is indexed as it streams past (metadata
 * only) and kept by its path; documents are kept whole (they are small).
 * A layer that fails keeps its error, reported only if an image uses it.
 * Throws a BlobError when the archive itself is corrupt or truncated.
 */
export async function collectArchive(source: Readable, budget: PeekBudget): Promise<BlobStore> {
  const documents = new Map<string, Buffer>();
  const layers = new Map<string, LayerIndex | BlobError>();
  const links = new Map<string, string>();
  const { head, stream } = await peekHead(source);
  const compression = sniffCompression(head);
  if (compression === 'xz' || compression === 'bzip2') throw new BlobError(`the archive is ${compression}-compressed; decompress it first`);
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    stream.on('error', () => undefined); // the extract's own error is the one reported
    let path: string;
    try {
      path = normalizePath(header.name, 'archive entry');
    } catch (error) {
      next(error as Error);
      return;
    }
    if (header.type === 'symlink') links.set(path, symlinkDestination(parentOf(path), header.linkname ?? ''));
    else if (header.type === 'link') links.set(path, symlinkDestination('/', header.linkname ?? ''));
    if (!isRegular(header) || LEGACY_LAYER_METADATA.test(path)) {
      stream.on('end', () => next());
      stream.resume();
      return;
    }
    readBlob(path, header, stream, budget, documents, layers).then(
      () => next(),
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });
  try {
    await pipeline(decompressed(stream, compression), extract);
  } catch (error) {
    throw archiveError(error);
  }
  return tarStore(documents, layers, links);
}

function isRegular(header: Header): boolean {
  return header.type === 'file' || header.type === 'contiguous-file' || header.type === undefined || header.type === null;
}

/**
 * One regular file of the archive: a document when its name says so or it
 * starts like JSON, else a layer to index. Resolves when the entry is read to
 * its end, whatever became of the layer.
 */
function readBlob(
  path: string,
  header: Header,
  stream: EntryStream,
  budget: PeekBudget,
  documents: Map<string, Buffer>,
  layers: Map<string, LayerIndex | BlobError>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const size = header.size ?? 0;
    const byName = DOCUMENT_NAMES.has(path.slice(1)) || path.endsWith('.json');
    let kind: 'undecided' | 'document' | 'layer' | 'discard' = 'undecided';
    const chunks: Buffer[] = [];
    let buffered = 0;
    let sink: PassThrough | undefined;
    let layerDone: Promise<void> = Promise.resolve();

    const discard = (error: BlobError) => {
      layers.set(path, error);
      kind = 'discard';
      chunks.length = 0;
      stream.resume();
    };
    const startLayer = () => {
      const input = new PassThrough();
      sink = input;
      kind = 'layer';
      layerDone = indexLayer(input, budget).then(
        (index) => void layers.set(path, index),
        (error: unknown) => {
          // Read the rest of the entry into nothing, so the archive goes on.
          input.destroy();
          discard(error instanceof BlobError ? error : new BlobError(oneLine(error)));
        },
      );
      for (const chunk of chunks) input.write(chunk);
      chunks.length = 0;
    };
    const decide = () => {
      if (!byName && size === 0) discard(new BlobError('empty blob'));
      else if (!byName && !looksLikeJson(Buffer.concat(chunks, buffered))) startLayer();
      else if (size > MAX_DOCUMENT_BYTES) discard(new BlobError(`${path.slice(1)} is ${size} bytes, too large for an image document`));
      else kind = 'document';
    };

    stream.on('data', (data) => {
      const chunk = data as Buffer;
      if (kind === 'discard') return;
      if (kind === 'layer') {
        if (sink && !sink.write(chunk)) {
          stream.pause();
          sink.once('drain', () => stream.resume());
        }
        return;
      }
      chunks.push(chunk);
      buffered += chunk.length;
      if (kind === 'undecided' && buffered >= Math.min(HEAD_BYTES, size)) decide();
    });
    stream.on('end', () => {
      if (kind === 'undecided') decide();
      if (kind === 'document') documents.set(path, Buffer.concat(chunks, buffered));
      if (kind === 'layer') sink?.end();
      layerDone.then(resolve, reject);
    });
  });
}

/** JSON starts with `{` (after white space); a tar never has its `ustar` magic there. */
function looksLikeJson(head: Buffer): boolean {
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return false;
  for (const byte of head) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b;
  }
  return false;
}

function archiveError(error: unknown): BlobError {
  if (error instanceof BlobError) return error;
  const message = oneLine(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code.startsWith('Z_')) return new BlobError(message === 'unexpected end of file' ? 'truncated archive: the gzip data ends early' : `corrupt archive: ${message}`);
  if (message === 'Unexpected end of data') return new BlobError('truncated archive: it ends inside an entry');
  if (message.startsWith('Invalid tar header')) return new BlobError('not a tar archive (or a corrupt one): invalid tar header');
  return new BlobError(message);
}

function tarStore(documents: Map<string, Buffer>, layers: Map<string, LayerIndex | BlobError>, links: Map<string, string>): BlobStore {
  const target = (path: string): string => {
    let current = path;
    for (let hops = 0; links.has(current); hops++) {
      if (hops >= MAX_LINK_HOPS) throw new BlobError(`symlink loop in the archive at ${path.slice(1)}`);
      current = links.get(current) as string;
    }
    return current;
  };
  const missing = (path: string) => new BlobError(`missing blob: the archive has no ${path.slice(1)}`);
  return {
    has: (path) => {
      try {
        const found = target(path);
        return documents.has(found) || layers.has(found);
      } catch {
        return true;
      }
    },
    document: async (path) => {
      const found = target(path);
      const document = documents.get(found);
      if (document) return document;
      const layer = layers.get(found);
      if (layer instanceof BlobError) throw layer;
      if (layer) throw new BlobError(`${path.slice(1)} is not a JSON document`);
      throw missing(path);
    },
    layer: async (path) => {
      const found = target(path);
      const layer = layers.get(found);
      if (layer instanceof BlobError) throw layer;
      if (layer) return layer;
      if (documents.has(found)) throw new BlobError(`${path.slice(1)} holds JSON, not a layer`);
      throw missing(path);
    },
  };
}

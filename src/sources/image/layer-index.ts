import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar, { type ExtractEvents, type Header } from 'tar-stream';
import { PEEK_BYTES, type ImageFile, type ImageFileType } from '../../facts/image.js';
import { decompressed, peekHead, sniffCompression, type Compression } from './compression.js';
import { BlobError, oneLine } from './errors.js';
import { baseName, normalizePath, parentOf } from './paths.js';
import { peekReason, peekText, type PeekBudget, type PeekReason } from './peek.js';

/**
 * One entry of one layer's tar: the fields of an ImageFile (metadata, and a
 * peek for files that may hold a secret) before layers are combined, plus
 * its modification time. For hardlinks, `linkTarget` is the absolute path
 * of the file linked to.
 */
export type LayerEntry = Omit<ImageFile, 'layer' | 'at'> & {
  /** Milliseconds since the epoch; 0 when the tar does not say. */
  mtime: number;
};

/** What one layer changes, in the order the layer's tar lists it. */
export interface LayerIndex {
  entries: LayerEntry[];
  /** Paths a `.wh.NAME` entry removes from the layers below. */
  whiteouts: string[];
  /** Directories a `.wh..wh..opq` entry empties of what the layers below put there. */
  opaqueDirs: string[];
  /** As the leading bytes told it. */
  compression: Compression;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/** `.wh..wh.plnk` and its kin: AUFS's own bookkeeping, not part of the filesystem. */
const AUFS_META_PREFIX = '.wh..wh.';
const TAR_BLOCK = 512;

type EntryStream = ExtractEvents['entry'][1];

/**
 * Indexes one layer blob as it streams past: its compression is sniffed from
 * the first bytes (gzip, zstd, or a plain tar), file contents are read only as
 * far as a peek needs and otherwise discarded. Throws a BlobError for a
 * corrupt or truncated layer, or an entry whose path climbs out of the root.
 */
export async function indexLayer(source: Readable, budget: PeekBudget): Promise<LayerIndex> {
  const { head, stream } = await peekHead(source);
  const sniffed = sniffCompression(head);
  if (sniffed === 'xz' || sniffed === 'bzip2') throw new BlobError(`the layer is ${sniffed}-compressed, which hullcheck does not read`);
  const index: LayerIndex = { entries: [], whiteouts: [], opaqueDirs: [], compression: sniffed };
  const tarBytes = decompressed(stream, sniffed);
  let total = 0;
  let endOfEntries = 0;
  tarBytes.on('data', (chunk: Buffer) => (total += chunk.length));
  const extract = tar.extract();
  extract.on('entry', (header: Header & { byteOffset?: number }, stream, next) => {
    stream.on('error', () => undefined); // the extract's own error is the one reported
    endOfEntries = (header.byteOffset ?? 0) + roundUpToBlock(header.size ?? 0);
    let entry: LayerEntry | undefined;
    try {
      entry = record(header, index);
    } catch (error) {
      next(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const reason = entry && entry.type === 'file' && entry.size > 0 ? peekReason(entry.path, entry.size) : undefined;
    if (entry && reason && budget[reason] > 0) readPeek(stream, entry, reason, budget, next);
    else drain(stream, next);
  });
  try {
    await pipeline(tarBytes, extract);
  } catch (error) {
    throw asBlobError(error, sniffed);
  }
  // tar-stream accepts a tar cut off between two entries; a complete one ends with zero blocks.
  if (total < endOfEntries + TAR_BLOCK) throw new BlobError('truncated layer: the tar ends without its end-of-archive marker');
  return index;
}

function roundUpToBlock(size: number): number {
  return Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
}

/** Adds the entry to the index, or the whiteout it stands for; returns the entry. */
function record(header: Header, index: LayerIndex): LayerEntry | undefined {
  const path = normalizePath(header.name);
  if (path.split('/').some((part) => part.startsWith(AUFS_META_PREFIX) && part !== OPAQUE_MARKER)) return undefined;
  const name = baseName(path);
  if (name === OPAQUE_MARKER) {
    index.opaqueDirs.push(parentOf(path));
    return undefined;
  }
  if (name.startsWith(WHITEOUT_PREFIX)) {
    const removed = name.slice(WHITEOUT_PREFIX.length);
    if (removed === '' || removed === '.' || removed === '..') throw new BlobError(`invalid whiteout entry ${JSON.stringify(header.name)}`);
    index.whiteouts.push(parentOf(path) === '/' ? `/${removed}` : `${parentOf(path)}/${removed}`);
    return undefined;
  }
  const type = fileType(header.type);
  const entry: LayerEntry = {
    path,
    type,
    mode: (header.mode ?? 0) & 0o7777,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    size: type === 'file' ? (header.size ?? 0) : 0,
    mtime: header.mtime?.getTime() ?? 0,
  };
  if (type === 'symlink') entry.linkTarget = header.linkname ?? '';
  if (type === 'hardlink') entry.linkTarget = normalizePath(header.linkname ?? '', 'hardlink target of');
  index.entries.push(entry);
  return entry;
}

function fileType(type: Header['type'] | null | undefined): ImageFileType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case null:
    case undefined:
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

function drain(stream: EntryStream, next: () => void): void {
  stream.on('end', () => next());
  stream.resume();
}

function readPeek(stream: EntryStream, entry: LayerEntry, reason: PeekReason, budget: PeekBudget, next: () => void): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  stream.on('data', (data) => {
    if (kept >= PEEK_BYTES) return;
    const part = (data as Buffer).subarray(0, PEEK_BYTES - kept);
    chunks.push(part);
    kept += part.length;
  });
  stream.on('end', () => {
    const text = peekText(Buffer.concat(chunks, kept), reason);
    if (text !== undefined) {
      entry.peek = text;
      budget[reason] -= text.length;
    }
    next();
  });
}

/** zlib's and tar-stream's errors, in words that say what is wrong with the layer. */
function asBlobError(error: unknown, compression: Compression): BlobError {
  if (error instanceof BlobError) return error;
  const message = oneLine(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    return new BlobError(message === 'unexpected end of file' ? 'truncated layer: the gzip data ends early' : `corrupt gzip data: ${message}`);
  }
  if (message === 'Unexpected end of data') return new BlobError('truncated layer: the tar ends inside an entry');
  if (message.startsWith('Invalid tar header')) {
    return new BlobError(compression === 'none' ? 'not a tar archive (or a corrupt one): invalid tar header' : 'corrupt tar inside the compressed layer: invalid tar header');
  }
  return new BlobError(`cannot read the layer: ${message}`);
}

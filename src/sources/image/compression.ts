import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { BlobError } from './errors.js';

export type Compression = 'gzip' | 'zstd' | 'none';

/** How many leading bytes decide the compression. */
const SNIFF_BYTES = 6;
/** Output buffer of the gunzip stream: larger than the default 16 KiB, fewer hand-overs per MiB. */
const GUNZIP_CHUNK = 128 * 1024;
/**
 * fzstd decompresses every complete block in what it is given at once, and one
 * 4-byte RLE block can stand for 128 KiB. Feeding it at most this much at a
 * time bounds the output held in memory (a "zstd bomb") to a few dozen MiB.
 */
const ZSTD_SLICE = 4 * 1024;

/** Compression as the leading bytes tell it. Other formats Docker once knew (xz, bzip2) are named to be refused. */
export function sniffCompression(head: Uint8Array): Compression | 'xz' | 'bzip2' {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0x00) return 'xz';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  return 'none';
}

/**
 * The first bytes of `source`, and a stream of all of its bytes, those first ones
 * included: `source` itself with the bytes put back, or, when it ended sooner
 * (nothing can be put back into an ended stream), a new stream of what it held.
 */
export function peekHead(source: Readable, bytes = SNIFF_BYTES): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (error: Error | undefined, ended: boolean) => {
      source.off('readable', onReadable);
      source.off('end', onEnd);
      source.off('error', onError);
      if (error) return reject(error);
      const head = Buffer.concat(chunks, length);
      if (ended) return resolve({ head, stream: Readable.from(head.length > 0 ? [head] : []) });
      source.unshift(head);
      resolve({ head: head.subarray(0, bytes), stream: source });
    };
    const onEnd = () => finish(undefined, true);
    const onError = (error: Error) => finish(error, false);
    const onReadable = () => {
      let chunk: Buffer | null;
      while (length < bytes && (chunk = source.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= bytes) finish(undefined, false);
    };
    source.on('readable', onReadable);
    source.on('end', onEnd);
    source.on('error', onError);
  });
}

/** The stream of decompressed bytes of `source`, whose compression is `compression`. */
export function decompressed(source: Readable, compression: Compression): Readable {
  switch (compression) {
    case 'none':
      return source;
    case 'gzip': {
      const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
      source.on('error', (error) => gunzip.destroy(error));
      return source.pipe(gunzip);
    }
    case 'zstd':
      return Readable.from(zstdChunks(source), { objectMode: false });
  }
}

async function* zstdChunks(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  const decoder = new Decompress((data) => {
    if (data.length > 0) out.push(Buffer.from(data.buffer, data.byteOffset, data.length));
  });
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      decoder.push(chunk, final);
    } catch (error) {
      throw new BlobError(`corrupt zstd data: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += ZSTD_SLICE) {
      push(chunk.subarray(at, at + ZSTD_SLICE), false);
      while (out.length > 0) yield out.shift() as Buffer;
    }
  }
  push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift() as Buffer;
}

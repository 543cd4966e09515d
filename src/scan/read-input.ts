import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { InputError } from '../facts/finding.js';
import { describeFsError, type DiscoveredFile } from './discover.js';

/** Files larger than this are reported, not scanned. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A discovered file with what reading it gave: its text, or the error that names it. */
export interface ReadFile {
  file: DiscoveredFile;
  read: { text: string } | { error: InputError };
}

/** Reads a discovered file (done on the main thread before a scan worker gets it). */
export function readDiscoveredFile(file: DiscoveredFile): ReadFile {
  return { file, read: readInputFile(file.absolute, file.path) };
}

export function readInputFile(absolute: string, shown: string): { text: string } | { error: InputError } {
  let read: { buffer: Buffer; size: number };
  try {
    read = readAtMost(absolute, MAX_FILE_BYTES + 1);
  } catch (error) {
    return { error: { file: shown, message: describeFsError(error) } };
  }
  return decodeInput(read.buffer, shown, read.size);
}

/**
 * Where files are read into, reused from one file to the next. A buffer per file is
 * memory outside V8's heap that only a collection gives back: reading thousands of files
 * that way made V8 collect for "external memory pressure", full collections included: in
 * a scan of 8,487 files, 17 of the main thread's collections, 7 of them full.
 */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/** `scratch` with room for `needed` bytes, the first `keep` of them kept. */
function scratchFor(needed: number, keep: number): Buffer {
  if (needed <= scratch.length) return scratch;
  const larger = Buffer.allocUnsafeSlow(Math.max(needed, scratch.length * 2));
  scratch.copy(larger, 0, 0, keep);
  scratch = larger;
  return scratch;
}

/**
 * Reads no more than `limit` bytes, so that a huge file, a device or an endless
 * pipe is rejected for its size instead of being read whole. `size` is the
 * file's real size when the file system knows it, Infinity when it is unknown
 * but over the limit. The bytes are only valid until the next read.
 */
function readAtMost(path: string, limit: number): { buffer: Buffer; size: number } {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > limit) return { buffer: Buffer.alloc(0), size: stat.size };
    let total = 0;
    // A regular file is read in one go (one byte more than its size, to see it end);
    // devices and pipes in 64 KiB steps.
    let step = stat.isFile() ? stat.size + 1 : 64 * 1024;
    while (total < limit) {
      const want = Math.min(step, limit - total);
      step = 64 * 1024;
      const count = readSync(fd, scratchFor(total + want, total), total, want, null);
      if (count === 0) break;
      total += count;
    }
    // A device or pipe that goes on past the limit has no size to tell.
    const size = total < limit ? total : stat.isFile() ? Math.max(stat.size, total) : Infinity;
    return { buffer: scratch.subarray(0, total), size };
  } finally {
    closeSync(fd);
  }
}

export function decodeInput(buffer: Buffer, shown: string, size = buffer.length): { text: string } | { error: InputError } {
  if (size > MAX_FILE_BYTES) {
    const limit = `${MAX_FILE_BYTES / 1024 / 1024} MiB`;
    const amount = Number.isFinite(size) ? `${(size / 1024 / 1024).toFixed(1)} MiB` : `more than ${limit}`;
    return { error: { file: shown, message: `is ${amount}; files over ${limit} are not scanned` } };
  }
  // Windows tools write UTF-16 with a byte order mark; YAML allows it, and its NUL bytes do not make it binary.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)) };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)) };
  if (buffer.subarray(0, 8192).includes(0)) {
    return { error: { file: shown, message: 'is a binary file, not a Dockerfile or Compose file' } };
  }
  return { text: buffer.toString('utf8').replace(/^\uFEFF/, '') };
}

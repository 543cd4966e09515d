import { createRequire } from 'node:module';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

type CreateHash = typeof import('node:crypto').createHash;

/**
 * Hex SHA-256 of UTF-8 text. The first `jsLimit` texts are hashed in JavaScript: loading
 * node:crypto costs about 5 ms, a large part of a single-file run. Past that, where the
 * native hash is some 3× faster per text, node:crypto is loaded and used. Both give the
 * same digest.
 */
export function createSha256Hex(jsLimit: number): (text: string) => string {
  let hashed = 0;
  let createHash: CreateHash | undefined;
  return (text) => {
    if (hashed < jsLimit) {
      hashed += 1;
      return bytesToHex(sha256(utf8ToBytes(text)));
    }
    createHash ??= (createRequire(import.meta.url)('node:crypto') as { createHash: CreateHash }).createHash;
    return createHash('sha256').update(text).digest('hex');
  };
}

/** About where the JavaScript hashes have cost as much as loading node:crypto. */
export const sha256Hex = createSha256Hex(1000);

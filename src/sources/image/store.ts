import type { LayerIndex } from './layer-index.js';

/**
 * Where an image's documents and layers come from: a streamed archive
 * (collected as it passed) or a layout directory (read on demand). Paths are
 * absolute within the archive or directory: `/manifest.json`, `/blobs/sha256/<hex>`.
 * Both methods throw a BlobError for a missing, unreadable or malformed blob.
 */
export interface BlobStore {
  has(path: string): boolean;
  /** The bytes of a small document (a manifest, an index, a config). */
  document(path: string): Promise<Buffer>;
  layer(path: string): Promise<LayerIndex>;
}

/** Documents (manifests, configs, indexes) larger than this are refused: they would be a corrupt or hostile archive. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { ImageFacts, ImageHistoryStep } from '../../facts/image.js';
import { imageFactsFromInspect, imageLabel, type ImageInspect } from '../engine/image-to-facts.js';
import { collectArchive } from './archive.js';
import { BlobError, ImageReadError, oneLine } from './errors.js';
import { buildContents, type ReadLayer } from './filesystem.js';
import type { Compression } from './compression.js';
import { layoutStore } from './layout.js';
import { isRecord, legacyCandidates, ociCandidates, parseJson, type BlobRef, type ImageCandidate } from './manifests.js';
import { newPeekBudget } from './peek.js';
import type { BlobStore } from './store.js';

export { ImageReadError } from './errors.js';

/** What one input held: the images read, and one error for each image (or the input) that could not be. */
export interface ImageReadResult {
  images: ImageFacts[];
  errors: ImageReadError[];
}

/** Layer media types, and the compression each says its bytes have. */
const LAYER_MEDIA_TYPES: ReadonlyMap<string, Compression> = new Map([
  ['application/vnd.oci.image.layer.v1.tar', 'none'],
  ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
  ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
  ['application/vnd.oci.image.layer.nondistributable.v1.tar', 'none'],
  ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'gzip'],
  ['application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', 'zstd'],
  ['application/vnd.docker.image.rootfs.diff.tar', 'none'],
  ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
  ['application/vnd.docker.image.rootfs.diff.tar.zstd', 'zstd'],
  ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'gzip'],
]);
const LEGACY_MEDIA_TYPE: Record<Compression, string> = {
  none: 'application/vnd.docker.image.rootfs.diff.tar',
  gzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  zstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
};

/**
 * Reads every image of a `docker save` archive or an OCI layout tarball (plain,
 * gzip or zstd) from a stream, in one pass, without writing anything to disk.
 * Never throws for bad input: each image that cannot be read is one error
 * naming it and its layer, and the archive's other images are still read.
 */
export async function readImageArchive(stream: Readable, source: string): Promise<ImageReadResult> {
  let store: BlobStore;
  try {
    store = await collectArchive(stream, newPeekBudget());
  } catch (error) {
    stream.destroy();
    return { images: [], errors: [new ImageReadError(`cannot read ${source}: ${oneLine(error)}`, source)] };
  }
  return readImages(store, source);
}

/** An OCI layout directory (or an unpacked `docker save` archive), or an archive file: whichever `path` is. */
export async function readImagePath(path: string): Promise<ImageReadResult> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'ELOOP' ? 'symlink loop' : oneLine(error);
    return { images: [], errors: [new ImageReadError(`cannot read ${path}: ${why}`, path)] };
  }
  if (isDirectory) return readImages(layoutStore(path, newPeekBudget()), path);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  stream.on('error', () => undefined); // reported through the reader
  try {
    return await readImageArchive(stream, path);
  } finally {
    stream.destroy();
  }
}

async function readImages(store: BlobStore, source: string): Promise<ImageReadResult> {
  const result: ImageReadResult = { images: [], errors: [] };
  let candidates: (ImageCandidate | { ref: string; error: BlobError })[];
  try {
    candidates = await listCandidates(store);
  } catch (error) {
    result.errors.push(new ImageReadError(`cannot read ${source}: ${oneLine(error)}`, source));
    return result;
  }
  if (candidates.length === 0) result.errors.push(new ImageReadError(`${source} holds no image`, source));
  for (const candidate of candidates) {
    if ('error' in candidate) {
      result.errors.push(new ImageReadError(`image ${candidate.ref}: ${candidate.error.message}`, source, candidate.ref));
      continue;
    }
    try {
      result.images.push(await readCandidate(store, candidate, source));
    } catch (error) {
      result.errors.push(error instanceof ImageReadError ? error : new ImageReadError(`image ${candidate.ref}: ${oneLine(error)}`, source, candidate.ref));
    }
  }
  return result;
}

/** `docker save` archives have a manifest.json (newer Docker writes an OCI index.json beside it); OCI layouts an index.json. */
async function listCandidates(store: BlobStore): Promise<(ImageCandidate | { ref: string; error: BlobError })[]> {
  if (store.has('/manifest.json')) return legacyCandidates(parseJson(await store.document('/manifest.json'), 'manifest.json'));
  if (store.has('/index.json')) return ociCandidates(store, parseJson(await store.document('/index.json'), 'index.json'));
  throw new BlobError('neither manifest.json nor index.json found: not a docker save archive or an OCI image layout');
}

interface ImageConfig {
  created?: string;
  config?: ImageInspect['Config'];
  history?: unknown;
  rootfs?: { diff_ids?: unknown };
}

async function readCandidate(store: BlobStore, candidate: ImageCandidate, source: string): Promise<ImageFacts> {
  const fail = (image: string, message: string, layer?: string) => new ImageReadError(`image ${image}: ${message}`, source, image, layer);
  let bytes: Buffer;
  let config: ImageConfig;
  try {
    bytes = await store.document(candidate.config.path);
    config = imageConfig(parseJson(bytes, 'the image config'));
  } catch (error) {
    throw fail(candidate.ref, `config ${candidate.config.digest ?? candidate.config.path.slice(1)}: ${oneLine(error)}`);
  }
  const id = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const inspect: ImageInspect = { Id: id, RepoTags: candidate.tags, Created: config.created ?? null, Config: config.config ?? null };
  const label = imageLabel(inspect);
  const name = label.slice('image:'.length);
  if (candidate.config.digest?.startsWith('sha256:') && candidate.config.digest !== id) {
    throw fail(name, `config ${candidate.config.digest}: the blob does not match its digest (corrupt archive)`);
  }
  const diffIds = Array.isArray(config.rootfs?.diff_ids) ? config.rootfs.diff_ids.filter((d): d is string => typeof d === 'string') : [];
  if (diffIds.length !== candidate.layers.length) {
    throw fail(name, `the config lists ${diffIds.length} layers but the manifest ${candidate.layers.length}`);
  }
  const layers: ReadLayer[] = [];
  for (const [i, ref] of candidate.layers.entries()) {
    const digest = ref.digest ?? (diffIds[i] as string);
    try {
      layers.push(await readLayer(store, ref, digest));
    } catch (error) {
      throw fail(name, `layer ${digest} (${i + 1} of ${candidate.layers.length}): ${oneLine(error)}`, digest);
    }
  }
  const facts = imageFactsFromInspect(inspect, historyOf(config.history));
  try {
    facts.contents = buildContents(label, layers);
  } catch (error) {
    const at = error instanceof BlobError && error.layerIndex !== undefined ? error.layerIndex : undefined;
    const digest = at === undefined ? undefined : layers[at]?.digest;
    throw fail(name, `${digest ? `layer ${digest} (${(at as number) + 1} of ${layers.length}): ` : ''}${oneLine(error)}`, digest);
  }
  return facts;
}

async function readLayer(store: BlobStore, ref: BlobRef, digest: string): Promise<ReadLayer> {
  const declared = ref.mediaType === undefined ? undefined : LAYER_MEDIA_TYPES.get(ref.mediaType);
  if (ref.mediaType !== undefined && declared === undefined) throw new BlobError(`unknown media type ${ref.mediaType || '(none)'}`);
  const index = await store.layer(ref.path);
  if (declared !== undefined && declared !== index.compression) {
    throw new BlobError(`declared ${declared === 'none' ? 'uncompressed' : declared} by its media type, but its bytes are ${index.compression === 'none' ? 'not compressed' : index.compression}`);
  }
  return { digest, mediaType: ref.mediaType ?? LEGACY_MEDIA_TYPE[index.compression], index };
}

function imageConfig(value: unknown): ImageConfig {
  if (!isRecord(value)) throw new BlobError('the image config is not a JSON object');
  const config = value.config;
  return {
    ...(typeof value.created === 'string' ? { created: value.created } : {}),
    ...(isRecord(config) ? { config: sanitizedConfig(config) } : {}),
    history: value.history,
    ...(isRecord(value.rootfs) ? { rootfs: value.rootfs } : {}),
  };
}

/** The config fields the facts read, each only when it has the type the Engine API gives it. */
function sanitizedConfig(config: Record<string, unknown>): NonNullable<ImageInspect['Config']> {
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null);
  const record = (value: unknown) => (isRecord(value) ? value : null);
  const health = record(config.Healthcheck);
  return {
    User: typeof config.User === 'string' ? config.User : null,
    Env: strings(config.Env),
    ExposedPorts: record(config.ExposedPorts),
    Healthcheck: health ? { Test: strings(health.Test) } : null,
    Labels: record(config.Labels) ? (Object.fromEntries(Object.entries(config.Labels as object).filter((e) => typeof e[1] === 'string')) as Record<string, string>) : null,
    Entrypoint: strings(config.Entrypoint),
    Cmd: strings(config.Cmd),
  };
}

function historyOf(value: unknown): ImageHistoryStep[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((step) => {
    const created = typeof step.created === 'string' ? new Date(step.created) : undefined;
    return {
      createdBy: typeof step.created_by === 'string' ? step.created_by : '',
      emptyLayer: step.empty_layer === true,
      ...(created && !Number.isNaN(created.getTime()) ? { created } : {}),
    };
  });
}

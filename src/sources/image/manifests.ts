import { BlobError } from './errors.js';
import { normalizePath } from './paths.js';
import type { BlobStore } from './store.js';

/** One image an archive or layout holds, as its manifest describes it. */
export interface ImageCandidate {
  /** How errors name the image before its config is read: its first tag, or `manifest.json entry 2`. */
  ref: string;
  tags: string[];
  config: BlobRef;
  layers: BlobRef[];
}

export interface BlobRef {
  /** Absolute within the archive or layout. */
  path: string;
  digest?: string;
  mediaType?: string;
}

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const CONFIG_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
const INDEX_TYPES: ReadonlySet<string> = new Set([OCI_INDEX, DOCKER_LIST]);
const MANIFEST_TYPES: ReadonlySet<string> = new Set([OCI_MANIFEST, DOCKER_MANIFEST]);
/** Indexes inside indexes: deeper than this is a loop or a hostile layout. */
const MAX_INDEX_DEPTH = 4;
const NAME_ANNOTATIONS = ['io.containerd.image.name', 'org.opencontainers.image.ref.name'];

export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new BlobError(`${what} is not valid JSON`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `docker save`'s manifest.json: one entry per image, paths relative to the archive root. */
export function legacyCandidates(manifest: unknown): ImageCandidate[] {
  if (!Array.isArray(manifest)) throw new BlobError('manifest.json is not a list of images');
  return manifest.map((entry, i) => {
    if (!isRecord(entry) || typeof entry.Config !== 'string' || !Array.isArray(entry.Layers) || !entry.Layers.every((l) => typeof l === 'string')) {
      throw new BlobError(`manifest.json entry ${i + 1} has no Config and Layers`);
    }
    const tags = Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((t): t is string => typeof t === 'string') : [];
    return {
      ref: tags[0] ?? `manifest.json entry ${i + 1}`,
      tags,
      config: { path: normalizePath(entry.Config, 'manifest path') },
      layers: (entry.Layers as string[]).map((layer) => ({ path: normalizePath(layer, 'manifest path') })),
    };
  });
}

interface Descriptor {
  mediaType: string;
  digest: string;
  annotations: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** Where a blob lives in a layout: `/blobs/<algorithm>/<encoded>`; a digest that could name another path is refused. */
export function blobPath(digest: string): string {
  const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
  if (!match) throw new BlobError(`invalid digest ${JSON.stringify(digest)}`);
  return `/blobs/${match[1] as string}/${match[2] as string}`;
}

function descriptor(value: unknown, what: string): Descriptor {
  if (!isRecord(value) || typeof value.digest !== 'string') throw new BlobError(`${what} is not a descriptor (no digest)`);
  const annotations = isRecord(value.annotations)
    ? Object.fromEntries(Object.entries(value.annotations).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
  const result: Descriptor = { mediaType: typeof value.mediaType === 'string' ? value.mediaType : '', digest: value.digest, annotations };
  if (isRecord(value.platform)) result.platform = value.platform as Descriptor['platform'] & object;
  return result;
}

/**
 * Each image of an OCI layout's index.json, or an error for it. A layout lists
 * an image once per name (tag); entries with the same digest are one image
 * with several tags.
 */
export async function ociCandidates(store: BlobStore, index: unknown): Promise<(ImageCandidate | { ref: string; error: BlobError })[]> {
  if (!isRecord(index) || !Array.isArray(index.manifests)) throw new BlobError('index.json has no manifests list');
  const byDigest = new Map<string, { top: Descriptor; tags: string[] }>();
  const results: (ImageCandidate | { ref: string; error: BlobError } | { digest: string })[] = [];
  for (const [i, entry] of index.manifests.entries()) {
    try {
      const top = descriptor(entry, `index.json entry ${i + 1}`);
      const name = NAME_ANNOTATIONS.map((key) => top.annotations[key]).find((n) => n);
      const seen = byDigest.get(top.digest);
      if (seen) {
        if (name) seen.tags.push(familiarName(name));
        continue;
      }
      byDigest.set(top.digest, { top, tags: name ? [familiarName(name)] : [] });
      results.push({ digest: top.digest });
    } catch (error) {
      results.push({ ref: `index.json entry ${i + 1}`, error: asBlobError(error) });
    }
  }
  const images: (ImageCandidate | { ref: string; error: BlobError })[] = [];
  for (const result of results) {
    if (!('digest' in result)) {
      images.push(result);
      continue;
    }
    const { top, tags } = byDigest.get(result.digest) as { top: Descriptor; tags: string[] };
    const ref = tags[0] ?? top.digest;
    try {
      images.push(await imageFromDescriptor(store, top, ref, tags, 0));
    } catch (error) {
      images.push({ ref, error: asBlobError(error) });
    }
  }
  return images;
}

function asBlobError(error: unknown): BlobError {
  return error instanceof BlobError ? error : new BlobError(error instanceof Error ? error.message : String(error));
}

/** `docker.io/library/nginx:1.27` as Docker shows it: `nginx:1.27`. */
export function familiarName(name: string): string {
  return name.replace(/^(?:docker\.io|index\.docker\.io)\/(?:library\/(?=[^/]+$))?/, '');
}

async function imageFromDescriptor(store: BlobStore, desc: Descriptor, ref: string, tags: string[], depth: number): Promise<ImageCandidate> {
  const path = blobPath(desc.digest);
  const document = parseJson(await store.document(path), `blob ${desc.digest}`);
  if (!isRecord(document)) throw new BlobError(`blob ${desc.digest} is not a manifest`);
  const mediaType = desc.mediaType || (typeof document.mediaType === 'string' ? document.mediaType : '') || (Array.isArray(document.manifests) ? OCI_INDEX : OCI_MANIFEST);
  if (INDEX_TYPES.has(mediaType)) {
    if (depth >= MAX_INDEX_DEPTH) throw new BlobError(`indexes nested deeper than ${MAX_INDEX_DEPTH} levels at ${desc.digest}`);
    return imageFromDescriptor(store, pickPlatform(store, document, desc.digest), ref, tags, depth + 1);
  }
  if (!MANIFEST_TYPES.has(mediaType)) throw new BlobError(`unknown media type ${mediaType} for ${desc.digest}`);
  if (!Array.isArray(document.layers)) throw new BlobError(`manifest ${desc.digest} has no layers list`);
  const config = descriptor(document.config, `the config of manifest ${desc.digest}`);
  if (config.mediaType && !CONFIG_MEDIA_TYPES.has(config.mediaType)) {
    throw new BlobError(`manifest ${desc.digest} is not a container image (config media type ${config.mediaType})`);
  }
  return {
    ref,
    tags,
    config: { path: blobPath(config.digest), digest: config.digest, mediaType: config.mediaType },
    layers: document.layers.map((layer, i) => {
      const d = descriptor(layer, `layer ${i + 1} of manifest ${desc.digest}`);
      return { path: blobPath(d.digest), digest: d.digest, mediaType: d.mediaType };
    }),
  };
}

/**
 * The one manifest of a multi-platform index the reader audits: attestations
 * and platforms whose blobs the archive does not hold are left out (`docker
 * save` of a multi-platform image keeps only the local one); of the rest,
 * linux/amd64 when present, else the first.
 */
function pickPlatform(store: BlobStore, index: Record<string, unknown>, digest: string): Descriptor {
  if (!Array.isArray(index.manifests)) throw new BlobError(`index ${digest} has no manifests list`);
  const entries = index.manifests.map((m, i) => descriptor(m, `entry ${i + 1} of index ${digest}`));
  const images = entries.filter((d) => d.platform?.os !== 'unknown' && d.annotations['vnd.docker.reference.type'] !== 'attestation-manifest');
  const present = images.filter((d) => store.has(blobPath(d.digest)));
  const chosen = present.find((d) => d.platform?.os === 'linux' && d.platform.architecture === 'amd64') ?? present[0];
  if (chosen) return chosen;
  if (images[0]) throw new BlobError(`missing blob: none of the ${images.length} platform manifests of index ${digest} is in the archive`);
  throw new BlobError(`index ${digest} lists no image manifest`);
}

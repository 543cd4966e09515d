import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/**
 * Image archives built in memory for the reader's tests: layer tars,
 * `docker save` archives (the legacy layout Docker 20.10 writes) and OCI
 * image layouts (as a directory or a tarball), and a converter from the first
 * to the second.
 */

export interface TarEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  body?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  linkname?: string;
  mtime?: Date;
}

/** The bytes as a stream of small chunks, so entries and headers straddle chunk boundaries. */
export function streamOf(bytes: Buffer, chunk = 100): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
  return Readable.from(chunks);
}

const EPOCH = new Date('2024-01-02T03:04:05Z');

export async function tarOf(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const done = collect(pack);
  for (const e of entries) {
    const body = e.body === undefined ? Buffer.alloc(0) : Buffer.from(e.body);
    const type = e.type ?? 'file';
    pack.entry(
      {
        name: e.name,
        type,
        mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
        uid: e.uid ?? 0,
        gid: e.gid ?? 0,
        mtime: e.mtime ?? EPOCH,
        ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
      },
      type === 'file' ? body : Buffer.alloc(0),
    );
  }
  pack.finalize();
  return done;
}

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * A zstd frame of raw (stored) blocks, and one RLE block for a run of equal
 * bytes: enough of the format to test the reader's zstd path without a zstd
 * compressor in Node 20.
 */
export function zstdStored(data: Buffer, rle?: { byte: number; count: number }): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])];
  const blockHeader = (last: boolean, type: number, size: number) => {
    const value = (last ? 1 : 0) | (type << 1) | (size << 3);
    return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
  };
  const BLOCK = 128 * 1024;
  const blocks: Buffer[] = [];
  for (let at = 0; at < data.length; at += BLOCK) blocks.push(data.subarray(at, at + BLOCK));
  if (blocks.length === 0) blocks.push(Buffer.alloc(0));
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1 && !rle;
    parts.push(blockHeader(last, 0, block.length), block);
  });
  if (rle) parts.push(blockHeader(true, 1, rle.count), Buffer.from([rle.byte]));
  return Buffer.concat(parts);
}

export type LayerCompression = 'none' | 'gzip' | 'zstd';

export interface LayerSpec {
  entries?: readonly TarEntry[];
  /** The layer's bytes as they are stored, when a test wants them exactly (a corrupt layer). */
  stored?: Buffer;
  compression?: LayerCompression;
  /** The OCI media type to declare, when not the one the compression implies. */
  mediaType?: string;
}

export interface ImageSpec {
  tags?: string[];
  config?: Record<string, unknown>;
  history?: { created_by: string; empty_layer?: boolean }[];
  created?: string;
  layers: readonly LayerSpec[];
}

interface BuiltLayer {
  stored: Buffer;
  diffId: string;
  digest: string;
  mediaType: string;
}

async function buildLayer(spec: LayerSpec): Promise<BuiltLayer> {
  const plain = await tarOf(spec.entries ?? []);
  const compression = spec.compression ?? 'none';
  const stored = spec.stored ?? (compression === 'gzip' ? gzipSync(plain) : compression === 'zstd' ? zstdStored(plain) : plain);
  const mediaType =
    spec.mediaType ?? (compression === 'none' ? 'application/vnd.oci.image.layer.v1.tar' : `application/vnd.oci.image.layer.v1.tar+${compression}`);
  return { stored, diffId: sha256(plain), digest: sha256(stored), mediaType };
}

function configOf(spec: ImageSpec, layers: readonly BuiltLayer[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: spec.created ?? '2024-01-02T03:04:05Z',
      config: spec.config ?? {},
      history: spec.history ?? layers.map((_, i) => ({ created_by: `/bin/sh -c step ${i + 1}` })),
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    }),
  );
}

/** A `docker save` archive in the legacy layout: `<id>/layer.tar`, `<hex>.json`, then manifest.json, as Docker 20.10 orders them. */
export async function dockerSave(images: readonly ImageSpec[], options: { gzip?: boolean } = {}): Promise<Buffer> {
  const files = new Map<string, Buffer>();
  const manifest = [];
  for (const image of images) {
    const layers = await Promise.all(image.layers.map(buildLayer));
    const config = configOf(image, layers);
    const configName = `${sha256(config).slice('sha256:'.length)}.json`;
    files.set(configName, config);
    const layerPaths = layers.map((layer) => {
      const dir = createHash('sha256').update(layer.digest).digest('hex');
      files.set(`${dir}/layer.tar`, layer.stored);
      files.set(`${dir}/VERSION`, Buffer.from('1.0'));
      files.set(`${dir}/json`, Buffer.from('{}'));
      return `${dir}/layer.tar`;
    });
    manifest.push({ Config: configName, RepoTags: image.tags ?? null, Layers: layerPaths });
  }
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  files.set('repositories', Buffer.from('{}'));
  const archive = await tarOfFiles(files);
  return options.gzip ? gzipSync(archive) : archive;
}

/** The files of an OCI image layout (path -> bytes), one manifest per image in index.json. */
export async function ociLayout(images: readonly ImageSpec[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const blob = (bytes: Buffer) => {
    const digest = sha256(bytes);
    files.set(`blobs/sha256/${digest.slice('sha256:'.length)}`, bytes);
    return { digest, size: bytes.length };
  };
  const manifests = [];
  for (const image of images) {
    const layers = await Promise.all(image.layers.map(buildLayer));
    const config = blob(configOf(image, layers));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: layers.map((l) => ({ mediaType: l.mediaType, ...blob(l.stored) })),
      }),
    );
    // One index entry per tag, as Docker writes them.
    const entry = { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...blob(manifest) };
    if (!image.tags?.length) manifests.push(entry);
    for (const tag of image.tags ?? []) {
      manifests.push({ ...entry, annotations: { 'io.containerd.image.name': `docker.io/library/${tag}`, 'org.opencontainers.image.ref.name': tag.split(':')[1] ?? 'latest' } });
    }
  }
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests })));
  return files;
}

/** A tar of the given files, in the order given. */
export function tarOfFiles(files: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  return tarOf([...files].map(([name, body]) => ({ name, body })));
}

export function writeFiles(dir: string, files: ReadonlyMap<string, Buffer>): void {
  for (const [name, body] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
}

/** Reads a tar (a `docker save` archive) into memory: test archives are small. */
export async function filesOfTar(archive: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file') files.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  extract.end(archive);
  await done;
  return files;
}

/**
 * The OCI image layout holding the same images as a legacy `docker save`
 * archive: the same config bytes (so the same image ids), each layer gzipped
 * into a blob, and the first tag as the image name.
 */
export async function ociLayoutFromDockerSave(archive: Buffer): Promise<Map<string, Buffer>> {
  const saved = await filesOfTar(archive);
  const manifestFile = saved.get('manifest.json');
  if (!manifestFile) throw new Error('not a legacy docker save archive: no manifest.json');
  const entries = JSON.parse(manifestFile.toString('utf8')) as { Config: string; RepoTags: string[] | null; Layers: string[] }[];
  const files = new Map<string, Buffer>();
  const blob = (bytes: Buffer) => {
    const digest = sha256(bytes);
    files.set(`blobs/sha256/${digest.slice('sha256:'.length)}`, bytes);
    return { digest, size: bytes.length };
  };
  const manifests = entries.map((entry) => {
    const read = (path: string) => {
      const bytes = saved.get(path);
      if (!bytes) throw new Error(`docker save archive has no ${path}`);
      return bytes;
    };
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(read(entry.Config)) },
        layers: entry.Layers.map((path) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...blob(gzipSync(read(path))) })),
      }),
    );
    const name = entry.RepoTags?.[0];
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      ...blob(manifest),
      ...(name ? { annotations: { 'io.containerd.image.name': name } } : {}),
    };
  });
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests })));
  return files;
}

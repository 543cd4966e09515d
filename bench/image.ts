// The image part of `npm run bench`: `hullcheck image` on a generated `docker save`
// archive of more than 1 GiB of layers (tens of thousands of small files and a few
// large ones, gzip layers), its speed in MB/s of compressed input and its peak RSS,
// against plain `gzip -dc` over the same layer files as the floor. Returns a
// Markdown section. Everything is written under the OS temp directory and deleted.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { median } from './stats.js';

const RUNS = 3;
const MiB = 1024 * 1024;
/** zlib level 1: the archive is made in seconds; inflating costs about the same whatever the level. */
const GZIP_LEVEL = 1;
const SMALL_FILE_LAYERS = 4;
const SMALL_FILES_PER_LAYER = 25_000;
const LARGE_FILE_LAYERS = 4;
const LARGE_FILES_PER_LAYER = 2;
const LARGE_FILE_BYTES = 80 * MiB;
/** Targets from issue 4. */
const TARGET_FLOOR_SHARE = 0.6;
const TARGET_RSS_MB = 300;

interface LayerFile {
  path: string;
  diffId: string;
  uncompressed: number;
  compressed: number;
}

/** Bytes that compress about as well as binaries do: random runs next to text. */
class Content {
  private readonly random = randomBytes(16 * MiB);
  private readonly text = Buffer.from(
    Array.from({ length: 40_000 }, (_, i) => `line ${i}: the quick brown fox ${(i * 2654435761) % 1000003} jumps over the lazy dog\n`).join(''),
  );
  private offset = 0;

  /** `size` bytes, half random and half text. */
  mixed(size: number): Buffer {
    const half = size >> 1;
    return Buffer.concat([this.slice(this.random, half), this.slice(this.text, size - half)]);
  }

  /** Text only: configuration-like files the reader keeps a peek of. */
  textual(size: number): Buffer {
    return this.slice(this.text, size);
  }

  private slice(pool: Buffer, size: number): Buffer {
    this.offset = (this.offset + 7919) % (pool.length - size);
    return pool.subarray(this.offset, this.offset + size);
  }
}

async function writeLayer(path: string, fill: (pack: tar.Pack) => Promise<void>): Promise<LayerFile> {
  const pack = tar.pack();
  const hash = createHash('sha256');
  let uncompressed = 0;
  const tee = new PassThrough();
  tee.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    uncompressed += chunk.length;
  });
  const written = pipeline(pack, tee, createGzip({ level: GZIP_LEVEL }), createWriteStream(path));
  await fill(pack);
  pack.finalize();
  await written;
  return { path, diffId: `sha256:${hash.digest('hex')}`, uncompressed, compressed: statSync(path).size };
}

function addEntry(pack: tar.Pack, name: string, body: Buffer, mode = 0o644): Promise<void> {
  return new Promise((resolve, reject) => pack.entry({ name, mode, mtime: new Date(0) }, body, (error) => (error ? reject(error) : resolve())));
}

/** Many small files per layer, under a system tree (three layers) and an application tree (one). */
async function smallFilesLayer(pack: tar.Pack, content: Content, layer: number): Promise<void> {
  const root = layer === 0 ? 'app/src' : `usr/lib/python3/dist-packages/pkg${layer}`;
  for (let i = 0; i < SMALL_FILES_PER_LAYER; i++) {
    const size = 1024 + ((i * 7919) % 7168);
    const body = layer === 0 ? content.textual(size) : content.mixed(size);
    await addEntry(pack, `${root}/module${i % 500}/file${i}.py`, body);
  }
}

async function largeFilesLayer(pack: tar.Pack, content: Content, layer: number): Promise<void> {
  for (let f = 0; f < LARGE_FILES_PER_LAYER; f++) {
    const chunks: Buffer[] = [];
    for (let done = 0; done < LARGE_FILE_BYTES; done += 64 * 1024) chunks.push(content.mixed(64 * 1024));
    await addEntry(pack, `opt/data${layer}/blob${f}.bin`, Buffer.concat(chunks), 0o755);
  }
}

/** A legacy `docker save` archive: each layer as `<n>/layer.tar` (gzip), the config, then manifest.json, as Docker orders them. */
async function writeArchive(path: string, layers: LayerFile[]): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createWriteStream(path));
  for (const [i, layer] of layers.entries()) {
    const entry = pack.entry({ name: `${String(i).padStart(64, '0')}/layer.tar`, size: layer.compressed, mode: 0o644 });
    await pipeline(createReadStream(layer.path), entry as unknown as Writable);
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: new Date().toISOString(),
      config: { User: '10001', Env: ['PATH=/usr/bin:/bin'] },
      history: layers.map((_, i) => ({ created_by: `/bin/sh -c generate layer ${i}` })),
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  await new Promise<void>((resolve, reject) => pack.entry({ name: configName }, config, (e) => (e ? reject(e) : resolve())));
  const manifest = [{ Config: configName, RepoTags: ['bench/large:1'], Layers: layers.map((_, i) => `${String(i).padStart(64, '0')}/layer.tar`) }];
  await new Promise<void>((resolve, reject) => pack.entry({ name: 'manifest.json' }, JSON.stringify(manifest), (e) => (e ? reject(e) : resolve())));
  pack.finalize();
  await written;
}


function timed(command: string, args: string[]): { ms: number; stderr: string; status: number | null } {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, stderr: result.stderr, status: result.status };
}

/** The child reports its own peak resident set size as it exits (KiB on Linux). */
const REPORT_MAX_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS+'\\n'))`;

export async function imageBenchmark(root: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'hullcheck-bench-image.'));
  try {
    const content = new Content();
    const layers: LayerFile[] = [];
    const made = Date.now();
    for (let i = 0; i < SMALL_FILE_LAYERS; i++) layers.push(await writeLayer(join(work, `small${i}.tar.gz`), (p) => smallFilesLayer(p, content, i)));
    for (let i = 0; i < LARGE_FILE_LAYERS; i++) layers.push(await writeLayer(join(work, `large${i}.tar.gz`), (p) => largeFilesLayer(p, content, i)));
    const archive = join(work, 'image.tar');
    await writeArchive(archive, layers);
    const generatedMs = Date.now() - made;
    const compressed = layers.reduce((sum, l) => sum + l.compressed, 0);
    const uncompressed = layers.reduce((sum, l) => sum + l.uncompressed, 0);
    const files = SMALL_FILE_LAYERS * SMALL_FILES_PER_LAYER + LARGE_FILE_LAYERS * LARGE_FILES_PER_LAYER;

    const cli = join(root, 'bin/hullcheck.js');
    const reader = () => {
      const run = timed(process.execPath, ['--import', REPORT_MAX_RSS, cli, 'image', archive, '--format', 'json', '--output', join(work, 'report.json'), '--fail-on', 'none']);
      if (run.status !== 0) throw new Error(`hullcheck image exited ${run.status}: ${run.stderr.slice(0, 500)}`);
      const rss = /maxrss=(\d+)/.exec(run.stderr);
      return { ms: run.ms, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
    };
    const floor = () => {
      const run = timed('gzip', ['-dc', ...layers.map((l) => l.path)]);
      if (run.status !== 0) throw new Error(`gzip -dc exited ${run.status}: ${run.stderr.slice(0, 300)}`);
      return run.ms;
    };
    floor(); // warm the page cache with the layer files
    const load = loadavg()[0] ?? 0;
    const readerRuns = Array.from({ length: RUNS }, reader);
    const floorRuns = Array.from({ length: RUNS }, floor);
    const readerMs = median(readerRuns.map((r) => r.ms));
    const floorMs = median(floorRuns);
    const peakRss = Math.max(...readerRuns.map((r) => r.rssMb));
    const mbps = (ms: number) => compressed / MiB / (ms / 1000);
    const share = mbps(readerMs) / mbps(floorMs);
    const mb = (bytes: number) => (bytes / MiB).toFixed(0);
    return `## Image: a docker save archive of ${(uncompressed / 1024 / MiB).toFixed(2)} GiB of layers

\`hullcheck image\` on a \`docker save\` archive the benchmark generates (bench/image.ts, in ${(generatedMs / 1000).toFixed(0)} s, under the OS temp
directory, deleted afterwards): ${layers.length} gzip layers (zlib level ${GZIP_LEVEL}), ${files.toLocaleString('en')} files, ${SMALL_FILE_LAYERS} layers of
${SMALL_FILES_PER_LAYER.toLocaleString('en')} files of 1 to 8 KiB and ${LARGE_FILE_LAYERS} layers of ${LARGE_FILES_PER_LAYER} files of ${LARGE_FILE_BYTES / MiB} MiB;
${mb(uncompressed)} MiB of layers uncompressed, ${mb(compressed)} MiB compressed. The CLI runs as a user runs it (every image rule, JSON report
to a file) in a fresh process; its peak RSS is the process's own \`maxRSS\`. The floor is \`gzip -dc\` over the same layer
files, output discarded. Median of ${RUNS} runs each, page cache warm; the one-minute load average was ${load.toFixed(1)} when they started.

| what | time | MB/s of compressed input | share of the floor | peak RSS | target |
|---|---|---|---|---|---|
| \`gzip -dc\` over the layer files (floor) | ${floorMs.toFixed(0)} ms | ${mbps(floorMs).toFixed(0)} | 100% | – | – |
| \`hullcheck image image.tar\` | ${readerMs.toFixed(0)} ms | **${mbps(readerMs).toFixed(0)}** | **${(share * 100).toFixed(0)}%** | **${peakRss.toFixed(0)} MB** | ≥ ${TARGET_FLOOR_SHARE * 100}% of the floor, < ${TARGET_RSS_MB} MB |
`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

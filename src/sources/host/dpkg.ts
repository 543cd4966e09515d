import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { InstalledPackage } from '../../facts/host.js';

type Component = InstalledPackage['component'];

/**
 * Packages that provide each component. Docker's `containerd.io` ships its
 * own runc binary next to containerd, so it stands for both.
 */
const PROVIDERS: ReadonlyArray<{ name: string; components: Component[] }> = [
  { name: 'docker.io', components: ['engine'] },
  { name: 'docker-ce', components: ['engine'] },
  { name: 'moby-engine', components: ['engine'] },
  { name: 'runc', components: ['runc'] },
  { name: 'containerd', components: ['containerd'] },
  { name: 'containerd.io', components: ['containerd', 'runc'] },
];

const STATUS_FILE = '/var/lib/dpkg/status';

/** Decompressed changelog text read at most: kernel changelogs run to tens of MB, and the CVEs that matter are at the top. */
const DEFAULT_CHANGELOG_LIMIT = 32 * 1024 * 1024;

const CVE_ID = /CVE-\d{4}-\d{4,7}/gi;
/** Kept between chunks so an id split across two chunks is still seen. */
const CHUNK_OVERLAP = 20;

export interface DpkgOptions {
  /** The machine's root directory: '/' for this machine, a temporary directory in tests. */
  root?: string;
  /** `uname -r` of the running kernel, whose image package is `linux-image-<release>`. */
  kernelRelease?: string;
  /** Most decompressed bytes read from one changelog. */
  changelogLimit?: number;
}

interface StatusEntry {
  name: string;
  version: string;
  installed: boolean;
  line: number;
}

/**
 * The installed packages that provide the engine, runc, containerd and the
 * running kernel, each with the CVE ids its Debian changelog mentions. A
 * missing status file or changelog is not an error: what exists is returned.
 */
export async function readDpkgPackages(options: DpkgOptions = {}): Promise<InstalledPackage[]> {
  const root = options.root ?? '/';
  const status = await readOptionalText(machinePath(root, STATUS_FILE));
  if (status === undefined) return [];
  const wanted = providers(options.kernelRelease);
  const packages: InstalledPackage[] = [];
  for (const entry of parseDpkgStatus(status)) {
    const components = wanted.get(entry.name);
    if (!entry.installed || !components) continue;
    const changelogCves = await readChangelogCves(root, entry.name, options.changelogLimit ?? DEFAULT_CHANGELOG_LIMIT);
    for (const component of components) packages.push(installedPackage(entry, component, changelogCves));
  }
  return packages;
}

function providers(kernelRelease: string | undefined): Map<string, Component[]> {
  const wanted = new Map(PROVIDERS.map((p) => [p.name, p.components]));
  if (kernelRelease) {
    wanted.set(`linux-image-${kernelRelease}`, ['kernel']);
    wanted.set(`linux-image-unsigned-${kernelRelease}`, ['kernel']);
  }
  return wanted;
}

function installedPackage(entry: StatusEntry, component: Component, changelogCves: ReadonlySet<string> | undefined): InstalledPackage {
  return {
    name: entry.name,
    version: entry.version,
    component,
    manager: 'dpkg',
    ...(changelogCves ? { changelogCves } : {}),
    at: { file: STATUS_FILE, line: entry.line, column: 1 },
  };
}

/** Paragraphs of the dpkg status file, with the line of each `Package:` field. */
export function parseDpkgStatus(text: string): StatusEntry[] {
  const entries: StatusEntry[] = [];
  let current: Partial<StatusEntry> & { status?: string } = {};
  const finish = (): void => {
    if (current.name && current.line !== undefined) {
      entries.push({ name: current.name, version: current.version ?? '', installed: isInstalled(current.status), line: current.line });
    }
    current = {};
  };
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return finish();
    const field = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (!field) return;
    const [, key = '', value = ''] = field;
    if (key === 'Package') current = { name: value.trim(), line: index + 1 };
    else if (key === 'Version') current.version = value.trim();
    else if (key === 'Status') current.status = value.trim();
  });
  finish();
  return entries;
}

/** `Status: install ok installed`: the third word is the package's state. */
function isInstalled(status: string | undefined): boolean {
  return status?.split(/\s+/)[2] === 'installed';
}

/** CVE ids in the package's Debian changelog; undefined when there is none or it cannot be read. */
async function readChangelogCves(root: string, name: string, limit: number): Promise<ReadonlySet<string> | undefined> {
  const directory = machinePath(root, posix.join('/usr/share/doc', name));
  const compressed = await scanCves(posix.join(directory, 'changelog.Debian.gz'), true, limit);
  if (compressed !== 'missing') return compressed;
  const plain = await scanCves(posix.join(directory, 'changelog.Debian'), false, limit);
  return plain === 'missing' ? undefined : plain;
}

/**
 * Streams the file (gunzipping it when asked) and collects CVE ids, without
 * holding the text. A corrupt gzip gives undefined: a partial list would
 * read as "the changelog does not mention it".
 */
function scanCves(path: string, gzipped: boolean, limit: number): Promise<ReadonlySet<string> | undefined | 'missing'> {
  return new Promise((resolve) => {
    const ids = new Set<string>();
    const file = createReadStream(path);
    const text = gzipped ? file.pipe(createGunzip()) : file;
    let carry = '';
    let read = 0;
    let finished = false;
    const done = (result: ReadonlySet<string> | undefined | 'missing'): void => {
      if (finished) return;
      finished = true;
      file.destroy();
      text.destroy();
      resolve(result);
    };
    file.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'missing' : undefined));
    if (gzipped) text.on('error', () => done(undefined));
    text.on('data', (chunk: Buffer) => {
      const window = carry + chunk.toString('latin1');
      collectCves(window, ids, false);
      carry = window.slice(-CHUNK_OVERLAP);
      read += chunk.length;
      if (read >= limit) done(ids);
    });
    text.on('end', () => {
      collectCves(carry, ids, true);
      done(ids);
    });
  });
}

/** Until the text ends, an id touching the end of the window may go on in the next chunk (`CVE-2024-1234` of `CVE-2024-12345`). */
function collectCves(window: string, ids: Set<string>, final: boolean): void {
  for (const match of window.matchAll(CVE_ID)) {
    if (!final && match.index + match[0].length === window.length) continue;
    ids.add(match[0].toUpperCase());
  }
}

async function readOptionalText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function machinePath(root: string, path: string): string {
  return posix.join(root, path);
}

import type { ImageContents, ImageFile, OsRelease } from '../../facts/image.js';
import type { Location } from '../../facts/location.js';
import { BlobError } from './errors.js';
import type { LayerEntry, LayerIndex } from './layer-index.js';
import { symlinkDestination } from './paths.js';

export interface ReadLayer {
  digest: string;
  mediaType: string;
  index: LayerIndex;
}

/** A directory level of the filesystem being assembled; `entry` is absent for a directory no layer listed itself. */
interface Node {
  entry?: LayerEntry;
  layer: number;
  children?: Map<string, Node>;
}

/** Linux gives up on a path after 40 symlinks (ELOOP); so does the reader. */
const MAX_SYMLINK_HOPS = 40;

const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];
const PACKAGE_DATABASES: readonly { kind: 'dpkg' | 'apk' | 'rpm'; paths: string[] }[] = [
  { kind: 'dpkg', paths: ['/var/lib/dpkg/status'] },
  { kind: 'apk', paths: ['/lib/apk/db/installed', '/usr/lib/apk/db/installed'] },
  {
    kind: 'rpm',
    paths: ['/var/lib/rpm/rpmdb.sqlite', '/var/lib/rpm/Packages', '/var/lib/rpm/Packages.db', '/usr/lib/sysimage/rpm/rpmdb.sqlite', '/usr/lib/sysimage/rpm/Packages', '/usr/lib/sysimage/rpm/Packages.db'],
  },
];
/** Where package managers keep what they installed; the newest file there dates the last install. */
const PACKAGE_METADATA_TREES = ['/var/lib/dpkg/', '/lib/apk/db/', '/usr/lib/apk/db/', '/var/lib/rpm/', '/usr/lib/sysimage/rpm/'];

/**
 * The final filesystem of an image: its layers applied in order, as Docker
 * applies them. Before a layer's own entries, its opaque directories lose what
 * the layers below put in them and its whiteouts remove their paths (with
 * everything under them); a non-directory replaces a directory with its whole
 * subtree. Links are recorded, never followed, except to find os-release and
 * the package databases.
 */
export function buildContents(label: string, layers: readonly ReadLayer[]): ImageContents {
  const root: Node = { layer: 0 };
  layers.forEach((layer, number) => applyLayer(root, layer.index, number));
  const files = new Map<string, ImageFile>();
  let newestPackageMetadata = 0;
  const at = (path: string): Location => ({ file: label, line: 0, column: 0, path });
  walk(root, '', (path, node, entry) => {
    const file: ImageFile = { path, type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: entry.size, layer: node.layer, at: at(path) };
    if (entry.linkTarget !== undefined) file.linkTarget = entry.linkTarget;
    if (entry.peek !== undefined) file.peek = entry.peek;
    files.set(path, file);
    if (entry.type === 'file' && entry.mtime > newestPackageMetadata && PACKAGE_METADATA_TREES.some((tree) => path.startsWith(tree))) {
      newestPackageMetadata = entry.mtime;
    }
  });
  const contents: ImageContents = {
    files,
    layers: layers.map(({ digest, mediaType }) => ({ digest, mediaType })),
    packageDatabases: packageDatabases(files),
  };
  const osRelease = findOsRelease(files);
  if (osRelease) contents.osRelease = { value: osRelease.value, at: at(osRelease.path) };
  if (newestPackageMetadata > 0) contents.newestPackageMetadata = new Date(newestPackageMetadata);
  return contents;
}

function applyLayer(root: Node, index: LayerIndex, layer: number): void {
  for (const dir of index.opaqueDirs) {
    const node = find(root, dir);
    if (node?.children) node.children = new Map();
  }
  for (const path of index.whiteouts) {
    const slash = path.lastIndexOf('/');
    find(root, path.slice(0, slash) || '/')?.children?.delete(path.slice(slash + 1));
  }
  for (const entry of index.entries) {
    const node = ensure(root, entry.path);
    if (entry.type !== 'directory') node.children = undefined;
    node.entry = entry;
    node.layer = layer;
  }
}

function parts(path: string): string[] {
  return path === '/' ? [] : path.slice(1).split('/');
}

function find(root: Node, path: string): Node | undefined {
  let node: Node | undefined = root;
  for (const part of parts(path)) {
    node = node.children?.get(part);
    if (!node) return undefined;
  }
  return node;
}

function ensure(root: Node, path: string): Node {
  let node = root;
  for (const part of parts(path)) {
    node.children ??= new Map();
    let child = node.children.get(part);
    if (!child) {
      child = { layer: 0 };
      node.children.set(part, child);
    }
    node = child;
  }
  return node;
}

/** Depth first, parents before children, without recursion (images can nest deeply). */
function walk(root: Node, rootPath: string, visit: (path: string, node: Node, entry: LayerEntry) => void): void {
  const stack: [string, Node][] = [[rootPath, root]];
  while (stack.length > 0) {
    const [path, node] = stack.pop() as [string, Node];
    if (node.entry) visit(path || '/', node, node.entry);
    if (!node.children) continue;
    const children = [...node.children];
    for (let i = children.length - 1; i >= 0; i--) {
      const [name, child] = children[i] as [string, Node];
      stack.push([`${path}/${name}`, child]);
    }
  }
}

/**
 * The file a path names in the final filesystem, symlinks in any of its
 * components followed (relative to their directory, `..` stopping at the root
 * as in a chroot). Throws a BlobError on a symlink loop.
 */
export function resolveFile(files: ReadonlyMap<string, ImageFile>, path: string): ImageFile | undefined {
  let remaining = parts(path);
  let current = '';
  let hops = 0;
  while (remaining.length > 0) {
    const next = `${current}/${remaining[0] as string}`;
    const file = files.get(next);
    if (file?.type === 'symlink') {
      if (++hops > MAX_SYMLINK_HOPS) throw new BlobError(`symlink loop: ${path} does not resolve (${next} -> ${file.linkTarget ?? ''})`, file.layer);
      remaining = [...parts(symlinkDestination(current || '/', file.linkTarget ?? '')), ...remaining.slice(1)];
      current = '';
      continue;
    }
    current = next;
    remaining = remaining.slice(1);
  }
  const found = files.get(current || '/');
  return found?.type === 'hardlink' && found.linkTarget ? (files.get(found.linkTarget) ?? found) : found;
}

function packageDatabases(files: ReadonlyMap<string, ImageFile>): ImageContents['packageDatabases'] {
  const found: ImageContents['packageDatabases'] = [];
  for (const { kind, paths } of PACKAGE_DATABASES) {
    const path = paths.find((p) => resolveFile(files, p)?.type === 'file');
    if (path) found.push({ kind, path });
  }
  return found;
}

function findOsRelease(files: ReadonlyMap<string, ImageFile>): { path: string; value: OsRelease } | undefined {
  for (const path of OS_RELEASE_PATHS) {
    const file = resolveFile(files, path);
    if (file?.type !== 'file' || file.peek === undefined) continue;
    return { path, value: parseOsRelease(file.peek) };
  }
  return undefined;
}

/** os-release(5): KEY=value lines, values optionally quoted, shell escapes inside double quotes; ID defaults to `linux`. */
export function parseOsRelease(text: string): OsRelease {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (match) fields.set(match[1] as string, unquote((match[2] as string).trim()));
  }
  const release: OsRelease = { id: (fields.get('ID') || 'linux').toLowerCase() };
  const versionId = fields.get('VERSION_ID');
  const codename = fields.get('VERSION_CODENAME');
  const prettyName = fields.get('PRETTY_NAME');
  if (versionId) release.versionId = versionId;
  if (codename) release.codename = codename;
  if (prettyName) release.prettyName = prettyName;
  return release;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\([\\"`$])/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

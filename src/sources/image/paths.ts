import { BlobError } from './errors.js';

/**
 * The absolute, normalised form of a path inside an image or an archive:
 * `./usr//bin/../lib/` -> `/usr/lib`. A leading `/` is read as the root (as
 * Docker does when it applies a layer). A `..` that would climb above the root
 * is a path-traversal entry, and an error: an extracting tool would write
 * outside its target directory.
 */
export function normalizePath(name: string, what = 'entry'): string {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) throw new BlobError(`${what} ${JSON.stringify(name)} escapes the root (path traversal)`);
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return `/${parts.join('/')}`;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Where a symlink in `dir` pointing at `target` leads, inside the image: as in
 * a chroot, `..` at the root stays at the root.
 */
export function symlinkDestination(dir: string, target: string): string {
  const parts: string[] = [];
  for (const part of (target.startsWith('/') ? target : `${dir}/${target}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

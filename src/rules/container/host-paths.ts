import type { MountFact } from '../../facts/container.js';

/**
 * Where on the host a bind mount's source points, as far as the text tells:
 * an absolute path, a path inside a home directory (`~`, `$HOME`), or
 * something else (project-relative `./data`, another `$VARIABLE`).
 */
export type HostPath =
  | { kind: 'absolute'; path: string }
  | { kind: 'home'; path: string; rest: string }
  | { kind: 'other'; path: string };

const HOME_PREFIX = /^(?:~[A-Za-z0-9._-]*|\$HOME\b|\$\{HOME\})(?=\/|$)/;

export function classifyHostPath(source: string): HostPath {
  const text = source.trim();
  const home = HOME_PREFIX.exec(text);
  if (home) {
    const rest = normalizeAbsolute(`/${text.slice(home[0].length)}`).slice(1);
    return { kind: 'home', path: rest === '' ? home[0] : `${home[0]}/${rest}`, rest };
  }
  if (text.startsWith('/')) return { kind: 'absolute', path: normalizeAbsolute(text) };
  return { kind: 'other', path: text };
}

/** Collapses `//`, `/./`, `..` and trailing slashes: `//var/./run/` becomes `/var/run`. */
export function normalizeAbsolute(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** `/var/run` is a symlink to `/run` on current distributions; compare paths in their `/run` form. */
export function canonicalRunPath(path: string): string {
  return path === '/var/run' || path.startsWith('/var/run/') ? path.slice('/var'.length) : path;
}

/** True when `path` is `base` or lies below it. */
export function isWithin(path: string, base: string): boolean {
  return base === '/' || path === base || path.startsWith(`${base}/`);
}

/** Bind mounts and Windows named pipes are the mounts whose source is a host path. */
export function hasHostSource(mount: MountFact): boolean {
  return mount.type === 'bind' || mount.type === 'npipe';
}

export function accessText(mount: MountFact): string {
  return mount.readOnly ? 'read-only' : 'read-write';
}

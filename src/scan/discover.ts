import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { InputError } from '../facts/finding.js';
import type { InputKind } from './parse-input.js';

export interface DiscoveredFile {
  /** Path as the user will see it: relative to cwd when inside it. */
  path: string;
  absolute: string;
  kind: InputKind;
}

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.hg', '.svn']);
const IGNORE_FILES = ['.gitignore', '.hullcheckignore'];
const NOT_DOCKERFILE_SUFFIXES = ['.dockerignore', '.md', '.txt', '.orig', '.rej', '.bak', '.swp', '~'];

/** What a file name says the file is, or undefined when the name says nothing. */
export function kindFromName(path: string): InputKind | undefined {
  const name = basename(path);
  const lower = name.toLowerCase();
  if (/^(docker-)?compose(\..+)?\.ya?ml$/i.test(name) || /^docker-compose.*\.ya?ml$/i.test(name)) return 'compose';
  if (NOT_DOCKERFILE_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return undefined;
  if (/^(dockerfile|containerfile)(\..+)?$/i.test(name) || lower.endsWith('.dockerfile')) return 'dockerfile';
  return undefined;
}

/** For a file named on the command line: its name, else its extension, else Dockerfile. */
export function kindForExplicitFile(path: string): InputKind {
  return kindFromName(path) ?? (['.yml', '.yaml'].includes(extname(path).toLowerCase()) ? 'compose' : 'dockerfile');
}

export interface DiscoverOptions {
  cwd: string;
  /** gitignore-style patterns relative to `ignoreRoot`. */
  ignorePaths: string[];
  ignoreRoot: string;
  /** Told how many files have been found so far, after each one. */
  onFound?: (count: number) => void;
}

/**
 * Expands the scan targets into files. Named files are always scanned;
 * directories are walked, skipping VCS and dependency folders and whatever
 * `.gitignore`, `.hullcheckignore` and the config's ignore-paths exclude.
 */
export function discoverFiles(targets: string[], options: DiscoverOptions): { files: DiscoveredFile[]; errors: InputError[] } {
  const files: DiscoveredFile[] = [];
  const errors: InputError[] = [];
  // Without ignore-paths there is nothing to ask for each file (the ignore library's check is not free).
  const configIgnore = options.ignorePaths.length > 0 ? ignore().add(options.ignorePaths) : undefined;
  const seen = new Set<string>();
  const add = (absolute: string, kind: InputKind) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ path: displayPath(absolute, options.cwd), absolute, kind });
    options.onFound?.(files.length);
  };
  for (const target of targets) {
    const absolute = resolve(options.cwd, target);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      errors.push({ file: target, message: describeFsError(error) });
      continue;
    }
    if (!isDirectory) {
      add(absolute, kindForExplicitFile(absolute));
      continue;
    }
    walk(absolute, [], (file) => {
      const kind = kindFromName(file);
      if (kind && !(configIgnore && ignoredByConfig(configIgnore, file, options.ignoreRoot))) add(file, kind);
    }, errors, options);
  }
  return { files, errors };
}

function ignoredByConfig(configIgnore: Ignore, file: string, ignoreRoot: string): boolean {
  const fromRoot = relative(ignoreRoot, file);
  return !fromRoot.startsWith('..') && fromRoot !== '' && configIgnore.ignores(toPosix(fromRoot));
}

interface ScopedIgnore {
  dir: string;
  rules: Ignore;
}

function walk(
  dir: string,
  inherited: ScopedIgnore[],
  visit: (file: string) => void,
  errors: InputError[],
  options: DiscoverOptions,
): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    errors.push({ file: displayPath(dir, options.cwd), message: describeFsError(error) });
    return;
  }
  const scopes = [...inherited, ...ignoreFilesIn(dir, entries)];
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const isDirectory = entry.isDirectory();
    if (isIgnored(full, isDirectory, scopes)) continue;
    if (isDirectory) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, scopes, visit, errors, options);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      visit(full);
    }
  }
}

/** The ignore files among the directory's entries; only those are read (a failed read costs an exception). */
function ignoreFilesIn(dir: string, entries: Dirent[]): ScopedIgnore[] {
  const scopes: ScopedIgnore[] = [];
  for (const name of IGNORE_FILES) {
    if (!entries.some((entry) => entry.name === name)) continue;
    try {
      scopes.push({ dir, rules: ignore().add(readFileSync(join(dir, name), 'utf8')) });
    } catch {
      // A directory named .gitignore, or a file removed since the listing: nothing to add.
    }
  }
  return scopes;
}

function isIgnored(full: string, isDirectory: boolean, scopes: ScopedIgnore[]): boolean {
  return scopes.some(({ dir, rules }) => {
    const rel = toPosix(relative(dir, full));
    return rel !== '' && rules.ignores(isDirectory ? `${rel}/` : rel);
  });
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel === '' ? '.' : rel.startsWith('..') ? absolute : toPosix(rel);
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return code ? `cannot be read (${code})` : `cannot be read (${String(error)})`;
  }
}

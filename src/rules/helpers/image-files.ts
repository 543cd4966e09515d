import type { RuleSettings } from '../rule.js';

/** `/opt/**` matches everything under /opt, `*` stays within one name, `?` is one character. */
function globPattern(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const compiled = new Map<string, RegExp>();

/** True when `.hullcheck.yaml` allow-lists this image path for the rule. */
export function isAllowedPath(settings: RuleSettings, ruleId: string, path: string): boolean {
  const globs = settings.allowedPaths.get(ruleId);
  if (!globs) return false;
  return globs.some((glob) => {
    let pattern = compiled.get(glob);
    if (!pattern) {
      pattern = globPattern(glob);
      compiled.set(glob, pattern);
    }
    return pattern.test(path);
  });
}

/** `/usr/bin/su` -> `su`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `/usr/bin/su` -> `/usr/bin`; `/su` -> `/`. */
export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

const SLASH = 47;

/** True when `path` is `dir` or lies under it (`dir` without a trailing slash). Called per file: no allocation. */
export function isUnder(path: string, dir: string): boolean {
  if (dir === '/') return path.startsWith('/');
  return path.startsWith(dir) && (path.length === dir.length || path.charCodeAt(dir.length) === SLASH);
}

/** Whole bytes as `12.3 MB`, `512 B`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

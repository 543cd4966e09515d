import type { ImageContents, ImageFile } from '../../facts/image.js';
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

/** The files of the image's final filesystem a rule should look at: all of them, minus the allow-listed. */
export function* imageFiles(contents: ImageContents, settings: RuleSettings, ruleId: string): Generator<ImageFile> {
  for (const file of contents.files.values()) {
    if (!isAllowedPath(settings, ruleId, file.path)) yield file;
  }
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

/** True when `path` is `dir` or lies under it. */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
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

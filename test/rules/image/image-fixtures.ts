import type { Finding } from '../../../src/facts/finding.js';
import type { ImageContents, ImageFacts, ImageFile, ImageHistoryStep, OsRelease } from '../../../src/facts/image.js';
import type { Location } from '../../../src/facts/location.js';
import { DEFAULT_SETTINGS, type ImageRule, type RuleSettings } from '../../../src/rules/rule.js';
import { runRules } from '../../../src/rules/run-rules.js';

export const IMAGE_FILE = 'image:app:1@4773cd9357e6';
export const NOW = new Date('2026-11-23T00:00:00Z');

export const at = (path?: string): Location => ({ file: IMAGE_FILE, line: 0, column: 0, ...(path ? { path } : {}) });

/**
 * One entry of the fixture filesystem, compactly:
 * `/usr/bin/su 4755` (regular file, octal mode), `/tmp/ 1777` (a trailing slash makes a directory),
 * `/bin/sh -> busybox` (symlink), `/big 644 size=2048 uid=1000 gid=1000`; or an object with `peek`.
 * Directories default to 755, files to 644.
 */
export type FileSpec = string | (Partial<ImageFile> & { path: string });

export function imageFile(spec: FileSpec): ImageFile {
  if (typeof spec !== 'string') {
    const type = spec.type ?? 'file';
    return { type, mode: type === 'directory' ? 0o755 : 0o644, uid: 0, gid: 0, size: spec.peek?.length ?? 0, layer: 0, at: at(spec.path), ...spec };
  }
  const [left, linkTarget] = spec.split(' -> ');
  const [rawPath = '', ...fields] = (left ?? '').trim().split(/\s+/);
  const isDirectory = rawPath.length > 1 && rawPath.endsWith('/');
  const path = isDirectory ? rawPath.slice(0, -1) : rawPath;
  const file: ImageFile = {
    path,
    type: linkTarget !== undefined ? 'symlink' : isDirectory ? 'directory' : 'file',
    mode: linkTarget !== undefined ? 0o777 : isDirectory ? 0o755 : 0o644,
    uid: 0,
    gid: 0,
    size: 0,
    layer: 0,
    at: at(path),
    ...(linkTarget !== undefined ? { linkTarget: linkTarget.trim() } : {}),
  };
  for (const field of fields) {
    const [key, value = ''] = field.split('=');
    if (/^[0-7]{3,4}$/.test(field)) file.mode = Number.parseInt(field, 8);
    else if (key === 'size') file.size = Number(value);
    else if (key === 'uid') file.uid = Number(value);
    else if (key === 'gid') file.gid = Number(value);
    else if (key === 'layer') file.layer = Number(value);
    else throw new Error(`fixture file field "${field}" is not mode, size=, uid=, gid= or layer=`);
  }
  return file;
}

export interface ImageSpec {
  /** Absent: the image was read from its config only (audit), so `contents` is absent. */
  files?: FileSpec[];
  osRelease?: OsRelease;
  packageDatabases?: ImageContents['packageDatabases'];
  newestPackageMetadata?: Date;
  env?: string[];
  labels?: Record<string, string>;
  history?: (string | Partial<ImageHistoryStep>)[];
  exposedPorts?: string[];
  user?: string;
  created?: Date;
}

export function imageFacts(spec: ImageSpec = {}): ImageFacts {
  const facts: ImageFacts = {
    kind: 'image',
    name: IMAGE_FILE.slice('image:'.length),
    id: `sha256:4773cd9357e6${'0'.repeat(52)}`,
    tags: ['app:1'],
    at: at(),
    user: { value: spec.user ?? 'app', at: at('Config.User') },
    env: (spec.env ?? []).map((entry, i) => {
      const eq = entry.indexOf('=');
      return { value: { name: entry.slice(0, eq), value: entry.slice(eq + 1) }, at: at(`Config.Env.${i}`) };
    }),
    exposedPorts: (spec.exposedPorts ?? []).map((port) => ({ value: port, at: at(`Config.ExposedPorts.${port}`) })),
    labels: Object.entries(spec.labels ?? {}).map(([name, value]) => ({ value: { name, value }, at: at(`Config.Labels.${name}`) })),
    history: (spec.history ?? []).map((step, i) => ({
      value: typeof step === 'string' ? { createdBy: step, emptyLayer: false } : { createdBy: '', emptyLayer: false, ...step },
      at: at(`History.${i}`),
    })),
    ...(spec.created ? { created: { value: spec.created, at: at('Created') } } : {}),
  };
  if (spec.files) {
    const files = new Map<string, ImageFile>();
    for (const entry of spec.files) {
      const file = imageFile(entry);
      files.set(file.path, file);
    }
    facts.contents = {
      files,
      layers: [{ digest: `sha256:${'a'.repeat(64)}`, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }],
      packageDatabases: spec.packageDatabases ?? [],
      ...(spec.osRelease ? { osRelease: { value: spec.osRelease, at: at('/etc/os-release') } } : {}),
      ...(spec.newestPackageMetadata ? { newestPackageMetadata: spec.newestPackageMetadata } : {}),
    };
  }
  return facts;
}

export type Reported = Pick<Finding, 'message' | 'at' | 'severity'>;

/** Runs one rule on the fixture image and keeps what tests compare: message, location, severity. */
export function check(rule: ImageRule, spec: ImageSpec, settings: Partial<RuleSettings> = {}): Reported[] {
  return runRules(imageFacts(spec), [rule], { ...DEFAULT_SETTINGS, now: NOW, ...settings }).map(({ message, at, severity }) => ({ message, at, severity }));
}

/** The allow-list settings `rules: <id>: allow-paths: [...]` produce. */
export function allowPaths(ruleId: string, ...paths: string[]): Partial<RuleSettings> {
  return { allowedPaths: new Map([[ruleId, paths]]) };
}

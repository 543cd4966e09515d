import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { InputError, Severity } from '../facts/finding.js';

export const CONFIG_FILE_NAMES = ['.hullcheck.yaml', '.hullcheck.yml'];

export type FailOn = Severity | 'none';

export interface RuleOverride {
  enabled: boolean;
  severity?: Severity;
  /** `allow-paths:` globs of image paths the rule leaves alone. */
  allowPaths?: string[];
  /** `max-age-days:` for rules that judge age. */
  maxAgeDays?: number;
}

export interface HullcheckConfig {
  /** Directory ignore-paths are relative to. */
  root: string;
  /** The file the config came from, if any. */
  file?: string;
  rules: Map<string, RuleOverride>;
  ignorePaths: string[];
  trustedRegistries: string[];
  allowedCapabilities: string[];
  failOn?: FailOn;
}

export class ConfigError extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => `${e.file}${e.line ? `:${e.line}:${e.column}` : ''}: ${e.message}`).join('\n'));
  }
}

export function emptyConfig(root: string): HullcheckConfig {
  return { root, rules: new Map(), ignorePaths: [], trustedRegistries: [], allowedCapabilities: [] };
}

/** Looks for `.hullcheck.yaml` in `start` and each directory above it. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}


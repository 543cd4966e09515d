import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair, type YAMLSeq } from 'yaml';
import { isSeverity, SEVERITIES, type InputError, type Severity } from '../facts/finding.js';
import type { Rule, RuleOption } from '../rules/rule.js';
import { ConfigError, emptyConfig, type HullcheckConfig, type RuleOverride } from './config.js';

/** Reads and validates a config file; every problem is a ConfigError naming file and line. */
export function loadConfig(file: string, knownRules: readonly Rule[]): HullcheckConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file, message: `cannot read config: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }]);
  }
  return parseConfig(text, file, knownRules);
}

const KEYS = ['rules', 'ignore-paths', 'trusted-registries', 'allowed-capabilities', 'fail-on'] as const;

export function parseConfig(text: string, file: string, knownRules: readonly Rule[]): HullcheckConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const errors: InputError[] = [];
  const at = (node: YamlNode | null | undefined, message: string) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    errors.push({ file, line: pos.line, column: pos.col, message });
  };
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    errors.push({ file, line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.message });
  }
  const config = emptyConfig(dirname(resolve(file)));
  config.file = file;
  const contents = doc.contents as YamlNode | null;
  if (errors.length === 0 && contents !== null && !isMap(contents)) at(contents, 'the config must be a mapping');
  if (errors.length === 0 && isMap(contents)) {
    for (const pair of contents.items as Pair<YamlNode, YamlNode>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value;
      switch (key as (typeof KEYS)[number]) {
        case 'rules':
          readRules(value, config, knownRules, at);
          break;
        case 'ignore-paths':
          config.ignorePaths = stringList(value, key, at);
          break;
        case 'trusted-registries':
          config.trustedRegistries = stringList(value, key, at);
          break;
        case 'allowed-capabilities':
          config.allowedCapabilities = stringList(value, key, at).map((c) => c.toUpperCase().replace(/^CAP_/, ''));
          break;
        case 'fail-on': {
          const level = isScalar(value) ? String(value.value) : '';
          if (level === 'none' || isSeverity(level)) config.failOn = level;
          else at(value, `"fail-on" must be one of none, ${SEVERITIES.join(', ')}`);
          break;
        }
        default:
          at(pair.key, `unknown key "${key}" (known: ${KEYS.join(', ')})`);
      }
    }
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return config;
}

type Reporter = (node: YamlNode | null | undefined, message: string) => void;

function stringList(value: YamlNode | null, key: string, at: Reporter): string[] {
  if (!isSeq(value)) {
    at(value, `"${key}" must be a list of strings`);
    return [];
  }
  const result: string[] = [];
  for (const item of value.items as YamlNode[]) {
    if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') result.push(item.value.trim());
    else at(item, `"${key}" entries must be non-empty strings`);
  }
  return result;
}

/**
 * `rules:` maps a rule id to `off`, `on`, a severity, or
 * `{ enabled: bool, severity: level }` plus the rule's own options
 * (`allow-paths`, `max-age-days`).
 */
function readRules(value: YamlNode | null, config: HullcheckConfig, knownRules: readonly Rule[], at: Reporter): void {
  if (!isMap(value)) {
    at(value, '"rules" must be a mapping of rule id to off, on, or a severity');
    return;
  }
  const known = new Map(knownRules.map((r) => [r.meta.id, r]));
  for (const pair of value.items as Pair<YamlNode, YamlNode>[]) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const rule = known.get(id);
    if (!rule) {
      at(pair.key, `unknown rule "${id}" (see \`hullcheck rules\`)`);
      continue;
    }
    const override = ruleOverride(pair.value, rule, at);
    if (override) config.rules.set(id, override);
  }
}

function ruleOverride(value: YamlNode | null, rule: Rule, at: Reporter): RuleOverride | undefined {
  const id = rule.meta.id;
  const options = rule.meta.options ?? [];
  if (isScalar(value)) {
    const setting = value.value;
    if (setting === 'off' || setting === false) return { enabled: false };
    if (setting === 'on' || setting === true) return { enabled: true };
    if (isSeverity(setting)) return { enabled: true, severity: setting };
  } else if (isMap(value)) {
    const override: RuleOverride = { enabled: true };
    const settings = [...RULE_SETTINGS, ...options];
    for (const pair of value.items as Pair<YamlNode, YamlNode>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const setting = isScalar(pair.value) ? pair.value.value : undefined;
      if (!(settings as string[]).includes(key)) {
        at(pair.key, `rule "${id}": unknown setting "${key}" (this rule takes ${settings.join(', ')})`);
        return undefined;
      }
      if (key === 'enabled' && typeof setting === 'boolean') override.enabled = setting;
      else if (key === 'severity' && isSeverity(setting)) override.severity = setting;
      else if (key === 'allow-paths' && isSeq(pair.value)) override.allowPaths = imagePathList(pair.value as YAMLSeq<YamlNode>, id, at);
      else if (key === 'max-age-days' && isDayCount(setting)) override.maxAgeDays = setting;
      else {
        at(pair.value ?? pair.key, `rule "${id}": "${key}" must be ${SETTING_SHAPES[key as keyof typeof SETTING_SHAPES]}`);
        return undefined;
      }
    }
    return override;
  }
  at(value, `rule "${id}" must be off, on, one of ${SEVERITIES.join(', ')}, or { enabled, severity${options.map((o) => `, ${o}`).join('')} }`);
  return undefined;
}

const RULE_SETTINGS = ['enabled', 'severity'] as const;

const SETTING_SHAPES: Record<(typeof RULE_SETTINGS)[number] | RuleOption, string> = {
  enabled: 'true or false',
  severity: `one of ${SEVERITIES.join(', ')}`,
  'allow-paths': 'a list of absolute paths inside the image (globs * and ** allowed)',
  'max-age-days': 'a whole number of days (0 or more)',
};

function isDayCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** `allow-paths` entries are absolute paths inside the image, with `*` and `**` globs. */
function imagePathList(value: YAMLSeq<YamlNode>, id: string, at: Reporter): string[] {
  const paths: string[] = [];
  for (const item of value.items) {
    const path = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : '';
    if (path.startsWith('/')) paths.push(path);
    else at(item, `rule "${id}": allow-paths entries must be absolute paths inside the image, like /usr/bin/su`);
  }
  return paths;
}

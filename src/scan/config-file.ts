import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { isSeverity, SEVERITIES, type InputError, type Severity } from '../facts/finding.js';
import type { Rule } from '../rules/rule.js';
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
 * `{ enabled: bool, severity: level }`.
 */
function readRules(value: YamlNode | null, config: HullcheckConfig, knownRules: readonly Rule[], at: Reporter): void {
  if (!isMap(value)) {
    at(value, '"rules" must be a mapping of rule id to off, on, or a severity');
    return;
  }
  const known = new Set(knownRules.map((r) => r.meta.id));
  for (const pair of value.items as Pair<YamlNode, YamlNode>[]) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!known.has(id)) {
      at(pair.key, `unknown rule "${id}" (see \`hullcheck rules\`)`);
      continue;
    }
    const override = ruleOverride(pair.value, id, at);
    if (override) config.rules.set(id, override);
  }
}

function ruleOverride(value: YamlNode | null, id: string, at: Reporter): RuleOverride | undefined {
  if (isScalar(value)) {
    const setting = value.value;
    if (setting === 'off' || setting === false) return { enabled: false };
    if (setting === 'on' || setting === true) return { enabled: true };
    if (isSeverity(setting)) return { enabled: true, severity: setting };
  } else if (isMap(value)) {
    const override: RuleOverride = { enabled: true };
    for (const pair of value.items as Pair<YamlNode, YamlNode>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const setting = isScalar(pair.value) ? pair.value.value : undefined;
      if (key === 'enabled' && typeof setting === 'boolean') override.enabled = setting;
      else if (key === 'severity' && isSeverity(setting)) override.severity = setting;
      else {
        at(pair.key, `rule "${id}": "${key}" must be enabled: true|false or severity: ${SEVERITIES.join('|')}`);
        return undefined;
      }
    }
    return override;
  }
  at(value, `rule "${id}" must be off, on, one of ${SEVERITIES.join(', ')}, or { enabled, severity }`);
  return undefined;
}

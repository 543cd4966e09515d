import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node as YamlNode, type Pair } from 'yaml';
import { isSeverity, SEVERITIES, type InputError, type Severity } from '../facts/finding.js';
import { normalizeCapability } from '../facts/container-from-request.js';
import { containerRules } from '../rules/container/index.js';
import { OPERATION_NAMES, UNKNOWN_OPERATION } from './operations.js';
import { PRESET_PREFIX, PRESETS, presetNamed } from './presets.js';

/** Which container rules must pass: every rule at or above `failOn`, or exactly the listed rules. */
export type RuleSelection =
  | { mode: 'fail-on'; failOn: Severity | 'none'; ignore: ReadonlySet<string> }
  | { mode: 'only'; rules: ReadonlySet<string> };

export interface ContainerAllowLists {
  /** Image patterns (`*` matches anything); undefined: any image. */
  images?: readonly string[];
  /** Host paths bind mounts may come from; undefined: any (the rules still judge them). */
  bindSources?: readonly string[];
  capabilities: readonly string[];
  devices: readonly string[];
  deviceCgroupRules: readonly string[];
  /** Containers whose volumes or namespaces may be shared (`VolumesFrom`, `container:` modes). */
  sharedContainers: readonly string[];
  runtimes: readonly string[];
  volumeDrivers: readonly string[];
}

export interface Ownership {
  label: string;
  owner: string;
}

export interface PolicyConfig {
  file: string;
  /** Operation names, presets expanded. */
  operations: ReadonlySet<string>;
  containers: {
    rules: RuleSelection;
    allow: ContainerAllowLists;
    requireLabels: Readonly<Record<string, string>>;
    ownership?: Ownership;
  };
  exec: { privileged: boolean; root: boolean };
  build: { remoteContexts: readonly string[]; hostNetwork: boolean };
  plugins: { images: readonly string[]; privileges: readonly string[] };
}

export const DEFAULT_FAIL_ON: Severity = 'high';

export class PolicyError extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => `${e.file}${e.line ? `:${e.line}:${e.column}` : ''}: ${e.message}`).join('\n'));
    this.name = 'PolicyError';
  }
}

/** Reads and validates a policy file; any problem is a PolicyError naming file:line:column. */
export function loadPolicyConfig(file: string): PolicyConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError([{ file, message: `cannot read policy: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }]);
  }
  return parsePolicyConfig(text, file);
}

type Reporter = (node: YamlNode | null | undefined, message: string) => void;

const TOP_KEYS = ['allow', 'containers', 'exec', 'build', 'plugins'] as const;
const CONTAINER_KEYS = ['rules', 'allow', 'require-labels', 'ownership'] as const;
const ALLOW_KEYS = ['images', 'bind-sources', 'capabilities', 'devices', 'device-cgroup-rules', 'shared-containers', 'runtimes', 'volume-drivers'] as const;
const RULE_KEYS = ['fail-on', 'ignore'] as const;
const EXEC_KEYS = ['privileged', 'root'] as const;
const BUILD_KEYS = ['remote-contexts', 'host-network'] as const;
const PLUGIN_KEYS = ['images', 'privileges'] as const;
const OWNERSHIP_KEYS = ['label', 'owner'] as const;
const LABEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

export function parsePolicyConfig(text: string, file: string): PolicyConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: false });
  const errors: InputError[] = [];
  const at: Reporter = (node, message) => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    errors.push({ file, line: pos.line, column: pos.col, message });
  };
  for (const error of doc.errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    errors.push({ file, line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.message });
  }
  if (errors.length > 0) throw new PolicyError(errors);

  const config: PolicyConfig = {
    file,
    operations: new Set(),
    containers: {
      rules: { mode: 'fail-on', failOn: DEFAULT_FAIL_ON, ignore: new Set() },
      allow: { capabilities: [], devices: [], deviceCgroupRules: [], sharedContainers: [], runtimes: [], volumeDrivers: [] },
      requireLabels: {},
    },
    exec: { privileged: false, root: true },
    build: { remoteContexts: [], hostNetwork: false },
    plugins: { images: [], privileges: [] },
  };
  const contents = doc.contents as YamlNode | null;
  if (!isMap(contents)) {
    at(contents, 'the policy must be a mapping with at least an "allow:" list of operations');
    throw new PolicyError(errors);
  }
  const top = entries(contents, TOP_KEYS, 'the policy', at);
  if (!top.has('allow')) at(contents, 'the policy has no "allow:" list: name the operations this client may use');
  const allow = top.get('allow');
  if (allow) config.operations = readOperations(allow.value, at);
  const containers = top.get('containers');
  if (containers) readContainers(containers.value, config, at);
  const exec = top.get('exec');
  if (exec) {
    const keys = entries(exec.value, EXEC_KEYS, '"exec"', at);
    config.exec = {
      privileged: bool(keys.get('privileged')?.value, 'exec.privileged', false, at),
      root: bool(keys.get('root')?.value, 'exec.root', true, at),
    };
  }
  const build = top.get('build');
  if (build) {
    const keys = entries(build.value, BUILD_KEYS, '"build"', at);
    config.build = {
      remoteContexts: optionalList(keys.get('remote-contexts')?.value, 'build.remote-contexts', at) ?? [],
      hostNetwork: bool(keys.get('host-network')?.value, 'build.host-network', false, at),
    };
  }
  const plugins = top.get('plugins');
  if (plugins) {
    const keys = entries(plugins.value, PLUGIN_KEYS, '"plugins"', at);
    config.plugins = {
      images: optionalList(keys.get('images')?.value, 'plugins.images', at) ?? [],
      privileges: optionalList(keys.get('privileges')?.value, 'plugins.privileges', at) ?? [],
    };
  }
  if (errors.length > 0) throw new PolicyError(errors);
  return config;
}

/** The pairs of a mapping, by key; unknown and repeated keys are errors. */
function entries<K extends string>(node: YamlNode | null, known: readonly K[], what: string, at: Reporter): Map<K, { key: YamlNode; value: YamlNode | null }> {
  const result = new Map<K, { key: YamlNode; value: YamlNode | null }>();
  if (!isMap(node)) {
    at(node, `${what} must be a mapping (keys: ${known.join(', ')})`);
    return result;
  }
  for (const pair of node.items as Pair<YamlNode, YamlNode | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(known as readonly string[]).includes(key)) {
      at(pair.key, `unknown key ${JSON.stringify(key)} in ${what} (known: ${known.join(', ')})`);
      continue;
    }
    result.set(key as K, { key: pair.key, value: pair.value ?? emptyValueAt(pair.key) });
  }
  return result;
}

/** `key:` with nothing after it: a null scalar placed at the key, so errors name the key's line. */
function emptyValueAt(key: YamlNode): YamlNode {
  const empty = new Scalar(null);
  if (key.range) empty.range = key.range;
  return empty;
}

function readOperations(node: YamlNode | null, at: Reporter): Set<string> {
  const operations = new Set<string>();
  if (!isSeq(node)) {
    at(node, '"allow" must be a list of operations and presets, e.g. [preset:read-only, containers:create]');
    return operations;
  }
  for (const item of node.items as YamlNode[]) {
    const name = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : '';
    if (name.startsWith(PRESET_PREFIX)) {
      const preset = presetNamed(name.slice(PRESET_PREFIX.length));
      if (preset) preset.operations.forEach((op) => operations.add(op));
      else at(item, `unknown preset ${JSON.stringify(name)} (known: ${PRESETS.map((p) => PRESET_PREFIX + p.name).join(', ')})`);
    } else if (name === UNKNOWN_OPERATION) {
      at(item, 'requests the proxy does not know cannot be allowed');
    } else if (OPERATION_NAMES.has(name)) {
      operations.add(name);
    } else {
      at(item, `unknown operation ${JSON.stringify(name)}${suggestion(name)} (see docs/proxy-policy.md for the list)`);
    }
  }
  return operations;
}

function suggestion(name: string): string {
  const [group] = name.split(':');
  const near = [...OPERATION_NAMES].filter((op) => op.startsWith(`${group}:`));
  return near.length > 0 && near.length <= 12 ? `; did you mean one of ${near.join(', ')}?` : '';
}

function readContainers(node: YamlNode | null, config: PolicyConfig, at: Reporter): void {
  const keys = entries(node, CONTAINER_KEYS, '"containers"', at);
  const rules = keys.get('rules');
  if (rules) config.containers.rules = readRuleSelection(rules.value, at);
  const allow = keys.get('allow');
  if (allow) {
    const lists = entries(allow.value, ALLOW_KEYS, '"containers.allow"', at);
    const list = (key: (typeof ALLOW_KEYS)[number]) => optionalList(lists.get(key)?.value, `containers.allow.${key}`, at);
    const bindSources = list('bind-sources');
    for (const [i, source] of (bindSources ?? []).entries()) {
      if (!source.startsWith('/')) at((lists.get('bind-sources')?.value as { items?: YamlNode[] })?.items?.[i], `bind source ${JSON.stringify(source)} must be an absolute path`);
    }
    const images = list('images');
    config.containers.allow = {
      ...(images ? { images } : {}),
      ...(bindSources ? { bindSources } : {}),
      capabilities: (list('capabilities') ?? []).map(normalizeCapability),
      devices: list('devices') ?? [],
      deviceCgroupRules: (list('device-cgroup-rules') ?? []).map((rule) => rule.replace(/\s+/g, ' ')),
      sharedContainers: list('shared-containers') ?? [],
      runtimes: list('runtimes') ?? [],
      volumeDrivers: list('volume-drivers') ?? [],
    };
  }
  const labels = keys.get('require-labels');
  if (labels) config.containers.requireLabels = readLabels(labels.value, at);
  const ownership = keys.get('ownership');
  if (ownership) {
    const fields = entries(ownership.value, OWNERSHIP_KEYS, '"containers.ownership"', at);
    const label = text(fields.get('label')?.value, 'containers.ownership.label', at) ?? '';
    const owner = text(fields.get('owner')?.value, 'containers.ownership.owner', at) ?? '';
    if (!fields.has('label') || !fields.has('owner')) at(ownership.value, '"containers.ownership" needs both "label" and "owner", e.g. { label: hullcheck.owner, owner: ci }');
    else if (label && !LABEL_NAME.test(label)) at(fields.get('label')?.value, `${JSON.stringify(label)} is not a label name`);
    else if (label && owner) config.containers.ownership = { label, owner };
  }
}

const CONTAINER_RULE_IDS = new Set(containerRules.map((rule) => rule.meta.id));

/** `rules: [no-privileged, ...]` or `rules: { fail-on: high, ignore: [...] }`. */
function readRuleSelection(node: YamlNode | null, at: Reporter): RuleSelection {
  if (isSeq(node)) {
    const ids = new Set<string>();
    for (const item of node.items as YamlNode[]) {
      const id = ruleId(item, at);
      if (id) ids.add(id);
    }
    return { mode: 'only', rules: ids };
  }
  const keys = entries(node, RULE_KEYS, '"containers.rules" (a list of rule ids, or fail-on and ignore)', at);
  const failOnNode = keys.get('fail-on')?.value;
  let failOn: Severity | 'none' = DEFAULT_FAIL_ON;
  if (failOnNode !== undefined) {
    const level = isScalar(failOnNode) ? failOnNode.value : undefined;
    if (level === 'none' || isSeverity(level)) failOn = level;
    else at(failOnNode, `"fail-on" must be one of none, ${SEVERITIES.join(', ')}`);
  }
  const ignore = new Set<string>();
  const ignoreNode = keys.get('ignore')?.value;
  if (ignoreNode !== undefined) {
    if (!isSeq(ignoreNode)) at(ignoreNode, '"ignore" must be a list of container rule ids');
    else for (const item of ignoreNode.items as YamlNode[]) {
      const id = ruleId(item, at);
      if (id) ignore.add(id);
    }
  }
  return { mode: 'fail-on', failOn, ignore };
}

function ruleId(item: YamlNode, at: Reporter): string | undefined {
  const id = isScalar(item) && typeof item.value === 'string' ? item.value : '';
  if (CONTAINER_RULE_IDS.has(id)) return id;
  at(item, `unknown container rule ${JSON.stringify(id)} (see \`hullcheck rules\`)`);
  return undefined;
}

function readLabels(node: YamlNode | null, at: Reporter): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isMap(node)) {
    at(node, '"require-labels" must be a mapping of label name to value');
    return labels;
  }
  for (const pair of node.items as Pair<YamlNode, YamlNode | null>[]) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = isScalar(pair.value) && pair.value.value !== null && typeof pair.value.value !== 'object' ? String(pair.value.value) : undefined;
    if (!LABEL_NAME.test(name)) at(pair.key, `${JSON.stringify(name)} is not a label name`);
    else if (value === undefined) at(pair.value ?? pair.key, `label ${JSON.stringify(name)} needs a value`);
    else labels[name] = value;
  }
  return labels;
}

function optionalList(node: YamlNode | null | undefined, what: string, at: Reporter): string[] | undefined {
  if (node === undefined) return undefined;
  if (!isSeq(node)) {
    at(node, `"${what}" must be a list of strings`);
    return undefined;
  }
  const result: string[] = [];
  for (const item of node.items as YamlNode[]) {
    if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') result.push(item.value.trim());
    else at(item, `"${what}" entries must be non-empty strings`);
  }
  return result;
}

function text(node: YamlNode | null | undefined, what: string, at: Reporter): string | undefined {
  if (node === undefined) return undefined;
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') return String(node.value).trim();
  at(node, `"${what}" must be a non-empty string`);
  return undefined;
}

function bool(node: YamlNode | null | undefined, what: string, fallback: boolean, at: Reporter): boolean {
  if (node === undefined) return fallback;
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  at(node, `"${what}" must be true or false`);
  return fallback;
}

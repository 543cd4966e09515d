import type { DaemonValue, EngineInfo, HostFacts } from '../../src/facts/host.js';
import type { Finding } from '../../src/facts/finding.js';
import { DEFAULT_SETTINGS, type Rule } from '../../src/rules/rule.js';
import { runRules } from '../../src/rules/run-rules.js';
import { BUILT_IN_INSECURE_REGISTRIES, daemonSettingsFrom, safeHostFacts } from './safe-host-facts.js';

/**
 * Turns a rule's `daemon.json` doc example (a daemon.json text, or a
 * `dockerd ...` line) into the facts of a safe host whose daemon runs with
 * exactly those settings, and the parts of `GET /info` that follow from them.
 */

type FlagKind = 'boolean' | 'value' | 'list' | 'ulimit';

const FLAGS: Record<string, { option: string; kind: FlagKind }> = {
  '-H': { option: 'hosts', kind: 'list' },
  '--host': { option: 'hosts', kind: 'list' },
  '-D': { option: 'debug', kind: 'boolean' },
  '--debug': { option: 'debug', kind: 'boolean' },
  '-l': { option: 'log-level', kind: 'value' },
  '--log-level': { option: 'log-level', kind: 'value' },
  '-G': { option: 'group', kind: 'value' },
  '--group': { option: 'group', kind: 'value' },
  '--insecure-registry': { option: 'insecure-registries', kind: 'list' },
  '--authorization-plugin': { option: 'authorization-plugins', kind: 'list' },
  '--default-ulimit': { option: 'default-ulimits', kind: 'ulimit' },
  ...Object.fromEntries(
    ['icc', 'iptables', 'tls', 'tlsverify', 'live-restore', 'userland-proxy', 'no-new-privileges', 'experimental', 'selinux-enabled'].map(
      (option) => [`--${option}`, { option, kind: 'boolean' as const }],
    ),
  ),
  ...Object.fromEntries(
    ['userns-remap', 'seccomp-profile', 'cgroup-parent', 'data-root', 'tlscacert', 'tlscert', 'tlskey'].map((option) => [`--${option}`, { option, kind: 'value' as const }]),
  ),
};

type DaemonObject = { [key: string]: DaemonValue };

function asObject(value: DaemonValue | undefined): DaemonObject {
  return typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function ulimit(text: string): DaemonObject {
  const [name = '', limits = ''] = text.split('=');
  const [soft = '', hard = soft] = limits.split(':');
  return { [name]: { Name: name, Soft: Number(soft), Hard: Number(hard) } };
}

function addFlag(record: Record<string, DaemonValue>, kind: FlagKind, option: string, value: string): void {
  const previous = record[option];
  if (kind === 'boolean') record[option] = value !== 'false';
  else if (kind === 'value') record[option] = value;
  else if (kind === 'list') record[option] = [...(Array.isArray(previous) ? previous : []), value];
  else record[option] = { ...asObject(previous), ...ulimit(value) };
}

/** `dockerd --icc=false -H tcp://0.0.0.0:2375` as daemon options; an unknown flag is an error, so examples stay honest. */
export function parseDockerdLine(line: string): Record<string, DaemonValue> {
  const words = line.trim().split(/\s+/).slice(1);
  const record: Record<string, DaemonValue> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const [flag = '', inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    const known = FLAGS[flag];
    if (!known) throw new Error(`unknown dockerd flag in example: ${word}`);
    const value = inline ?? (known.kind === 'boolean' ? 'true' : words[++i]);
    if (value === undefined) throw new Error(`dockerd flag without a value in example: ${word}`);
    addFlag(record, known.kind, known.option, value);
  }
  return record;
}

function list(value: DaemonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value : [];
}

/** What `GET /info` reports for a daemon running with these settings. */
export function infoFor(record: Record<string, DaemonValue>): Partial<EngineInfo> {
  const seccomp = typeof record['seccomp-profile'] === 'string' ? record['seccomp-profile'] : 'builtin';
  return {
    securityOptions: [
      { name: 'apparmor' },
      { name: 'seccomp', profile: seccomp },
      ...(record['userns-remap'] ? [{ name: 'userns' }] : []),
      ...(record['selinux-enabled'] === true ? [{ name: 'selinux' }] : []),
    ],
    liveRestore: record['live-restore'] === true,
    experimental: record.experimental === true,
    authorizationPlugins: list(record['authorization-plugins']),
    insecureRegistries: [...BUILT_IN_INSECURE_REGISTRIES, ...list(record['insecure-registries'])],
  };
}

export function factsForDaemonExample(text: string): HostFacts {
  const fromFlags = /^\s*dockerd(\s|$)/.test(text);
  const record = fromFlags ? parseDockerdLine(text) : (JSON.parse(text) as Record<string, DaemonValue>);
  return safeHostFacts({ daemon: daemonSettingsFrom(record, fromFlags ? 'flag' : 'config'), info: infoFor(record) });
}

export function daemonExampleFindings(rule: Rule, text: string): Finding[] {
  if (rule.meta.reads !== 'host') throw new Error(`${rule.meta.id}: daemon.json examples are for host rules`);
  return runRules(factsForDaemonExample(text), [rule], DEFAULT_SETTINGS);
}

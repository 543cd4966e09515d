import type { DaemonSetting, DaemonValue, HostFacts } from '../../facts/host.js';
import type { Location } from '../../facts/location.js';

/** A daemon option as the rules see it: its name, and the setting when the daemon's configuration was read. */
export interface NamedSetting {
  name: string;
  setting: DaemonSetting;
}

export function daemonSetting(facts: HostFacts, name: string): NamedSetting | undefined {
  const setting = facts.daemon?.settings.get(name);
  return setting ? { name, setting } : undefined;
}

// dockerd reads booleans the way Go's strconv.ParseBool does, and a flag's value arrives as text.
const GO_TRUE = new Set(['1', 't', 'true']);
const GO_FALSE = new Set(['0', 'f', 'false']);

/** The boolean a daemon value stands for, or undefined when it is not one. */
export function booleanValue(value: DaemonValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return undefined;
}

/** A list option (`hosts`, `insecure-registries`) as a list, whether it was given once or many times. */
export function stringList(value: DaemonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value;
  return [];
}

export function isSet(named: NamedSetting | undefined): boolean {
  if (!named) return false;
  const value = named.setting.value;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** How a setting reads in a message: `daemon.json sets "icc": true` or `dockerd runs with --icc=true`. */
export function describeSetting({ name, setting }: NamedSetting): string {
  if (setting.from === 'flag') return `dockerd runs with --${name}=${flagText(setting.value)}`;
  return `daemon.json sets "${name}": ${JSON.stringify(setting.value)}`;
}

function flagText(value: DaemonValue): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `SecurityOptions` entries of the engine with this name (`seccomp`, `apparmor`, `selinux`, `userns`, `rootless`). */
export function securityOption(facts: HostFacts, name: string): Record<string, string> | undefined {
  return facts.info.securityOptions.find((option) => option.name === name);
}

export function isRootless(facts: HostFacts): boolean {
  return securityOption(facts, 'rootless') !== undefined;
}

/** Where a finding about a setting points: the setting itself, else the engine. */
export function settingAt(facts: HostFacts, named: NamedSetting | undefined): Location {
  return named?.setting.at ?? facts.at;
}

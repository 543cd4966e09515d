import { containerFactsFromRequest, isHostPath } from '../facts/container-from-request.js';
import type { CreateRequest, HostConfig, MountSpec } from '../facts/create-request.js';
import { severityRank, type Finding, type Severity } from '../facts/finding.js';
import type { Location } from '../facts/location.js';
import { containerRules } from '../rules/container/index.js';
import { isWithin, normalizeAbsolute } from '../rules/container/host-paths.js';
import { parseImageReference } from '../rules/helpers/image-reference.js';
import { DEFAULT_SETTINGS, type ContainerRule } from '../rules/rule.js';
import { runRules } from '../rules/run-rules.js';
import type { PolicyConfig } from './policy-config.js';

/** One reason to refuse a request: a container rule's finding, or a privilege grant the policy does not allow. */
export interface Verdict {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The body field it concerns (`HostConfig.Privileged`), when there is one. */
  path?: string;
}

export interface Judgement {
  verdicts: Verdict[];
  /** Ids of the rules and grant checks that ran. */
  evaluated: string[];
}

/** Answers whether a container (by id or name) belongs to this client; undefined when ownership is off. */
export type OwnedCheck = ((idOrName: string) => Promise<boolean>) | undefined;

const REQUEST_FILE = 'request';

/** Joins `*`-patterns: `*` matches any run of characters, `/` included. */
export function matchesPattern(value: string, pattern: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** A value matches an allow-list when it matches one of its patterns. */
export function allowedBy(value: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesPattern(value, pattern));
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

function selectedRules(config: PolicyConfig): ContainerRule[] {
  const selection = config.containers.rules;
  if (selection.mode === 'only') return containerRules.filter((rule) => selection.rules.has(rule.meta.id));
  if (selection.failOn === 'none') return [];
  return containerRules.filter((rule) => !selection.ignore.has(rule.meta.id));
}

function failsPolicy(finding: Finding, config: PolicyConfig): boolean {
  const selection = config.containers.rules;
  if (selection.mode === 'only') return true;
  return selection.failOn !== 'none' && severityAtLeast(finding.severity, selection.failOn);
}

/**
 * Runs the selected container rules on a create-shaped request, the same
 * rules and severities as `scan`, and keeps the findings the policy fails on,
 * minus those on mounts and devices its allow-lists accept.
 */
export function judgeContainerRequest(
  request: CreateRequest,
  name: string,
  config: PolicyConfig,
  locate: (path: string) => string = (path) => path,
  keep: (finding: Finding) => boolean = () => true,
): Judgement {
  const rules = selectedRules(config);
  const at: Location = { file: REQUEST_FILE, line: 0, column: 0 };
  const facts = containerFactsFromRequest(request, { origin: 'api', name, at }, (path) => ({ ...at, path }));
  const settings = { ...DEFAULT_SETTINGS, allowedCapabilities: [...config.containers.allow.capabilities] };
  const findings = runRules(facts, rules, settings, (ruleId, error) => {
    // A rule that fails to run has not said yes: refuse.
    throw new Error(`rule ${ruleId} failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const verdicts = findings
    .filter((finding) => failsPolicy(finding, config) && keep(finding) && !exempted(finding, request, config))
    .map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      ...(finding.at.path ? { path: locate(finding.at.path) } : {}),
    }));
  return { verdicts, evaluated: rules.map((rule) => rule.meta.id) };
}

/** A finding on a mount or device the policy's allow-lists name is accepted. */
function exempted(finding: Finding, request: CreateRequest, config: PolicyConfig): boolean {
  const path = finding.at.path ?? '';
  const host = request.HostConfig ?? {};
  const allow = config.containers.allow;
  const index = (field: string) => {
    const match = new RegExp(`^HostConfig\\.${field}\\.(\\d+)(?:\\.|$)`).exec(path);
    return match ? Number(match[1]) : undefined;
  };
  const bind = index('Binds');
  if (bind !== undefined && allow.bindSources) return withinAny(bindSource(host.Binds?.[bind] ?? ''), allow.bindSources);
  const mount = index('Mounts');
  if (mount !== undefined && allow.bindSources) return withinAny(host.Mounts?.[mount]?.Source ?? '', allow.bindSources);
  const device = index('Devices');
  if (device !== undefined) return allow.devices.includes(host.Devices?.[device]?.PathOnHost ?? '');
  const cgroupRule = index('DeviceCgroupRules');
  if (cgroupRule !== undefined) return allow.deviceCgroupRules.includes(normalizeCgroupRule(host.DeviceCgroupRules?.[cgroupRule] ?? ''));
  return false;
}

function normalizeCgroupRule(rule: string): string {
  return rule.trim().replace(/\s+/g, ' ');
}

function bindSource(entry: string): string {
  return entry.split(':')[0] ?? '';
}

function withinAny(source: string, bases: readonly string[]): boolean {
  if (!source.startsWith('/')) return false;
  const path = normalizeAbsolute(source);
  return bases.some((base) => isWithin(path, normalizeAbsolute(base)));
}

const verdict = (ruleId: string, severity: Severity, message: string, path?: string): Verdict =>
  path === undefined ? { ruleId, severity, message } : { ruleId, severity, message, path };

const NAMESPACE_FIELDS = ['PidMode', 'IpcMode', 'NetworkMode', 'UTSMode', 'Cgroup'] as const;

/** Checks run on a create body whatever rules are selected: the privilege grants the issue lists, and allow-lists. */
export const GRANT_CHECKS = [
  'image-not-allowed', 'bind-source-not-allowed', 'volumes-from', 'namespace-join', 'device-not-allowed',
  'device-cgroup-rule', 'volume-host-path', 'volume-driver', 'runtime-not-allowed', 'cgroup-parent', 'masked-paths',
  'annotations', 'device-requests', 'missing-label', 'owner-label',
] as const;

/** The entry in containers.allow.devices that lets containers ask for GPUs and other DeviceRequests. */
export const DEVICE_REQUESTS_ENTRY = 'device-requests';

/**
 * The privilege grants in a create body that container rules do not judge
 * (or judge below the usual fail-on level): each is refused unless the
 * policy's allow-lists name it.
 */
export async function judgeCreateGrants(
  request: CreateRequest,
  raw: Record<string, unknown>,
  config: PolicyConfig,
  owned: OwnedCheck,
  pathOf: (path: string) => string = (path) => path,
): Promise<Verdict[]> {
  const host = request.HostConfig ?? {};
  const rawHost = (raw.HostConfig ?? {}) as Record<string, unknown>;
  return [
    ...judgeImageAndMounts(request, rawHost, config, pathOf),
    ...(await judgeSharing(host, rawHost, config, owned, pathOf)),
    ...judgeDevices(host, config, pathOf),
    ...judgeHostConfigExtras(rawHost, config, pathOf),
    ...judgeLabels(request.Labels ?? {}, config, pathOf('Labels')),
  ];
}

/** The image and bind-mount allow-lists, and volumes whose driver options mount host paths. */
function judgeImageAndMounts(request: CreateRequest, rawHost: Record<string, unknown>, config: PolicyConfig, pathOf: (path: string) => string): Verdict[] {
  const verdicts: Verdict[] = [];
  const host = request.HostConfig ?? {};
  const { images, bindSources } = config.containers.allow;
  if (images && typeof request.Image === 'string' && !imageAllowed(request.Image, images)) {
    verdicts.push(verdict('image-not-allowed', 'high', `image "${request.Image}" is not in containers.allow.images`, pathOf('Image')));
  }
  const outsideSources = (source: string, path: string) => {
    if (bindSources && !withinAny(source, bindSources)) {
      verdicts.push(verdict('bind-source-not-allowed', 'high', `bind mount of host path "${source}" is outside containers.allow.bind-sources`, pathOf(path)));
    }
  };
  for (const [i, entry] of (host.Binds ?? []).entries()) {
    const source = bindSource(entry);
    if (isHostPath(source)) outsideSources(source, `HostConfig.Binds.${i}`);
  }
  for (const [i, mount] of (host.Mounts ?? []).entries()) {
    if (mount.Type === 'bind') outsideSources(mount.Source ?? '', `HostConfig.Mounts.${i}`);
    const options = volumeOptionsOf(mount);
    if (mount.Type === 'volume' && options) verdicts.push(...judgeVolumeDriver(options.driver, options.options, config, pathOf(`HostConfig.Mounts.${i}.VolumeOptions.DriverConfig`)));
  }
  if (typeof rawHost.VolumeDriver === 'string' && rawHost.VolumeDriver !== '') {
    verdicts.push(...judgeVolumeDriver(rawHost.VolumeDriver, {}, config, pathOf('HostConfig.VolumeDriver')));
  }
  return verdicts;
}

/** `VolumesFrom` and `container:NAME` namespace modes: another container's volumes or namespaces. */
async function judgeSharing(host: HostConfig, rawHost: Record<string, unknown>, config: PolicyConfig, owned: OwnedCheck, pathOf: (path: string) => string): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const notAllowed = `which is not in containers.allow.shared-containers${owned ? ' and not owned by this client' : ''}`;
  for (const [i, source] of (host.VolumesFrom ?? []).entries()) {
    const container = source.split(':')[0] ?? '';
    if (!(await mayShare(container, config, owned))) {
      verdicts.push(verdict('volumes-from', 'high', `container would mount every volume of container "${container}", ${notAllowed}`, pathOf(`HostConfig.VolumesFrom.${i}`)));
    }
  }
  for (const field of NAMESPACE_FIELDS) {
    const mode = rawHost[field];
    if (typeof mode !== 'string' || !mode.startsWith('container:')) continue;
    const container = mode.slice('container:'.length);
    if (!(await mayShare(container, config, owned))) {
      verdicts.push(verdict('namespace-join', 'high', `container would join the namespace of container "${container}" (${field}), ${notAllowed}`, pathOf(`HostConfig.${field}`)));
    }
  }
  return verdicts;
}

/** Host devices and device cgroup rules, each allowed only as the policy lists it. */
function judgeDevices(host: HostConfig, config: PolicyConfig, pathOf: (path: string) => string): Verdict[] {
  const { devices, deviceCgroupRules } = config.containers.allow;
  const verdicts: Verdict[] = [];
  for (const [i, device] of (host.Devices ?? []).entries()) {
    if (!devices.includes(device.PathOnHost)) {
      verdicts.push(verdict('device-not-allowed', 'high', `host device "${device.PathOnHost}" is not in containers.allow.devices`, pathOf(`HostConfig.Devices.${i}`)));
    }
  }
  for (const [i, rule] of (host.DeviceCgroupRules ?? []).entries()) {
    if (!deviceCgroupRules.includes(normalizeCgroupRule(rule))) {
      verdicts.push(verdict('device-cgroup-rule', 'high', `device cgroup rule "${rule}" is not in containers.allow.device-cgroup-rules`, pathOf(`HostConfig.DeviceCgroupRules.${i}`)));
    }
  }
  return verdicts;
}

/** HostConfig fields outside the create model that hand out host access. */
export function judgeHostConfigExtras(rawHost: Record<string, unknown>, config: PolicyConfig, pathOf: (path: string) => string = (p) => p): Verdict[] {
  const verdicts: Verdict[] = [];
  const runtime = rawHost.Runtime;
  if (typeof runtime === 'string' && runtime !== '' && runtime !== 'runc' && !config.containers.allow.runtimes.includes(runtime)) {
    verdicts.push(verdict('runtime-not-allowed', 'high', `runtime "${runtime}" is not in containers.allow.runtimes`, pathOf('HostConfig.Runtime')));
  }
  if (typeof rawHost.CgroupParent === 'string' && rawHost.CgroupParent !== '') {
    verdicts.push(verdict('cgroup-parent', 'high', `container would be placed in host cgroup "${rawHost.CgroupParent}", outside the engine's limits`, pathOf('HostConfig.CgroupParent')));
  }
  for (const field of ['MaskedPaths', 'ReadonlyPaths'] as const) {
    if (rawHost[field] !== undefined && rawHost[field] !== null) {
      verdicts.push(verdict('masked-paths', 'critical', `container would replace the engine's ${field}, unmasking /proc and /sys paths that expose the host kernel`, pathOf(`HostConfig.${field}`)));
    }
  }
  const requests = rawHost.DeviceRequests;
  if (Array.isArray(requests) && requests.length > 0 && !config.containers.allow.devices.includes(DEVICE_REQUESTS_ENTRY)) {
    verdicts.push(verdict('device-requests', 'high', `container would be given host devices through a device driver (GPUs); list "${DEVICE_REQUESTS_ENTRY}" in containers.allow.devices to allow it`, pathOf('HostConfig.DeviceRequests')));
  }
  const annotations = rawHost.Annotations;
  if (annotations && typeof annotations === 'object' && Object.keys(annotations).length > 0) {
    verdicts.push(verdict('annotations', 'high', 'container would pass OCI annotations to the runtime, which some runtimes act on', pathOf('HostConfig.Annotations')));
  }
  return verdicts;
}

function judgeLabels(labels: Record<string, string>, config: PolicyConfig, path: string): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [name, value] of Object.entries(config.containers.requireLabels)) {
    if (labels[name] !== value) {
      verdicts.push(verdict('missing-label', 'medium', `container must carry label ${name}=${value} (containers.require-labels)`, path));
    }
  }
  const ownership = config.containers.ownership;
  const claimed = ownership ? labels[ownership.label] : undefined;
  if (ownership && claimed !== undefined && claimed !== ownership.owner) {
    verdicts.push(verdict('owner-label', 'high', `label ${ownership.label} is set by the proxy; the request claims owner "${claimed}"`, path));
  }
  return verdicts;
}

async function mayShare(container: string, config: PolicyConfig, owned: OwnedCheck): Promise<boolean> {
  if (allowedBy(container, config.containers.allow.sharedContainers)) return true;
  return owned ? owned(container) : false;
}

/** `sha256:…`, or bare hex the engine may resolve as an image id prefix when no image has that name. */
const IMAGE_ID = /^(?:sha256:)?[0-9a-f]{4,64}$/;

export function imageAllowed(image: string, patterns: readonly string[]): boolean {
  if (allowedBy(image, patterns)) return true;
  // An id names whatever local image has it, from any registry: only a pattern that matches it as written allows it.
  if (IMAGE_ID.test(image.trim())) return false;
  const ref = parseImageReference(image);
  if (!ref) return false;
  const full = `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
  return allowedBy(full, patterns);
}

interface VolumeDriverOptions {
  driver: string;
  options: Record<string, string>;
}

function volumeOptionsOf(mount: MountSpec): VolumeDriverOptions | undefined {
  const config = (mount as MountSpec & { VolumeOptions?: { DriverConfig?: { Name?: string; Options?: Record<string, string> } } }).VolumeOptions?.DriverConfig;
  if (!config) return undefined;
  return { driver: config.Name ?? '', options: config.Options ?? {} };
}

/**
 * Host paths a local-driver volume would mount: a `device` that is a path (a
 * bind with `o=bind`, or a block device), and path values in `o` (overlay's
 * `lowerdir=/etc`). Relative binds count too: the engine resolves them on the host.
 */
export function hostPathsOfVolumeOptions(options: Record<string, string>): string[] {
  const paths: string[] = [];
  const o = typeof options.o === 'string' ? options.o : '';
  const device = typeof options.device === 'string' ? options.device : '';
  const flags = o.split(',').map((flag) => flag.trim());
  if (device.startsWith('/') || (device !== '' && flags.some((flag) => flag === 'bind' || flag === 'rbind'))) paths.push(device);
  for (const flag of flags) {
    const value = flag.slice(flag.indexOf('=') + 1);
    if (!flag.includes('=')) continue;
    for (const part of value.split(':')) if (part.startsWith('/')) paths.push(part);
  }
  return paths;
}

/** A volume's driver and options: non-local drivers need allowing; local options that mount host paths need bind-sources. */
export function judgeVolumeDriver(driver: string, options: Record<string, string>, config: PolicyConfig, path: string): Verdict[] {
  if (driver !== '' && driver !== 'local') {
    return config.containers.allow.volumeDrivers.includes(driver)
      ? []
      : [verdict('volume-driver', 'high', `volume driver "${driver}" is not in containers.allow.volume-drivers`, path)];
  }
  const bases = config.containers.allow.bindSources ?? [];
  return hostPathsOfVolumeOptions(options)
    .filter((hostPath) => !withinAny(hostPath, bases))
    .map((hostPath) => verdict('volume-host-path', 'critical', `volume would mount host path "${hostPath}", which is outside containers.allow.bind-sources`, path));
}

/** Fields of an update body, as the create model names them. */
export const UPDATE_FIELDS = ['Memory', 'MemorySwap', 'MemoryReservation', 'NanoCpus', 'CpuQuota', 'CpuPeriod', 'CpuShares', 'PidsLimit', 'RestartPolicy', 'Devices', 'DeviceCgroupRules', 'Ulimits'] as const;

/**
 * `POST /containers/{id}/update` changes resources and the restart policy of
 * a running container. The engine leaves a field unchanged when it is zero,
 * empty or null (the docker CLI sends every field, zeros included), except
 * PidsLimit, where 0 and -1 mean unlimited. Judge only what the update changes:
 * a finding counts when it is about a field the update sets.
 */
export function judgeUpdate(body: Record<string, unknown>, name: string, config: PolicyConfig): Judgement {
  const host: HostConfig = {};
  for (const field of UPDATE_FIELDS) {
    if (changes(field, body[field])) (host as Record<string, unknown>)[field] = body[field];
  }
  const touched = (finding: Finding) => {
    const field = /^HostConfig\.([A-Za-z]+)/.exec(finding.at.path ?? '')?.[1];
    return field !== undefined && field in host;
  };
  const withoutPrefix = (path: string) => path.replace(/^HostConfig\./, '');
  const judged = judgeContainerRequest({ HostConfig: host }, name, config, withoutPrefix, touched);
  const grants = judgeDevices(host, config, withoutPrefix);
  grants.push(...judgeHostConfigExtras({ CgroupParent: body.CgroupParent, DeviceRequests: body.DeviceRequests }, config, withoutPrefix));
  return { verdicts: [...grants, ...judged.verdicts], evaluated: [...judged.evaluated, 'device-not-allowed', 'device-cgroup-rule', 'cgroup-parent', 'device-requests'] };
}

function changes(field: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (field === 'PidsLimit') return true;
  if (field === 'RestartPolicy') return typeof (value as { Name?: unknown }).Name === 'string' && (value as { Name: string }).Name !== '';
  if (typeof value === 'number') return value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Orders verdicts so that the first names the worst. */
export function worstFirst(verdicts: Verdict[]): Verdict[] {
  return [...verdicts].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

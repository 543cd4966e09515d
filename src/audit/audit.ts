import type { ContainerFacts } from '../facts/container.js';
import type { InputError } from '../facts/finding.js';
import type { HostFacts } from '../facts/host.js';
import { shortImageId, type ImageFacts } from '../facts/image.js';
import { rules as allRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import { emptyConfig, type HullcheckConfig } from '../scan/config.js';
import { enabledRules } from '../scan/findings.js';
import type { ScannedInput, ScanResult } from '../scan/result.js';
import { createEngineClient, EngineError, type ContainerInspect, type EngineClient } from '../sources/engine/client.js';
import type { EndpointOptions } from '../sources/engine/endpoint.js';
import { engineInfoFrom, engineVersionFrom } from '../sources/engine/engine-facts.js';
import { imageFactsFromInspect } from '../sources/engine/image-to-facts.js';
import { containerFactsFromInspect } from '../sources/engine/inspect-to-facts.js';
import { readHostFacts, type HostReadOptions } from './host.js';
import { evaluate } from './evaluate.js';
import { mapWithLimit } from './pool.js';
import type { SectionScore } from './score.js';
import { selectContainers } from './select.js';

/** The oldest Engine API audit speaks: Docker 1.12, the first with every inspect field the rules read. */
export const MIN_API_VERSION = '1.24';

export interface AuditOptions {
  /** Which engine: `--host`, TLS flags, environment. Ignored when `client` is given. */
  endpoint?: EndpointOptions;
  client?: EngineClient;
  /** `--containers` filters: names, ids, `label=KEY[=VALUE]`. */
  containers?: string[];
  /** Inspects in flight at once. */
  concurrency?: number;
  config?: HullcheckConfig;
  rules?: readonly Rule[];
  host?: HostReadOptions;
  /** Audit the images on the engine too (default: yes). */
  images?: boolean;
  /** Called after each container inspect, for a progress line. */
  onProgress?: (done: number, total: number) => void;
}

export interface AuditResult extends ScanResult {
  engine: { host: string; version: string; apiVersion: string; os: string };
  containers: { total: number; audited: number };
  images: number;
  /** Engine API requests the audit sent. */
  requests: number;
  /** Passed and warned checks per CIS section, as docker-bench-security counts them. */
  score: SectionScore[];
  /** Why the host-side checks did not run, when they did not. */
  hostSkipped?: string;
}

/**
 * Audits a Docker engine: the daemon and its host with the host rules, and
 * every container (created, running, paused, exited) with the same container
 * rules `scan` applies to Compose files. Sends only GET requests. Throws an
 * EngineError when the engine cannot be reached or is too old.
 */
export async function audit(options: AuditOptions = {}): Promise<AuditResult> {
  const config = options.config ?? emptyConfig(process.cwd());
  const rules = enabledRules(options.rules ?? allRules, config);
  const client = options.client ?? createEngineClient({ ...options.endpoint, maxConnections: options.concurrency ?? 8 });
  try {
    return await auditWith(client, rules, config, options);
  } finally {
    if (!options.client) client.close();
  }
}

async function auditWith(client: EngineClient, rules: readonly Rule[], config: HullcheckConfig, options: AuditOptions): Promise<AuditResult> {
  const [versionAnswer, infoAnswer] = await Promise.all([client.get('/version'), client.get('/info')]);
  const version = engineVersionFrom(versionAnswer);
  requireApiVersion(client.host, version.apiVersion);
  const info = engineInfoFrom(infoAnswer);
  const listed = await client.listContainers(true);
  const selected = selectContainers(listed, options.containers ?? []);
  let done = 0;
  const errors: InputError[] = [];
  const inspected = await mapWithLimit(selected, options.concurrency ?? 8, async (summary) => {
    const inspect = await unlessRemoved(() => client.inspectContainer(summary.Id), `container:${summary.Id.slice(0, 12)}`, errors);
    options.onProgress?.(++done, selected.length);
    return inspect;
  });
  const containers = inspected.filter((i): i is ContainerInspect => i !== undefined).map(containerFactsFromInspect);
  const images = options.images === false ? [] : await inspectImages(client, options.concurrency ?? 8, errors);
  const host = await readHostFacts(client.host, version, info, options.host ?? {});
  errors.push(...host.errors);

  const evaluated = evaluate([host.facts, ...images, ...containers], rules, config, errors);
  return {
    findings: evaluated.findings,
    errors,
    inputs: inputsOf(host.facts, images, containers),
    engine: { host: client.host, version: version.engine, apiVersion: version.apiVersion, os: version.os },
    containers: { total: listed.length, audited: containers.length },
    images: images.length,
    requests: client.requestCount,
    score: evaluated.score,
    ...(host.facts.hostSkipped ? { hostSkipped: host.facts.hostSkipped } : {}),
  };
}

/**
 * An inspect, or undefined with a note when the object was removed between the
 * list and its inspect (the engine answers 404); any other failure ends the audit.
 */
async function unlessRemoved<T>(inspect: () => Promise<T>, label: string, errors: InputError[]): Promise<T | undefined> {
  try {
    return await inspect();
  } catch (error) {
    if (!(error instanceof EngineError && error.statusCode === 404)) throw error;
    errors.push({ file: label, message: 'removed while the audit ran; not audited' });
    return undefined;
  }
}



function inputsOf(host: HostFacts, images: readonly ImageFacts[], containers: readonly ContainerFacts[]): ScannedInput[] {
  return [
    { path: host.at.file, kind: 'engine' },
    ...images.map((i) => ({ path: i.at.file, kind: 'image' as const })),
    ...containers.map((c) => ({ path: c.at.file, kind: 'container' as const })),
  ];
}

/** Every image on the engine, at config level; one removed during the audit is skipped with a note. */
async function inspectImages(client: EngineClient, concurrency: number, errors: InputError[]): Promise<ImageFacts[]> {
  const listed = await client.listImages();
  const inspected = await mapWithLimit(listed, concurrency, (summary) =>
    unlessRemoved(() => client.inspectImage(summary.Id), `image:${shortImageId(summary.Id)}`, errors),
  );
  return inspected.filter((i) => i !== undefined).map((inspect) => imageFactsFromInspect(inspect));
}

function requireApiVersion(host: string, apiVersion: string): void {
  if (apiVersion && compareApiVersions(apiVersion, MIN_API_VERSION) < 0) {
    throw new EngineError(`the Docker engine at ${host} speaks API ${apiVersion}; hullcheck audit needs ${MIN_API_VERSION} (Docker 1.12) or newer`, host);
  }
}

export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}


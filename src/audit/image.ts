import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Finding, InputError } from '../facts/finding.js';
import type { ImageFacts } from '../facts/image.js';
import { compareLocations } from '../facts/location.js';
import { rules as allRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import { emptyConfig, type HullcheckConfig } from '../scan/config.js';
import { enabledRules } from '../scan/findings.js';
import type { ScannedInput, ScanResult } from '../scan/result.js';
import { createEngineClient, EngineError, type EngineClient } from '../sources/engine/client.js';
import type { EndpointOptions } from '../sources/engine/endpoint.js';
import { ImageReadError, readImageArchive, readImagePath, type ImageReadResult } from '../sources/image/read-image.js';
import { evaluate } from './evaluate.js';

export interface ImageAuditOptions {
  /** Which engine reads image references: `--host`, TLS flags, environment. Ignored when `client` is given. */
  endpoint?: EndpointOptions;
  client?: EngineClient;
  config?: HullcheckConfig;
  rules?: readonly Rule[];
  /** Standard input, for the target `-` (a `docker save` archive piped in). */
  stdin?: Readable;
  /** Called after each target, for a progress line. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImageAuditResult extends ScanResult {
  /** Each target as given, and how it was read. */
  targets: { target: string; source: 'engine' | 'path' | 'stdin'; images: number }[];
}

/**
 * Audits images with the image rules, reading every layer: a target that is
 * an existing path is a `docker save` archive, an OCI layout directory or an
 * OCI layout tarball (every image in it is audited); `-` is such an archive on
 * standard input; anything else is an image reference the engine saves for us
 * (`GET /images/get`, streamed). Each image is read, checked and let go before
 * the next, so memory holds one image's file index at a time. A target or
 * image that cannot be read is an input error; the others are still audited.
 */
export async function auditImages(targets: readonly string[], options: ImageAuditOptions = {}): Promise<ImageAuditResult> {
  const config = options.config ?? emptyConfig(process.cwd());
  const rules = enabledRules(options.rules ?? allRules, config).filter((rule) => rule.meta.reads === 'image');
  let client = options.client;
  const result: ImageAuditResult = { findings: [], errors: [], inputs: [], targets: [] };
  const seen = new Set<string>();
  try {
    for (const [i, target] of targets.entries()) {
      const source = target === '-' ? 'stdin' : existsSync(target) || looksLikePath(target) ? 'path' : 'engine';
      let read: ImageReadResult;
      if (source === 'engine') {
        client ??= createEngineClient(options.endpoint ?? {});
        read = await readFromEngine(client, target);
      } else if (source === 'stdin') {
        read = await readImageArchive(options.stdin ?? process.stdin, '-');
      } else {
        read = await readImagePath(target);
      }
      result.targets.push({ target, source, images: read.images.length });
      result.errors.push(...read.errors.map(inputError));
      for (const image of read.images) {
        if (seen.has(image.at.file)) continue;
        seen.add(image.at.file);
        result.inputs.push({ path: image.at.file, kind: 'image' } satisfies ScannedInput);
        result.findings.push(...check(image, rules, config, result.errors));
      }
      options.onProgress?.(i + 1, targets.length);
    }
  } finally {
    if (!options.client) client?.close();
  }
  result.findings.sort(byLocation);
  return result;
}

/**
 * A target that does not exist but cannot be an image reference either (references never
 * start with `/` or `.`) or is named like an archive: a mistyped path, reported as one.
 */
function looksLikePath(target: string): boolean {
  return /^[./~]/.test(target) || /\.(?:tar|tar\.gz|tgz|tar\.zst)$/.test(target);
}

async function readFromEngine(client: EngineClient, ref: string): Promise<ImageReadResult> {
  let stream: Readable;
  try {
    stream = await client.getStream(`/images/get?names=${encodeURIComponent(ref)}`);
  } catch (error) {
    const message = error instanceof EngineError && error.statusCode === 404 ? `no image ${ref} on the Docker engine at ${client.host}` : error instanceof Error ? error.message : String(error);
    return { images: [], errors: [new ImageReadError(message, ref)] };
  }
  return readImageArchive(stream, ref);
}

/** The error as the report shows it, beside its input: without repeating the input's name. */
function inputError(error: ImageReadError): InputError {
  const prefix = `cannot read ${error.source}: `;
  return { file: error.source, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}

/** One image's findings; its facts (and file index) can be dropped afterwards. */
function check(image: ImageFacts, rules: readonly Rule[], config: HullcheckConfig, errors: InputError[]): Finding[] {
  return evaluate([image], rules, config, errors).findings;
}

function byLocation(a: Finding, b: Finding): number {
  return compareLocations(a.at, b.at) || (a.at.path ?? '').localeCompare(b.at.path ?? '') || a.ruleId.localeCompare(b.ruleId);
}

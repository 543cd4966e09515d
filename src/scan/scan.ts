import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InputError } from '../facts/finding.js';
import { compareLocations } from '../facts/location.js';
import { rules as allRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import { runRules } from '../rules/run-rules.js';
import { parseDotenv } from '../sources/compose/dotenv.js';
import { emptyConfig, type HullcheckConfig } from './config.js';
import { describeFsError, discoverFiles, type DiscoveredFile } from './discover.js';
import { enabledRules, fingerprinted, ruleFailure, ruleSettings, withOverride } from './findings.js';
import { parseInput, type InputKind } from './parse-input.js';
import { scanInWorkers, workerCount } from './parallel.js';
import type { ScannedInput, ScanResult } from './result.js';
import { applySuppressions, readSuppressions } from './suppress.js';

/** Files larger than this are reported, not scanned. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface ScanOptions {
  /** Config to apply; defaults to no overrides. */
  config?: HullcheckConfig;
  /** Directory paths are reported relative to. Defaults to process.cwd(). */
  cwd?: string;
  /** Variables for Compose interpolation. Defaults to process.env over a `.env` file beside each Compose file. */
  env?: ReadonlyMap<string, string>;
  /** Rules to run; defaults to every rule. */
  rules?: readonly Rule[];
  /** Called as files are scanned, for a progress line. */
  onProgress?: (done: number, total: number) => void;
}

export interface TextInput {
  text: string;
  kind: InputKind;
  /** Name to report findings under. */
  file?: string;
}

/** Scans files and directories (see discoverFiles for what is picked up). */
export async function scanFiles(paths: string[], options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? emptyConfig(cwd);
  const { files, errors } = discoverFiles(paths.length > 0 ? paths : ['.'], {
    cwd,
    ignorePaths: config.ignorePaths,
    ignoreRoot: config.root,
  });
  const workers = options.rules ? 0 : workerCount(files.length);
  const results =
    workers > 0
      ? await scanInWorkers(files, workers, { config, ...(options.env ? { env: options.env } : {}) }, options.onProgress)
      : await scanEach(files, config, options);
  return mergeResults(results, errors);
}

async function scanEach(files: DiscoveredFile[], config: HullcheckConfig, options: ScanOptions): Promise<ScanResult[]> {
  const results = [];
  for (const file of files) {
    results.push(await scanDiscovered(file, config, options));
    options.onProgress?.(results.length, files.length);
  }
  return results;
}

/** Scans one discovered file with every rule (the unit of work of a scan worker). */
export function scanDiscoveredFile(file: DiscoveredFile, config: HullcheckConfig, env?: ReadonlyMap<string, string>): Promise<ScanResult> {
  return scanDiscovered(file, config, env ? { env } : {});
}

/** Scans one text (a Dockerfile, a Compose file or a `docker run` line). */
export async function scanText(input: TextInput, options: ScanOptions = {}): Promise<ScanResult> {
  const config = options.config ?? emptyConfig(options.cwd ?? process.cwd());
  const file = input.file ?? defaultName(input.kind);
  const env = options.env ?? processEnv();
  return scanContent(input.text, input.kind, file, env, config, options.rules ?? allRules);
}

function defaultName(kind: InputKind): string {
  return kind === 'run' ? 'command-line' : kind === 'compose' ? 'compose.yaml' : 'Dockerfile';
}

async function scanDiscovered(file: DiscoveredFile, config: HullcheckConfig, options: ScanOptions): Promise<ScanResult> {
  const read = readInputFile(file.absolute, file.path);
  if ('error' in read) return { findings: [], errors: [read.error], inputs: [] };
  const env = options.env ?? (file.kind === 'compose' ? composeEnv(file.absolute) : new Map());
  return scanContent(read.text, file.kind, file.path, env, config, options.rules ?? allRules);
}

export function readInputFile(absolute: string, shown: string): { text: string } | { error: InputError } {
  let read: { buffer: Buffer; size: number };
  try {
    read = readAtMost(absolute, MAX_FILE_BYTES + 1);
  } catch (error) {
    return { error: { file: shown, message: describeFsError(error) } };
  }
  return decodeInput(read.buffer, shown, read.size);
}

/**
 * Reads no more than `limit` bytes, so that a huge file, a device or an endless
 * pipe is rejected for its size instead of being read whole. `size` is the
 * file's real size when the file system knows it, Infinity when it is unknown
 * but over the limit.
 */
function readAtMost(path: string, limit: number): { buffer: Buffer; size: number } {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > limit) return { buffer: Buffer.alloc(0), size: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    // A regular file is read in one go (one byte more than its size, to see it end);
    // devices and pipes in 64 KiB steps. allocUnsafe: every byte used is overwritten by the read.
    let step = stat.isFile() ? stat.size + 1 : 64 * 1024;
    while (total < limit) {
      const chunk = Buffer.allocUnsafe(Math.min(step, limit - total));
      step = 64 * 1024;
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      total += count;
    }
    // A device or pipe that goes on past the limit has no size to tell.
    const size = total < limit ? total : stat.isFile() ? Math.max(stat.size, total) : Infinity;
    return { buffer: Buffer.concat(chunks), size };
  } finally {
    closeSync(fd);
  }
}

export function decodeInput(buffer: Buffer, shown: string, size = buffer.length): { text: string } | { error: InputError } {
  if (size > MAX_FILE_BYTES) {
    const limit = `${MAX_FILE_BYTES / 1024 / 1024} MiB`;
    const amount = Number.isFinite(size) ? `${(size / 1024 / 1024).toFixed(1)} MiB` : `more than ${limit}`;
    return { error: { file: shown, message: `is ${amount}; files over ${limit} are not scanned` } };
  }
  // Windows tools write UTF-16 with a byte order mark; YAML allows it, and its NUL bytes do not make it binary.
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)) };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)) };
  if (buffer.subarray(0, 8192).includes(0)) {
    return { error: { file: shown, message: 'is a binary file, not a Dockerfile or Compose file' } };
  }
  return { text: buffer.toString('utf8').replace(/^\uFEFF/, '') };
}

function processEnv(): Map<string, string> {
  return new Map(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The process environment over the `.env` file beside the Compose file, as `docker compose` does. */
export function composeEnv(composeFile: string): Map<string, string> {
  let dotenv = new Map<string, string>();
  try {
    dotenv = parseDotenv(readFileSync(join(dirname(composeFile), '.env'), 'utf8'));
  } catch {
    // No .env beside the file: only the process environment applies.
  }
  return new Map([...dotenv, ...processEnv()]);
}

async function scanContent(
  text: string,
  kind: InputKind,
  file: string,
  env: ReadonlyMap<string, string>,
  config: HullcheckConfig,
  rules: readonly Rule[],
): Promise<ScanResult> {
  const parsed = await parseInput(text, kind, file, { env });
  const enabled = enabledRules(rules, config);
  const settings = ruleSettings(config);
  // Split at LF only: every reader of these lines trims them, so a CR left from CRLF does not matter.
  const lines = text.split('\n');
  const ruleErrors: InputError[] = [];
  const onFailure = (ruleId: string, error: unknown) => ruleErrors.push(ruleFailure(file, ruleId, error));
  const raw = parsed.facts.flatMap((facts) => runRules(facts, enabled, settings, onFailure));
  const findings = applySuppressions(
    raw.map((finding) => withOverride(finding, config)),
    readSuppressions(text),
    lines,
    parsed.spans,
  );
  const input: ScannedInput = { path: file, kind };
  const sorted = findings.sort((a, b) => compareLocations(a.at, b.at) || compareRuleIds(a.ruleId, b.ruleId));
  return { findings: fingerprinted(sorted, lines), errors: [...parsed.errors, ...ruleErrors], inputs: [input] };
}

/**
 * Rule ids are lower-case ASCII, so code-point order is the order localeCompare gave;
 * localeCompare itself would start ICU's collator, about 10 ms of a single-file run.
 */
function compareRuleIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeResults(results: ScanResult[], discoveryErrors: InputError[]): ScanResult {
  return {
    findings: results.flatMap((r) => r.findings),
    errors: [...discoveryErrors, ...results.flatMap((r) => r.errors)],
    inputs: results.flatMap((r) => r.inputs),
  };
}

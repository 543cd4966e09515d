import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InputError } from '../facts/finding.js';
import { compareLocations } from '../facts/location.js';
import { rules as allRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import { runRules } from '../rules/run-rules.js';
import { parseDotenv } from '../sources/compose/dotenv.js';
import { emptyConfig, type HullcheckConfig } from './config.js';
import { discoverFiles, type DiscoveredFile } from './discover.js';
import { enabledRules, fingerprinted, ruleFailure, ruleSettings, withOverride } from './findings.js';
import { parseInput, type InputKind } from './parse-input.js';
import { enoughToStartWorkers, startScanWorkers, workerCount, type ScanWorkers } from './parallel.js';
import { readDiscoveredFile, type ReadFile } from './read-input.js';
import type { ScannedInput, ScanResult } from './result.js';
import { applySuppressions, readSuppressions } from './suppress.js';

export { decodeInput, MAX_FILE_BYTES, readInputFile } from './read-input.js';

export interface ScanOptions {
  /** Config to apply; defaults to no overrides. */
  config?: HullcheckConfig;
  /** Directory paths are reported relative to. Defaults to process.cwd(). */
  cwd?: string;
  /** Variables for Compose interpolation. Defaults to process.env over a `.env` file beside each Compose file. */
  env?: ReadonlyMap<string, string>;
  /** Rules to run; defaults to every rule. */
  rules?: readonly Rule[];
  /**
   * Worker threads to scan on; 0 scans on the calling thread. Defaults to one per core
   * (at most 8) from 200 files up. Worth setting where the core count Node sees is not
   * the CPU the process may use (a container's CPU quota).
   */
  jobs?: number;
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
  const job = { config, ...(options.env ? { env: options.env } : {}) };
  let workers: ScanWorkers | undefined;
  let started = false;
  const startWorkers = (fileCount: number) => {
    started = true;
    const count = options.rules ? 0 : workerCount(fileCount, options.jobs);
    if (count > 0) workers = startScanWorkers(count, job);
  };
  const { files, errors } = discoverFiles(paths.length > 0 ? paths : ['.'], {
    cwd,
    ignorePaths: config.ignorePaths,
    ignoreRoot: config.root,
    onFound: (found) => {
      if (!started && enoughToStartWorkers(found, options.jobs)) startWorkers(found);
    },
  });
  if (!started) startWorkers(files.length);
  const results = workers ? await workers.scan(files, options.onProgress) : await scanEach(files, config, options);
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

/** Scans one file already read with every rule (the unit of work of a scan worker). */
export function scanReadFile(input: ReadFile, config: HullcheckConfig, env?: ReadonlyMap<string, string>): Promise<ScanResult> {
  return scanRead(input, config, env ? { env } : {});
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

function scanDiscovered(file: DiscoveredFile, config: HullcheckConfig, options: ScanOptions): Promise<ScanResult> {
  return scanRead(readDiscoveredFile(file), config, options);
}

async function scanRead({ file, read }: ReadFile, config: HullcheckConfig, options: ScanOptions): Promise<ScanResult> {
  if ('error' in read) return { findings: [], errors: [read.error], inputs: [] };
  const env = options.env ?? (file.kind === 'compose' ? composeEnv(file.absolute) : new Map());
  return scanContent(read.text, file.kind, file.path, env, config, options.rules ?? allRules);
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
  // Without a CR the parser's own split is the same array of lines; reuse it rather than split again.
  const lines = parsed.lines && !text.includes('\r') ? parsed.lines : text.split('\n');
  const ruleErrors: InputError[] = [];
  const onFailure = (ruleId: string, error: unknown) => ruleErrors.push(ruleFailure(file, ruleId, error));
  const raw = parsed.facts.flatMap((facts) => runRules(facts, enabled, settings, onFailure));
  const findings = applySuppressions(
    config.rules.size === 0 ? raw : raw.map((finding) => withOverride(finding, config)),
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

import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { scanFiles, scanText, decodeInput } from '../scan/scan.js';
import type { HullcheckConfig } from '../scan/config.js';
import type { InputKind } from '../scan/parse-input.js';
import type { ScanResult } from '../scan/result.js';
import { progressLine } from './progress.js';
import { finish, resolveConfig, withOutputOptions, type OutputOptions } from './output.js';

interface ScanCommandOptions extends OutputOptions {
  stdinKind?: 'dockerfile' | 'compose';
  jobs?: number;
}

/** The most worker threads --jobs may ask for. */
const MAX_JOBS = 64;

export function scanCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const command = new Command('scan')
    .description('scan Dockerfiles and Compose files (default: the current directory; `-` reads standard input)')
    .argument('[paths...]', 'files and directories to scan')
    .addOption(new Option('--stdin-kind <kind>', 'what `-` is (default: guessed from the text)').choices(['dockerfile', 'compose']))
    .addOption(
      new Option('-j, --jobs <n>', 'worker threads to scan on; 0 scans on the main thread (default: one per core, at most 8, none under 200 files)').argParser(parseJobs),
    );
  withOutputOptions(command);
  return command.action((paths: string[], options: ScanCommandOptions) =>
    run(async () => {
      const start = paths.find((p) => p !== '-') ?? '.';
      const config = await resolveConfig(options, existingDir(start));
      const fromStdin = paths.includes('-');
      const files = paths.filter((p) => p !== '-');
      const results: ScanResult[] = [];
      if (files.length > 0 || !fromStdin) {
        const progress = progressLine('scanning files');
        results.push(await scanFiles(files, { config, onProgress: progress.update, jobs: options.jobs }).finally(progress.clear));
      }
      if (fromStdin) results.push(await scanStdin(options.stdinKind, config));
      return finish(combine(results), options, config);
    }),
  );
}

function parseJobs(text: string): number {
  const jobs = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!(jobs <= MAX_JOBS)) throw new InvalidArgumentError(`expected a whole number from 0 to ${MAX_JOBS}`);
  return jobs;
}

/** The directory the config search starts from: the path itself, or the directory of a file. */
function existingDir(path: string): string {
  const absolute = resolve(path);
  try {
    return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  } catch {
    return absolute;
  }
}

async function scanStdin(kind: InputKind | undefined, config: HullcheckConfig): Promise<ScanResult> {
  const decoded = decodeInput(readFileSync(0), '-');
  if ('error' in decoded) return { findings: [], errors: [decoded.error], inputs: [] };
  return scanText({ text: decoded.text, kind: kind ?? guessKind(decoded.text), file: '-' }, { config });
}

/** A Dockerfile starts (after comments) with FROM, ARG or a parser directive; anything else is taken for YAML. */
export function guessKind(text: string): InputKind {
  const firstCode = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trim().startsWith('#')) ?? '';
  return /^\s*(FROM|ARG)\s/i.test(firstCode) || /^\s*#\s*(syntax|escape)=/im.test(text) ? 'dockerfile' : 'compose';
}

function combine(results: ScanResult[]): ScanResult {
  return {
    findings: results.flatMap((r) => r.findings),
    errors: results.flatMap((r) => r.errors),
    inputs: results.flatMap((r) => r.inputs),
  };
}

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { HullcheckConfig } from './config.js';
import type { DiscoveredFile } from './discover.js';
import { readDiscoveredFile, type ReadFile } from './read-input.js';
import type { ScanResult } from './result.js';

/** Below this many files, starting workers (each loads the parsers) costs more than it saves. */
export const PARALLEL_THRESHOLD = 200;
const CHUNK_SIZE = 32;
/**
 * A worker allocates many short-lived objects per file (words, places, findings). With a
 * young generation larger than V8's default it collects half as often; measured over the
 * 10,000-file bench corpus with two workers: 5-10% less wall time, about 100 MB more at peak.
 */
const YOUNG_GENERATION_MB = 96;

let workerScript = new URL('./scan-worker.js', import.meta.url);
let workerArgv: string[] = [];

/** Where the worker entry lives, and what to start it with; the bundled CLI starts its workers from its own launcher. */
export function setWorkerScript(url: URL, argv: string[] = []): void {
  workerScript = url;
  workerArgv = argv;
}

/** How many workers to start: `requested` when given (never more than there are files), else one per core from 200 files up. */
export function workerCount(fileCount: number, requested?: number): number {
  // Run from TypeScript sources (tests), there is no compiled worker to start: scan in place.
  if (!existsSync(fileURLToPath(workerScript))) return 0;
  if (requested !== undefined) return Math.max(0, Math.min(Math.floor(requested), fileCount));
  if (fileCount < PARALLEL_THRESHOLD) return 0;
  return Math.min(maxWorkers(), Math.ceil(fileCount / PARALLEL_THRESHOLD));
}

let cachedMaxWorkers: number | undefined;

function maxWorkers(): number {
  // Required here, not imported: a run too small for workers need not load node:os.
  cachedMaxWorkers ??= Math.min((createRequire(import.meta.url)('node:os') as typeof import('node:os')).availableParallelism(), 8);
  return cachedMaxWorkers;
}

/**
 * Whether discovery, having found `found` files so far, has found enough to start the
 * workers: from there on, more files would not change how many there are. Starting them
 * then, while discovery goes on, hides their start-up (tens of milliseconds) behind it.
 */
export function enoughToStartWorkers(found: number, requested?: number): boolean {
  if (requested !== undefined) return found >= Math.max(1, Math.floor(requested));
  // The threshold first, so that a small run never loads node:os.
  return found >= PARALLEL_THRESHOLD && found >= maxWorkers() * PARALLEL_THRESHOLD;
}

export interface WorkerJob {
  config: HullcheckConfig;
  env?: ReadonlyMap<string, string>;
}

export type ToWorker = { files: ReadFile[]; start: number } | { done: true };
export type FromWorker = { ready: true } | { start: number; results: ScanResult[] } | { failed: string };

export interface ScanWorkers {
  /** Scans the files, then stops the workers. Results come back in the order of `files`. */
  scan(files: DiscoveredFile[], onProgress?: (done: number, total: number) => void): Promise<ScanResult[]>;
}

/**
 * Starts `count` scan worker threads. They load the parsers and rules while the caller
 * finishes finding files; `scan` then hands out small chunks on demand, so that a run of
 * heavy files does not leave one worker busy while the others wait.
 */
export function startScanWorkers(count: number, job: WorkerJob): ScanWorkers {
  // Required here: a single-file run never starts a worker and need not load the module.
  // (A require, not an import(): the CLI bundle runs as a script, which has no import().)
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  let files: DiscoveredFile[] | undefined;
  let results: ScanResult[] = [];
  let onProgress: ((done: number, total: number) => void) | undefined;
  let next = 0;
  let done = 0;
  let running = count;
  const waiting: Worker[] = [];
  let settle: { resolve: (results: ScanResult[]) => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  const workers: Worker[] = [];
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    settle?.reject(failure);
    // The others would wait for work for ever and keep the process alive.
    for (const worker of workers) void worker.terminate();
  };

  const finished = new Set<Worker>();
  const handOut = (worker: Worker) => {
    if (!files) {
      waiting.push(worker);
      return;
    }
    if (next >= files.length) {
      finished.add(worker);
      worker.postMessage({ done: true } satisfies ToWorker);
      return;
    }
    // Read here: the main thread is idle while the workers scan, and a read on a worker
    // thread was measured taking ten times as long as here (the two workers keep both
    // vCPUs busy; a worker that blocks in the kernel loses its turn).
    const chunk = files.slice(next, next + CHUNK_SIZE).map(readDiscoveredFile);
    worker.postMessage({ files: chunk, start: next } satisfies ToWorker);
    next += CHUNK_SIZE;
  };

  for (let i = 0; i < count; i++) {
    const worker = new Worker(workerScript, { argv: workerArgv, workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    workers.push(worker);
    worker.on('message', (message: FromWorker) => {
      if ('failed' in message) {
        fail(new Error(`a scan worker failed: ${message.failed}`));
        return;
      }
      if ('results' in message) {
        message.results.forEach((result, k) => (results[message.start + k] = result));
        done += message.results.length;
        onProgress?.(done, files?.length ?? 0);
      }
      handOut(worker);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!finished.has(worker)) fail(new Error(`a scan worker stopped before its work was done (exit code ${code})`));
      if (--running === 0 && !failure) settle?.resolve(results);
    });
  }

  return {
    scan(toScan, progress) {
      files = toScan;
      results = new Array(toScan.length);
      onProgress = progress;
      return new Promise((resolve, reject) => {
        settle = { resolve, reject };
        if (failure) reject(failure);
        else if (running === 0) resolve(results);
        for (const worker of waiting.splice(0)) handOut(worker);
      });
    },
  };
}

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
  // Required here, not imported: a run too small for workers need not load node:os.
  const { availableParallelism } = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  return Math.min(availableParallelism(), 8, Math.ceil(fileCount / PARALLEL_THRESHOLD));
}

export interface WorkerJob {
  config: HullcheckConfig;
  env?: ReadonlyMap<string, string>;
}

export type ToWorker = { files: ReadFile[]; start: number } | { done: true };
export type FromWorker = { ready: true } | { start: number; results: ScanResult[] } | { failed: string };

/**
 * Scans files on worker threads, handing out small chunks on demand so that a
 * run of heavy files does not leave one worker busy while the others wait.
 * Results come back in the order of `files`.
 */
export async function scanInWorkers(
  files: DiscoveredFile[],
  count: number,
  job: WorkerJob,
  onProgress?: (done: number, total: number) => void,
): Promise<ScanResult[]> {
  // Required here: a single-file run never starts a worker and need not load the module.
  // (A require, not an import(): the CLI bundle runs as a script, which has no import().)
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const results: ScanResult[] = new Array(files.length);
  let next = 0;
  let done = 0;
  let running = count;
  return new Promise((resolve, reject) => {
    const handOut = (worker: Worker) => {
      if (next >= files.length) {
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
      worker.on('message', (message: FromWorker) => {
        if ('failed' in message) {
          reject(new Error(`a scan worker failed: ${message.failed}`));
          return;
        }
        if ('results' in message) {
          message.results.forEach((result, k) => (results[message.start + k] = result));
          done += message.results.length;
          onProgress?.(done, files.length);
        }
        handOut(worker);
      });
      worker.on('error', reject);
      worker.on('exit', () => {
        if (--running === 0) resolve(results);
      });
    }
  });
}

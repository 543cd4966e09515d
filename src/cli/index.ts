import { createRequire } from 'node:module';
import { setWorkerScript, type WorkerJob } from '../scan/parallel.js';
import { main } from './main.js';
import { SCAN_WORKER_ARG } from './scan-worker-arg.js';

/** Runs the command line, or serves scan jobs when this thread is a scan worker. `launcher` is bin/hullcheck.js. */
export async function start(launcher: URL): Promise<void> {
  if (process.argv[2] === SCAN_WORKER_ARG && (await serveAsScanWorker())) return;
  setWorkerScript(launcher, [SCAN_WORKER_ARG]);
  await main(process.argv);
}

async function serveAsScanWorker(): Promise<boolean> {
  // Required here, not imported: node:worker_threads costs a few milliseconds of every start.
  const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const { isMainThread, parentPort, workerData } = threads;
  if (isMainThread || !parentPort) return false;
  const { serveScanJobs } = await import('../scan/scan-worker-loop.js');
  serveScanJobs(parentPort, workerData as WorkerJob);
  return true;
}

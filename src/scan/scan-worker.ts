import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerJob } from './parallel.js';
import { serveScanJobs } from './scan-worker-loop.js';

/** Entry of a scan worker thread started by the library's scanFiles (the CLI bundle has its own, see cli/index.ts). */
if (parentPort) serveScanJobs(parentPort, workerData as WorkerJob);

import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerJob } from './parallel.js';
import { scanDiscoveredFile } from './scan.js';

/** A worker thread of scanInWorkers: scans the chunks of files it is handed until told it is done. */
const job = workerData as WorkerJob;

// The CLI compiles WebAssembly with the baseline compiler only, to exit fast after a
// small scan. A worker scans thousands of files, where V8's optimising tier pays off
// (about a fifth faster), so it turns tier-up back on before loading the shell parser.
setFlagsFromString('--no-liftoff-only');
const port = parentPort;

if (port) {
  port.on('message', async (message: ToWorker) => {
    if ('done' in message) {
      port.close();
      return;
    }
    try {
      const results = [];
      for (const file of message.files) results.push(await scanDiscoveredFile(file, job.config, job.env));
      port.postMessage({ start: message.start, results } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
    }
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}

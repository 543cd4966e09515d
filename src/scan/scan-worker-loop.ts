import type { MessagePort } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerJob } from './parallel.js';
import { scanReadFile } from './scan.js';

/** The work of a scanInWorkers thread: scans the chunks of files it is handed until told it is done. */
export function serveScanJobs(port: MessagePort, job: WorkerJob): void {
  port.on('message', async (message: ToWorker) => {
    if ('done' in message) {
      port.close();
      return;
    }
    try {
      const results = [];
      for (const file of message.files) results.push(await scanReadFile(file, job.config, job.env));
      port.postMessage({ start: message.start, results } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
    }
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}

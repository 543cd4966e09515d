import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyConfig } from '../../src/scan/config.js';
import type { DiscoveredFile } from '../../src/scan/discover.js';
import { setWorkerScript, startScanWorkers } from '../../src/scan/parallel.js';

let dir: string;
let files: DiscoveredFile[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-workers-'));
  const dockerfile = join(dir, 'Dockerfile');
  writeFileSync(dockerfile, 'FROM alpine:3.20\n');
  files = Array.from({ length: 40 }, () => ({ path: 'Dockerfile', absolute: dockerfile, kind: 'dockerfile' as const }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in worker entry, so that a worker's failure can be made on purpose. */
function useWorker(name: string, source: string): void {
  const script = join(dir, name);
  writeFileSync(script, source);
  setWorkerScript(pathToFileURL(script));
}

describe('scan workers that fail', () => {
  it('reject the scan when a worker exits before its work is done', async () => {
    useWorker('exits.mjs', 'process.exit(3);\n');
    const workers = startScanWorkers(2, { config: emptyConfig(dir) });
    await expect(workers.scan(files)).rejects.toThrow('a scan worker stopped before its work was done (exit code 3)');
  });

  it('reject the scan with the message of a worker that could not scan', async () => {
    useWorker(
      'fails.mjs',
      "import { parentPort } from 'node:worker_threads';\n" +
        "parentPort.on('message', () => parentPort.postMessage({ failed: 'the parser broke' }));\n" +
        'parentPort.postMessage({ ready: true });\n',
    );
    const workers = startScanWorkers(2, { config: emptyConfig(dir) });
    await expect(workers.scan(files)).rejects.toThrow('a scan worker failed: the parser broke');
  });
});

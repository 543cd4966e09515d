import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';
import { scanFiles } from '../../src/scan/scan.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progress line', () => {
  it('on a terminal: rewrites one line, always shows the last count, erases itself', () => {
    const { stream, written } = fakeStream(true);
    const progress = progressLine('scanning files', stream);
    progress.update(1, 3);
    progress.update(2, 3); // within 100 ms of the first: skipped
    progress.update(3, 3);
    progress.clear();
    expect(written).toEqual(['\r\x1b[Kscanning files 1/3', '\r\x1b[Kscanning files 3/3', '\r\x1b[K']);
  });

  it('silent when not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const progress = progressLine('scanning files', stream);
    progress.update(3, 3);
    progress.clear();
    expect(written).toEqual([]);
  });

  it('scanFiles reports each file it scanned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-progress-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\n');
      writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: nginx:1.27\n');
      const calls: [number, number][] = [];
      await scanFiles([dir], { cwd: dir, onProgress: (done, total) => calls.push([done, total]) });
      expect(calls).toEqual([
        [1, 2],
        [2, 2],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

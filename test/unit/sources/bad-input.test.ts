import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import noPrivileged from '../../../src/rules/container/no-privileged.js';
import { decodeInput, MAX_FILE_BYTES, readInputFile, scanFiles } from '../../../src/scan/scan.js';
import { lines, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const PRIVILEGED_COMPOSE = lines('services:', '  good:', '    image: nginx:1.27', '    privileged: true');

function billionLaughs(): string {
  const out = ['x-a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++) out.push(`x-a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  out.push('services:', '  app:', '    image: x', '    environment: *a9');
  return lines(...out);
}

async function scan(dir: string, paths: string[]) {
  return scanFiles(paths, { cwd: dir, rules: [noPrivileged] });
}

describe('bad input through scanFiles', () => {
  it('reports a binary file named Dockerfile', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x46, 0x52, 0x4f, 0x4d]));
    const result = await scan(dir, ['Dockerfile']);
    expect(result.errors).toEqual([{ file: 'Dockerfile', message: 'is a binary file, not a Dockerfile or Compose file' }]);
    expect(result.inputs).toEqual([]);
  });

  it('reports a 9 MiB compose.yaml by its size, without reading it whole', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'compose.yaml'), `services: {}\n${'#'.repeat(9 * 1024 * 1024)}\n`);
    const result = await scan(dir, ['compose.yaml']);
    expect(result.errors).toEqual([{ file: 'compose.yaml', message: 'is 9.0 MiB; files over 8 MiB are not scanned' }]);
  });

  it('scans a file of exactly the limit', () => {
    const dir = tempDir();
    const text = `FROM alpine\n${'#'.repeat(MAX_FILE_BYTES - 13)}\n`;
    writeFileSync(join(dir, 'Dockerfile'), text);
    const read = readInputFile(join(dir, 'Dockerfile'), 'Dockerfile');
    expect('text' in read && read.text.length).toBe(MAX_FILE_BYTES);
  });

  it('reports an endless device by a size it cannot know', async () => {
    if (!existsSync('/dev/zero')) return;
    // bug fixed: the whole input was read before its size was checked, so /dev/zero never ended
    const result = await scan('/', ['/dev/zero']);
    expect(result.errors).toEqual([{ file: 'dev/zero', message: 'is more than 8 MiB; files over 8 MiB are not scanned' }]);
  });

  it('reports a dangling symlink named explicitly', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'gone'), join(dir, 'Dockerfile'));
    expect((await scan(dir, ['Dockerfile'])).errors).toEqual([{ file: 'Dockerfile', message: 'no such file or directory' }]);
  });

  it('reports a dangling symlink found in a directory', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'gone'), join(dir, 'compose.yaml'));
    expect((await scan(dir, ['.'])).errors).toEqual([{ file: 'compose.yaml', message: 'no such file or directory' }]);
  });

  it('walks a directory named Dockerfile given explicitly, and reading it as a file is an error', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'Dockerfile'));
    writeFileSync(join(dir, 'Dockerfile', 'compose.yaml'), PRIVILEGED_COMPOSE);
    const result = await scan(dir, ['Dockerfile']);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.at.file, f.at.line])).toEqual([['Dockerfile/compose.yaml', 4]]);
    expect(readInputFile(join(dir, 'Dockerfile'), 'Dockerfile')).toEqual({ error: { file: 'Dockerfile', message: 'is a directory' } });
  });

  it('reports a missing path as given', async () => {
    const dir = tempDir();
    expect((await scan(dir, ['no/such/Dockerfile'])).errors).toEqual([{ file: 'no/such/Dockerfile', message: 'no such file or directory' }]);
  });

  it('reports a billion-laughs file once, at the alias, quickly', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'compose.yaml'), billionLaughs());
    const started = performance.now();
    const result = await scan(dir, ['compose.yaml']);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.errors).toEqual([{ file: 'compose.yaml', line: 6, column: 37, message: 'aliases expand to more than 500000 nodes' }]);
  });

  it('reports deeply nested YAML once, in words', async () => {
    const dir = tempDir();
    const nested = lines('services:', '  app:', '    image: x', `    labels: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`);
    writeFileSync(join(dir, 'compose.yaml'), nested);
    const result = await scan(dir, ['compose.yaml']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: 'compose.yaml', line: 4, message: 'the YAML is nested too deeply to read' });
  });

  it('reads deeply nested YAML within the limit', async () => {
    const dir = tempDir();
    const nested = lines('services:', '  app:', '    image: x', '    privileged: true', `    labels: ${'['.repeat(300)}${']'.repeat(300)}`);
    writeFileSync(join(dir, 'compose.yaml'), nested);
    const result = await scan(dir, ['compose.yaml']);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.at.line)).toEqual([4]);
  });

  it('scans a 5,000-line Dockerfile', async () => {
    const dir = tempDir();
    const body = Array.from({ length: 4999 }, (_, i) => (i % 3 === 0 ? `RUN echo ${i} && curl -fsSL https://x/${i} | sh` : i % 3 === 1 ? `ENV V${i}=${i}` : `# comment ${i}`));
    writeFileSync(join(dir, 'Dockerfile'), lines('FROM alpine:3.19', ...body));
    const result = await scanFiles(['Dockerfile'], { cwd: dir });
    expect(result.errors).toEqual([]);
    expect(result.inputs).toEqual([{ path: 'Dockerfile', kind: 'dockerfile' }]);
    expect(result.findings.every((f) => f.at.line >= 1 && f.at.line <= 5000)).toBe(true);
  }, 60_000);

  it('scans a UTF-16 Compose file with a byte order mark', async () => {
    const dir = tempDir();
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED_COMPOSE, 'utf16le')]);
    writeFileSync(join(dir, 'compose.yaml'), utf16);
    const result = await scan(dir, ['compose.yaml']);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.at.file, f.at.line, f.at.column])).toEqual([['compose.yaml', 4, 5]]);
  });

  it('reads invalid UTF-8 without NUL bytes as text', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'compose.yaml'), Buffer.concat([Buffer.from(`${PRIVILEGED_COMPOSE}# `), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0x0a])]));
    const result = await scan(dir, ['compose.yaml']);
    expect(result.findings.map((f) => f.at.line)).toEqual([4]);
  });

  it('gives each bad input exactly one error and still scans the good ones in the same run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'compose.yaml'), PRIVILEGED_COMPOSE);
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'Dockerfile'), Buffer.from([0, 1, 2, 3, 0xff]));
    mkdirSync(join(dir, 'big'));
    writeFileSync(join(dir, 'big', 'docker-compose.yml'), `${'#'.repeat(9 * 1024 * 1024)}\n`);
    mkdirSync(join(dir, 'laughs'));
    writeFileSync(join(dir, 'laughs', 'compose.yml'), billionLaughs());
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'compose.yaml'), lines('services:', '  x:', '    image: "unterminated', '    privileged: true'));
    mkdirSync(join(dir, 'link'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'link', 'Dockerfile'));
    mkdirSync(join(dir, 'z'));
    writeFileSync(join(dir, 'z', 'compose.override.yaml'), PRIVILEGED_COMPOSE.replace('good', 'also'));
    const result = await scan(dir, ['.', 'missing.yaml']);
    expect(result.errors).toEqual([
      { file: 'missing.yaml', message: 'no such file or directory' },
      { file: 'big/docker-compose.yml', message: 'is 9.0 MiB; files over 8 MiB are not scanned' },
      { file: 'bin/Dockerfile', message: 'is a binary file, not a Dockerfile or Compose file' },
      { file: 'broken/compose.yaml', line: 3, column: 12, message: 'Missing closing "quote' },
      { file: 'laughs/compose.yml', line: 6, column: 37, message: 'aliases expand to more than 500000 nodes' },
      { file: 'link/Dockerfile', message: 'no such file or directory' },
    ]);
    expect(result.findings.map((f) => [f.at.file, f.at.line, f.subject])).toEqual([
      ['compose.yaml', 4, 'good'],
      ['z/compose.override.yaml', 4, 'also'],
    ]);
  });
});

describe('decodeInput', () => {
  it('strips a UTF-8 byte order mark', () => {
    expect(decodeInput(Buffer.from('\uFEFFFROM x\n'), 'Dockerfile')).toEqual({ text: 'FROM x\n' });
  });

  it('decodes UTF-16 in both byte orders', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM x\n', 'utf16le')]);
    const be = Buffer.from(le).swap16();
    expect(decodeInput(le, 'Dockerfile')).toEqual({ text: 'FROM x\n' });
    expect(decodeInput(be, 'Dockerfile')).toEqual({ text: 'FROM x\n' });
  });

  it('reports NUL bytes in the first 8 KiB as binary', () => {
    expect(decodeInput(Buffer.from('FROM x\0'), '-')).toEqual({ error: { file: '-', message: 'is a binary file, not a Dockerfile or Compose file' } });
  });

  it('names the size of a large input', () => {
    expect(decodeInput(Buffer.alloc(0), '-', 20 * 1024 * 1024)).toEqual({ error: { file: '-', message: 'is 20.0 MiB; files over 8 MiB are not scanned' } });
  });
});

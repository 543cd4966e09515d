import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { auditImages, parseConfig, rules } from '../../../src/index.js';
import { dockerSave, type ImageSpec } from '../../helpers/image-archives.js';

const dir = mkdtempSync(join(tmpdir(), 'hullcheck-audit-images.'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Built today: older images also meet no-stale-image. */
const created = new Date().toISOString();
const ROOT_IMAGE: ImageSpec = {
  tags: ['root:1'],
  created,
  config: { Env: ['PATH=/bin'] },
  layers: [{ entries: [{ name: 'bin/tool', body: 'x', mode: 0o4755 }] }],
};
const CLEAN_IMAGE: ImageSpec = {
  tags: ['clean:1'],
  created,
  config: { User: '10001', Healthcheck: { Test: ['CMD', '/bin/true'] } },
  layers: [{ entries: [{ name: 'app/', type: 'directory' }, { name: 'app/run', body: 'x', mode: 0o755 }] }],
};

async function archive(name: string, images: ImageSpec[]): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, await dockerSave(images));
  return path;
}

describe('auditImages', () => {
  it('runs the image rules on every image of an archive, located in the image', async () => {
    const path = await archive('two.tar', [ROOT_IMAGE, CLEAN_IMAGE]);
    const result = await auditImages([path]);
    expect(result.errors).toEqual([]);
    expect(result.targets).toEqual([{ target: path, source: 'path', images: 2 }]);
    expect(result.inputs.map((i) => [i.path.replace(/@.*/, ''), i.kind])).toEqual([
      ['image:root:1', 'image'],
      ['image:clean:1', 'image'],
    ]);
    const found = result.findings.map((f) => [f.at.file.replace(/@.*/, ''), f.at.path, f.ruleId]);
    expect(found).toEqual([
      ['image:root:1', '/bin/tool', 'no-setuid-files'],
      ['image:root:1', 'Config.Healthcheck', 'require-image-healthcheck'],
      ['image:root:1', 'Config.User', 'require-image-user'],
    ]);
    expect(result.findings.every((f) => /^[0-9a-f]{32}$/.test(f.fingerprint ?? ''))).toBe(true);
  });

  it('honours the config: rules off and severity overrides', async () => {
    const path = await archive('root.tar', [ROOT_IMAGE]);
    const config = parseConfig('rules:\n  require-image-healthcheck: off\n  require-image-user: critical\n', join(dir, '.hullcheck.yaml'), rules);
    const result = await auditImages([path], { config });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['no-setuid-files', 'high'],
      ['require-image-user', 'critical'],
    ]);
  });

  it('reads an archive from standard input for the target -', async () => {
    const result = await auditImages(['-'], { stdin: Readable.from([await dockerSave([CLEAN_IMAGE])]) });
    expect(result.errors).toEqual([]);
    expect(result.targets).toEqual([{ target: '-', source: 'stdin', images: 1 }]);
    expect(result.findings).toEqual([]);
  });

  it('reports a target it cannot read as one input error and goes on with the others', async () => {
    const good = await archive('clean.tar', [CLEAN_IMAGE]);
    const broken = join(dir, 'broken.tar');
    writeFileSync(broken, (await dockerSave([ROOT_IMAGE])).subarray(0, 2000));
    const missing = join(dir, 'missing.tar');
    const result = await auditImages(['no/such:image', broken, good, missing, 'typo.tar.gz'], { endpoint: { host: 'unix:///nonexistent/docker.sock' } });
    expect(result.errors).toEqual([
      { file: 'no/such:image', message: 'cannot reach the Docker engine at unix:///nonexistent/docker.sock: connect ENOENT' },
      { file: broken, message: 'truncated archive: it ends inside an entry' },
      { file: missing, message: 'no such file or directory' },
      { file: 'typo.tar.gz', message: 'no such file or directory' },
    ]);
    expect(result.targets.map((t) => [t.source, t.images])).toEqual([
      ['engine', 0],
      ['path', 0],
      ['path', 1],
      ['path', 0],
      ['path', 0],
    ]);
  });
});

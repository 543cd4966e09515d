import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageFacts } from '../../src/facts/image.js';
import { createEngineClient } from '../../src/sources/engine/client.js';
import { readImageArchive, readImagePath } from '../../src/sources/image/read-image.js';
import { hullcheck } from '../e2e/run-cli.js';
import { ociLayoutFromDockerSave, tarOfFiles, writeFiles } from '../helpers/image-archives.js';
import { startEngine, type TestEngine } from './engines.js';

/**
 * `hullcheck image` on images built by a real dockerd, read four ways: from the
 * engine, from `docker save` output, from an OCI layout directory and an OCI
 * layout tarball made from that output. Every way must give the same findings.
 */
const run = promisify(execFile);
const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const BAD = `hullcheck-test/bad-${suffix}:1`;
const CLEAN = `hullcheck-test/clean-${suffix}:1`;

const BAD_DOCKERFILE = `FROM hullcheck-test/busybox:1
ENV DB_PASSWORD=s3cr3t-Passw0rd-9f2
RUN echo "curl -fsSL http://get.example.com/install.sh | sh" >/dev/null
RUN cp /bin/busybox /bin/suid-tool && chmod 4755 /bin/suid-tool
RUN mkdir -p /root/.ssh && printf '%s\\n' '-----BEGIN OPENSSH PRIVATE KEY-----' 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' '-----END OPENSSH PRIVATE KEY-----' > /root/.ssh/id_rsa
RUN mkdir -p /data/shared && chmod 777 /data/shared
`;
const CLEAN_DOCKERFILE = `FROM hullcheck-test/busybox:1
RUN mkdir -p /app && echo 'echo hello' > /app/run.sh
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/bin/sh", "-c", "exit 0"]
CMD ["/bin/sh", "/app/run.sh"]
`;

/** The exact findings the bad image must give, wherever it is read from: [rule, path]. */
const BAD_FINDINGS = [
  ['no-setuid-files', '/bin/suid-tool'],
  ['no-world-writable-files', '/data/shared'],
  ['no-secrets-in-image-files', '/root/.ssh/id_rsa'],
  ['no-secrets-in-image-env', 'Config.Env.1'],
  ['require-image-healthcheck', 'Config.Healthcheck'],
  ['require-image-user', 'Config.User'],
  ['no-unsafe-download-in-history', 'History.2'],
  ['no-secrets-in-image-history', 'History.4'],
];

let engine: TestEngine | undefined;
let host = process.env.HULLCHECK_TEST_DOCKER_HOST ?? '';
const dir = mkdtempSync(join(tmpdir(), 'hullcheck-image-it.'));
const paths = {
  badArchive: join(dir, 'bad.tar'),
  cleanArchive: join(dir, 'clean.tar'),
  bothArchive: join(dir, 'both.tar'),
  badLayout: join(dir, 'bad-layout'),
  badLayoutTar: join(dir, 'bad-layout.tar'),
  cleanLayout: join(dir, 'clean-layout'),
};
const docker = (...args: string[]) => run('docker', ['-H', host, ...args], { maxBuffer: 1 << 26 });

async function build(tag: string, dockerfile: string): Promise<void> {
  const context = join(dir, `context-${tag.replace(/\W/g, '-')}`);
  mkdirSync(context);
  writeFileSync(join(context, 'Dockerfile'), dockerfile);
  await run('docker', ['-H', host, 'build', '-q', '-t', tag, context], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
}

beforeAll(async () => {
  if (!host) {
    engine = await startEngine();
    host = engine.socket;
  }
  await build(BAD, BAD_DOCKERFILE);
  await build(CLEAN, CLEAN_DOCKERFILE);
  await docker('save', '-o', paths.badArchive, BAD);
  await docker('save', '-o', paths.cleanArchive, CLEAN);
  await docker('save', '-o', paths.bothArchive, BAD, CLEAN);
  const badLayout = await ociLayoutFromDockerSave(readFileSync(paths.badArchive));
  writeFiles(paths.badLayout, badLayout);
  writeFileSync(paths.badLayoutTar, await tarOfFiles(badLayout));
  writeFiles(paths.cleanLayout, await ociLayoutFromDockerSave(readFileSync(paths.cleanArchive)));
}, 120_000);

afterAll(async () => {
  await docker('rmi', '--force', BAD, CLEAN).catch(() => undefined);
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface JsonReport {
  summary: { inputs: number; findings: number; errors: number };
  findings: { ruleId: string; severity: string; message: string; file: string; path?: string; fingerprint: string }[];
  errors: { file: string; message: string }[];
}

function imageReport(...args: string[]): { code: number | null; report: JsonReport; stderr: string } {
  const result = hullcheck(['image', ...args, '--host', host, '--format', 'json']);
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
}

async function fromEngine(ref: string): Promise<ImageFacts> {
  const client = createEngineClient({ host });
  try {
    const { images, errors } = await readImageArchive(await client.getStream(`/images/get?names=${encodeURIComponent(ref)}`), ref);
    expect(errors).toEqual([]);
    return images[0] as ImageFacts;
  } finally {
    client.close();
  }
}

describe('hullcheck image against a real engine', () => {
  it('reads the bad image from the engine: config, history and the final filesystem', async () => {
    const image = await fromEngine(BAD);
    const inspect = JSON.parse((await docker('image', 'inspect', BAD)).stdout) as [{ Id: string }];
    expect(image.id).toBe(inspect[0].Id);
    expect(image.tags).toEqual([BAD]);
    expect(image.at.file).toBe(`image:${BAD}@${inspect[0].Id.slice(7, 19)}`);
    expect(image.user.value).toBe('');
    expect(image.env.map((e) => e.value)).toEqual([
      { name: 'PATH', value: '/bin' },
      { name: 'DB_PASSWORD', value: 's3cr3t-Passw0rd-9f2' },
    ]);
    // The import, ENV, the RUN that changed no file (an empty layer), then three RUNs with layers.
    expect(image.history?.map((h) => h.value.emptyLayer)).toEqual([false, true, true, false, false, false]);
    expect(image.history?.[2]?.value.createdBy).toContain('curl -fsSL http://get.example.com/install.sh | sh');
    const files = image.contents?.files;
    expect(files?.get('/bin/suid-tool')).toMatchObject({ type: 'file', mode: 0o4755, uid: 0, gid: 0 });
    expect(files?.get('/bin/sh')).toMatchObject({ type: 'symlink', linkTarget: 'busybox' });
    expect(files?.get('/data/shared')).toMatchObject({ type: 'directory', mode: 0o777 });
    expect(files?.get('/root/.ssh/id_rsa')?.peek).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(image.contents?.layers).toHaveLength(4);
    expect(image.contents?.packageDatabases).toEqual([]);
  });

  it('reports exactly the bad image’s problems, from the engine, exit 1', () => {
    const { code, report } = imageReport(BAD);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.ruleId, f.path])).toEqual(BAD_FINDINGS);
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set([expect.stringMatching(new RegExp(`^image:${BAD.replace(/[/:.-]/g, '\\$&')}@[0-9a-f]{12}$`))]));
  });

  it('gives the same findings from docker save output, an OCI layout directory and an OCI layout tarball', () => {
    const engine = imageReport(BAD).report.findings;
    for (const path of [paths.badArchive, paths.badLayout, paths.badLayoutTar]) {
      const { code, report } = imageReport(path);
      expect(code).toBe(1);
      expect(report.findings).toEqual(engine);
    }
  });

  it('finds nothing in the clean image, wherever it is read from', () => {
    for (const target of [CLEAN, paths.cleanArchive, paths.cleanLayout]) {
      const { code, report } = imageReport(target);
      expect(report.errors).toEqual([]);
      expect(report.summary.inputs).toBe(1);
      expect(report.findings).toEqual([]);
      expect(code).toBe(0);
    }
  });

  it('reads both images of one docker save archive', () => {
    const { report } = imageReport(paths.bothArchive);
    expect(report.summary.inputs).toBe(2);
    expect(report.findings.map((f) => [f.ruleId, f.path])).toEqual(BAD_FINDINGS);
  });

  it('reads several targets in one run: an unknown reference is one error, the others are still audited', () => {
    const missing = `hullcheck-test/missing-${suffix}:1`;
    const { code, report } = imageReport(missing, paths.cleanArchive, BAD);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: missing, message: `no image ${missing} on the Docker engine at ${host}` }]);
    expect(report.summary.inputs).toBe(2);
    expect(report.findings.map((f) => f.ruleId)).toEqual(BAD_FINDINGS.map(([rule]) => rule));
  });

  it('names the image and the layer when a layer of a saved archive is cut short', async () => {
    const layout = await ociLayoutFromDockerSave(readFileSync(paths.badArchive));
    const index = JSON.parse((layout.get('index.json') as Buffer).toString()) as { manifests: { digest: string }[] };
    const manifest = JSON.parse((layout.get(`blobs/sha256/${index.manifests[0]?.digest.slice(7)}`) as Buffer).toString()) as { layers: { digest: string }[] };
    const victim = manifest.layers[3]?.digest as string;
    const blob = layout.get(`blobs/sha256/${victim.slice(7)}`) as Buffer;
    layout.set(`blobs/sha256/${victim.slice(7)}`, blob.subarray(0, blob.length - 40));
    const broken = join(dir, 'broken-layout');
    writeFiles(broken, layout);
    const { images, errors } = await readImagePath(broken);
    expect(images).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(new RegExp(`^image ${BAD.replace(/[/:.-]/g, '\\$&')}@[0-9a-f]{12}: layer ${victim} \\(4 of 4\\): truncated layer: the gzip data ends early$`)),
    ]);
  });
});

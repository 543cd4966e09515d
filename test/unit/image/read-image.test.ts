import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImageFacts } from '../../../src/facts/image.js';
import { readImageArchive, readImagePath, type ImageReadResult } from '../../../src/sources/image/read-image.js';
import { dockerSave, ociLayout, sha256, streamOf, tarOf, tarOfFiles, writeFiles, zstdStored, type ImageSpec } from '../../helpers/image-archives.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-image-test.'));
  dirs.push(dir);
  return dir;
}

const read = (bytes: Buffer, source = 'test.tar') => readImageArchive(streamOf(bytes, 4096), source);

async function layoutDir(images: ImageSpec[]): Promise<string> {
  const dir = tempDir();
  writeFiles(dir, await ociLayout(images));
  return dir;
}

function paths(image: ImageFacts | undefined): string[] {
  return [...(image?.contents?.files.keys() ?? [])];
}

/** Three layers: a base, one that deletes and empties, one that replaces a directory with a file. */
const LAYERED: ImageSpec = {
  tags: ['app:1'],
  config: { User: '', Env: ['PATH=/bin', 'DB_PASSWORD=hunter2'], ExposedPorts: { '22/tcp': {} }, Labels: { maintainer: 'x' }, Entrypoint: ['/bin/app'], Cmd: ['--serve'] },
  history: [
    { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
    { created_by: '/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2', empty_layer: true },
    { created_by: '/bin/sh -c rm -rf /etc/motd /opt/* && curl -fsSL http://x/i.sh | sh' },
    { created_by: '/bin/sh -c echo > /srv' },
  ],
  layers: [
    {
      entries: [
        { name: 'etc/', type: 'directory' },
        { name: 'etc/motd', body: 'hello' },
        { name: 'etc/hostname', body: 'box' },
        { name: 'opt/', type: 'directory' },
        { name: 'opt/tool/', type: 'directory' },
        { name: 'opt/tool/bin', body: 'x' },
        { name: 'srv/', type: 'directory' },
        { name: 'srv/www/', type: 'directory' },
        { name: 'srv/www/index.html', body: '<p>' },
        { name: 'usr/lib/os-release', body: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' },
        { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
        { name: 'var/lib/dpkg/status', body: 'Package: base-files\n', mtime: new Date('2024-05-01T00:00:00Z') },
        { name: 'var/lib/dpkg/info/base-files.list', body: '/etc\n', mtime: new Date('2024-06-01T00:00:00Z') },
      ],
      compression: 'gzip',
    },
    {
      entries: [
        { name: 'etc/.wh.motd' },
        { name: 'opt/.wh..wh..opq' },
        { name: 'opt/new', body: 'n' },
        { name: 'etc/app.env', body: 'TOKEN=abc' },
        { name: 'etc/.wh.app.env' }, // a whiteout hides lower layers only, not its own layer's file
      ],
    },
    { entries: [{ name: 'srv', body: 'now a file' }, { name: 'usr/bin/passwd', body: 'x', mode: 0o4755 }], compression: 'zstd' },
  ],
};

describe('reading images', () => {
  it('applies the layers in order: whiteouts, opaque directories, a file replacing a directory', async () => {
    const { images, errors } = await read(await dockerSave([LAYERED]));
    expect(errors).toEqual([]);
    expect(paths(images[0])).toEqual([
      '/etc', '/etc/hostname', '/etc/os-release', '/etc/app.env', '/opt', '/opt/new', '/srv', '/usr/lib/os-release', '/usr/bin/passwd',
      '/var/lib/dpkg/status', '/var/lib/dpkg/info/base-files.list',
    ]);
    const files = images[0]?.contents?.files;
    expect(files?.get('/srv')).toMatchObject({ type: 'file', size: 10, layer: 2 });
    expect(files?.get('/usr/bin/passwd')).toMatchObject({ mode: 0o4755, layer: 2 });
    expect(files?.get('/etc/hostname')).toMatchObject({ layer: 0, peek: 'box' });
    expect(files?.get('/etc/os-release')).toMatchObject({ type: 'symlink', linkTarget: '../usr/lib/os-release' });
  });

  it('fills the config, history, OS release and package facts, located under the image label', async () => {
    const { images } = await read(await dockerSave([LAYERED]));
    const image = images[0] as ImageFacts;
    const label = `image:app:1@${image.id.slice(7, 19)}`;
    const at = (path?: string) => ({ file: label, line: 0, column: 0, ...(path ? { path } : {}) });
    expect(image.name).toBe(label.slice(6));
    expect(image.tags).toEqual(['app:1']);
    expect(image.at).toEqual(at());
    expect(image.user).toEqual({ value: '', at: at('Config.User') });
    expect(image.env).toEqual([
      { value: { name: 'PATH', value: '/bin' }, at: at('Config.Env.0') },
      { value: { name: 'DB_PASSWORD', value: 'hunter2' }, at: at('Config.Env.1') },
    ]);
    expect(image.exposedPorts).toEqual([{ value: '22/tcp', at: at('Config.ExposedPorts.22/tcp') }]);
    expect(image.labels).toEqual([{ value: { name: 'maintainer', value: 'x' }, at: at('Config.Labels.maintainer') }]);
    expect(image.entrypoint).toEqual({ value: ['/bin/app'], at: at('Config.Entrypoint') });
    expect(image.cmd).toEqual({ value: ['--serve'], at: at('Config.Cmd') });
    expect(image.created).toEqual({ value: new Date('2024-01-02T03:04:05Z'), at: at('Created') });
    expect(image.history?.map((h) => [h.value.createdBy, h.value.emptyLayer, h.at.path])).toEqual([
      ['/bin/sh -c #(nop) ADD file:abc in / ', false, 'History.0'],
      ['/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2', true, 'History.1'],
      ['/bin/sh -c rm -rf /etc/motd /opt/* && curl -fsSL http://x/i.sh | sh', false, 'History.2'],
      ['/bin/sh -c echo > /srv', false, 'History.3'],
    ]);
    expect(image.contents?.osRelease).toEqual({
      value: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
      at: at('/etc/os-release'),
    });
    expect(image.contents?.packageDatabases).toEqual([{ kind: 'dpkg', path: '/var/lib/dpkg/status' }]);
    expect(image.contents?.newestPackageMetadata).toEqual(new Date('2024-06-01T00:00:00Z'));
    expect(image.contents?.files.get('/usr/bin/passwd')?.at).toEqual(at('/usr/bin/passwd'));
    expect(image.contents?.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.docker.image.rootfs.diff.tar.gzip',
      'application/vnd.docker.image.rootfs.diff.tar',
      'application/vnd.docker.image.rootfs.diff.tar.zstd',
    ]);
  });

  it('reads the same facts from a docker save archive (plain, gzip or zstd), an OCI layout directory and an OCI layout tarball', async () => {
    const saved = await read(await dockerSave([LAYERED]));
    const gzipped = await read(await dockerSave([LAYERED], { gzip: true }));
    const zstd = await read(zstdStored(await dockerSave([LAYERED])));
    const directory = await readImagePath(await layoutDir([LAYERED]));
    const tarball = await read(await tarOfFiles(await ociLayout([LAYERED])));
    const comparable = (result: ImageReadResult) => {
      expect(result.errors).toEqual([]);
      return result.images.map(({ contents, ...rest }) => ({ ...rest, files: [...(contents?.files.values() ?? [])], osRelease: contents?.osRelease }));
    };
    const expected = comparable(saved);
    expect(expected).toHaveLength(1);
    expect(comparable(gzipped)).toEqual(expected);
    expect(comparable(zstd)).toEqual(expected);
    expect(comparable(directory)).toEqual(expected);
    expect(comparable(tarball)).toEqual(expected);
    expect(tarball.images[0]?.contents?.layers.map((l) => l.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar',
      'application/vnd.oci.image.layer.v1.tar+zstd',
    ]);
  });

  it('reads every image of an archive, sharing the layers they have in common', async () => {
    const base = { entries: [{ name: 'bin/sh', body: 'sh' }] };
    const images: ImageSpec[] = [
      { tags: ['one:1', 'one:latest'], config: { User: 'app' }, layers: [base] },
      { tags: [], config: { User: '0' }, layers: [base, { entries: [{ name: 'two', body: '2' }] }] },
    ];
    for (const result of [await read(await dockerSave(images)), await readImagePath(await layoutDir(images))]) {
      expect(result.errors).toEqual([]);
      expect(result.images.map((i) => [i.name.replace(/@.*/, ''), i.tags, i.user.value, paths(i)])).toEqual([
        ['one:1', ['one:1', 'one:latest'], 'app', ['/bin/sh']],
        ['<none>', [], '0', ['/bin/sh', '/two']],
      ]);
    }
  });

  it('reads the archive newer Docker writes: an OCI layout with a manifest.json pointing into blobs/', async () => {
    const files = await ociLayout([LAYERED]);
    const index = JSON.parse((files.get('index.json') as Buffer).toString()) as { manifests: { digest: string }[] };
    const manifest = JSON.parse((files.get(blobOf(index.manifests[0]?.digest as string)) as Buffer).toString()) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    files.set('manifest.json', Buffer.from(JSON.stringify([{ Config: blobOf(manifest.config.digest), RepoTags: ['app:1'], Layers: manifest.layers.map((l) => blobOf(l.digest)) }])));
    const result = await read(await tarOfFiles(files));
    expect(result.errors).toEqual([]);
    const expected = (await read(await dockerSave([LAYERED]))).images[0];
    expect(result.images.map((i) => [i.at.file, [...(i.contents?.files.values() ?? [])]])).toEqual([[expected?.at.file, [...(expected?.contents?.files.values() ?? [])]]]);
  });

  it('names an image by its config digest, as docker does', async () => {
    const archive = await dockerSave([LAYERED]);
    const { images } = await read(archive);
    const { images: fromLayout } = await readImagePath(await layoutDir([LAYERED]));
    expect(images[0]?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fromLayout[0]?.id).toBe(images[0]?.id);
  });
});

/** The layout of LAYERED with one file replaced, and the digest of the blob that held it. */
async function brokenLayout(change: (files: Map<string, Buffer>, manifest: { layers: { digest: string; mediaType: string }[] }) => void): Promise<Map<string, Buffer>> {
  const files = await ociLayout([LAYERED, { tags: ['ok:1'], layers: [{ entries: [{ name: 'ok', body: 'ok' }] }] }]);
  const index = JSON.parse((files.get('index.json') as Buffer).toString()) as { manifests: { digest: string }[] };
  const manifestPath = `blobs/sha256/${(index.manifests[0]?.digest as string).slice(7)}`;
  const manifest = JSON.parse((files.get(manifestPath) as Buffer).toString()) as { layers: { digest: string; mediaType: string }[] };
  change(files, manifest);
  files.set(manifestPath, Buffer.from(JSON.stringify(manifest)));
  return files;
}

function blobOf(digest: string): string {
  return `blobs/sha256/${digest.slice(7)}`;
}

describe('bad images: one error naming the image and the layer, the other images still read', () => {
  async function expectOneError(files: Map<string, Buffer>, message: RegExp | string): Promise<ImageReadResult> {
    const dir = tempDir();
    writeFiles(dir, files);
    for (const result of [await readImagePath(dir), await read(await tarOfFiles(files), dir)]) {
      expect(result.images.map((i) => i.tags)).toEqual([['ok:1']]);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]?.source).toBe(dir);
      if (typeof message === 'string') expect(result.errors[0]?.message).toBe(message);
      else expect(result.errors[0]?.message).toMatch(message);
    }
    return readImagePath(dir);
  }

  it('a truncated layer', async () => {
    let digest = '';
    const files = await brokenLayout((f, m) => {
      digest = m.layers[0]?.digest as string;
      const blob = f.get(blobOf(digest)) as Buffer;
      f.set(blobOf(digest), blob.subarray(0, blob.length - 30));
    });
    const result = await expectOneError(files, /^image app:1@[0-9a-f]{12}: layer sha256:[0-9a-f]{64} \(1 of 3\): truncated layer: the gzip data ends early$/);
    expect(result.errors[0]?.message).toContain(digest);
    expect(result.errors[0]?.image).toMatch(/^app:1@/);
    expect(result.errors[0]?.layer).toBe(digest);
  });

  it('a corrupt layer', async () => {
    const files = await brokenLayout((f, m) => f.set(blobOf(m.layers[1]?.digest as string), Buffer.from('garbage '.repeat(100))));
    await expectOneError(files, /: layer sha256:[0-9a-f]{64} \(2 of 3\): not a tar archive \(or a corrupt one\): invalid tar header$/);
  });

  it('a layer with a path-traversal entry', async () => {
    const evil = await tarOf([{ name: '../../../etc/cron.d/x', body: 'x' }]);
    const files = await brokenLayout((f, m) => f.set(blobOf(m.layers[1]?.digest as string), evil));
    await expectOneError(files, /\(2 of 3\): entry "\.\.\/\.\.\/\.\.\/etc\/cron\.d\/x" escapes the root \(path traversal\)$/);
  });

  it('a missing blob', async () => {
    const files = await brokenLayout((f, m) => f.delete(blobOf(m.layers[2]?.digest as string)));
    await expectOneError(files, /\(3 of 3\): missing blob: the (layout|archive) has no blobs\/sha256\/[0-9a-f]{64}$/);
  });

  it('an unknown media type', async () => {
    const files = await brokenLayout((_, m) => ((m.layers[0] as { mediaType: string }).mediaType = 'application/x-mystery'));
    await expectOneError(files, /\(1 of 3\): unknown media type application\/x-mystery$/);
  });

  it('a media type that says gzip over bytes that are not', async () => {
    const files = await brokenLayout((_, m) => ((m.layers[1] as { mediaType: string }).mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip'));
    await expectOneError(files, /\(2 of 3\): declared gzip by its media type, but its bytes are not compressed$/);
  });

  it('an os-release symlink loop', async () => {
    const looping = await tarOf([
      { name: 'etc/os-release', type: 'symlink', linkname: 'a' },
      { name: 'etc/a', type: 'symlink', linkname: '/etc/b' },
      { name: 'etc/b', type: 'symlink', linkname: 'os-release' },
    ]);
    const files = await brokenLayout((f, m) => f.set(blobOf(m.layers[1]?.digest as string), looping));
    const result = await expectOneError(files, /\(2 of 3\): symlink loop: \/etc\/os-release does not resolve \(\/etc\/[a-z-]+ -> [a-z/-]+\)$/);
    expect(result.errors[0]?.layer).toMatch(/^sha256:/);
  });

  it('a layout whose blob is a symlink loop', async () => {
    const dir = tempDir();
    let digest = '';
    writeFiles(dir, await brokenLayout((_, m) => (digest = m.layers[0]?.digest as string)));
    unlinkSync(join(dir, blobOf(digest)));
    symlinkSync(join(dir, 'loop-b'), join(dir, blobOf(digest)));
    symlinkSync(join(dir, blobOf(digest)), join(dir, 'loop-b'));
    const result = await readImagePath(dir);
    expect(result.images).toHaveLength(1);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`^image app:1@[0-9a-f]{12}: layer ${digest} \\(1 of 3\\): symlink loop at ${blobOf(digest)}$`))]);
  });

  it('a config that does not match its digest', async () => {
    const files = await brokenLayout(() => undefined);
    const index = JSON.parse((files.get('index.json') as Buffer).toString()) as { manifests: { digest: string }[] };
    const manifest = JSON.parse((files.get(blobOf(index.manifests[0]?.digest as string)) as Buffer).toString()) as { config: { digest: string } };
    files.set(blobOf(manifest.config.digest), Buffer.from('{"config":{}, "rootfs": {"diff_ids": []}}'));
    await expectOneError(files, /^image app:1@[0-9a-f]{12}: config sha256:[0-9a-f]{64}: the blob does not match its digest \(corrupt archive\)$/);
  });
});

describe('bad archives', () => {
  it('names the archive when it is truncated, corrupt or not an image archive', async () => {
    const archive = await dockerSave([LAYERED]);
    const message = async (bytes: Buffer) => {
      const result = await read(bytes, "x.tar");
      expect(result.images).toEqual([]);
      expect(result.errors.map((e) => e.source)).toEqual(['x.tar']);
      return result.errors[0]?.message;
    };
    expect(await message(archive.subarray(0, 3000))).toBe('cannot read x.tar: truncated archive: it ends inside an entry');
    const gzipped = gzipSync(archive);
    expect(await message(gzipped.subarray(0, gzipped.length - 50))).toBe('cannot read x.tar: truncated archive: the gzip data ends early');
    expect(await message(Buffer.from('{"not": "an archive"}'.repeat(30)))).toBe('cannot read x.tar: not a tar archive (or a corrupt one): invalid tar header');
    expect(await message(await tarOf([{ name: 'hello.txt', body: 'hi' }]))).toBe(
      'cannot read x.tar: neither manifest.json nor index.json found: not a docker save archive or an OCI image layout',
    );
    expect(await message(await tarOf([{ name: '../escape', body: 'x' }]))).toBe('cannot read x.tar: archive entry "../escape" escapes the root (path traversal)');
    expect(await message(await tarOf([{ name: 'manifest.json', body: '[{"Config": 1}]' }]))).toBe('cannot read x.tar: manifest.json entry 1 has no Config and Layers');
    expect(await message(await tarOf([{ name: 'manifest.json', body: '[]' }]))).toBe('x.tar holds no image');
  });

  it('reports a layer of a few bytes for the image that uses it, and an archive of a few bytes', async () => {
    const files = await brokenLayout((f, m) => f.set(blobOf(m.layers[0]?.digest as string), Buffer.from([0x1f, 0x8b, 0x08])));
    const result = await read(await tarOfFiles(files));
    expect(result.images.map((i) => i.tags)).toEqual([['ok:1']]);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/\(1 of 3\): truncated layer: the gzip data ends early$/)]);
    for (const tiny of [Buffer.alloc(0), Buffer.from('ab'), Buffer.from([0x1f, 0x8b])]) {
      const archive = await read(tiny, 'tiny.tar');
      expect(archive.images).toEqual([]);
      expect(archive.errors).toHaveLength(1);
      expect(archive.errors[0]?.message).toMatch(/^(cannot read tiny\.tar: |tiny\.tar holds no image$)/);
    }
  });

  it('names a path that does not exist', async () => {
    const result = await readImagePath('/nonexistent/image.tar');
    expect(result.errors.map((e) => e.message)).toEqual(['cannot read /nonexistent/image.tar: no such file or directory']);
  });

  it('follows symlinks between archive entries, and reports a loop among them', async () => {
    const files = await filesOf(await dockerSave([{ tags: ['l:1'], layers: [{ entries: [{ name: 'a', body: 'a' }] }] }]));
    const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString()) as { Layers: string[] }[];
    const layerPath = manifest[0]?.Layers[0] as string;
    const entries = [...files].map(([name, body]) => (name === layerPath ? { name: 'real/layer.tar', body } : { name, body }));
    const linked = await read(await tarOf([{ name: layerPath, type: 'symlink', linkname: '../real/layer.tar' }, ...entries]));
    expect(linked.errors).toEqual([]);
    expect(paths(linked.images[0])).toEqual(['/a']);
    const loop = await read(
      await tarOf([
        { name: layerPath, type: 'symlink', linkname: 'other.tar' },
        { name: layerPath.replace('layer.tar', 'other.tar'), type: 'symlink', linkname: 'layer.tar' },
        ...entries.filter((e) => e.name !== 'real/layer.tar'),
      ]),
    );
    expect(loop.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^image l:1@[0-9a-f]{12}: layer sha256:[0-9a-f]{64} \(1 of 1\): symlink loop in the archive at [0-9a-f]{64}\/layer\.tar$/)]);
  });
});

describe('OCI indexes', () => {
  it('picks linux/amd64 from a nested index, skipping attestations and platforms whose blobs are absent', async () => {
    const files = await ociLayout([
      { tags: ['arm:1'], config: { User: 'arm' }, layers: [{ entries: [{ name: 'arm' }] }] },
      { tags: ['amd:1'], config: { User: 'amd' }, layers: [{ entries: [{ name: 'amd' }] }] },
    ]);
    const top = JSON.parse((files.get('index.json') as Buffer).toString()) as { manifests: { digest: string; size: number }[] };
    const [arm, amd] = top.manifests as [{ digest: string; size: number }, { digest: string; size: number }];
    const nested = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'0'.repeat(64)}`, size: 1, platform: { os: 'linux', architecture: 's390x' } },
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...arm, platform: { os: 'linux', architecture: 'arm64' } },
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...amd, platform: { os: 'linux', architecture: 'amd64' } },
          { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...arm, platform: { os: 'unknown', architecture: 'unknown' } },
        ],
      }),
    );
    files.set(blobOf(sha256(nested)), nested);
    files.set(
      'index.json',
      Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: sha256(nested), size: nested.length, annotations: { 'io.containerd.image.name': 'docker.io/library/multi:1' } }] })),
    );
    const result = await read(await tarOfFiles(files));
    expect(result.errors).toEqual([]);
    expect(result.images.map((i) => [i.tags, i.user.value])).toEqual([[['multi:1'], 'amd']]);
  });

  it('reports an index entry of an unknown media type as an error for that image', async () => {
    const files = await ociLayout([{ tags: ['a:1'], layers: [] }]);
    const top = JSON.parse((files.get('index.json') as Buffer).toString()) as { manifests: Record<string, unknown>[] };
    const thing = Buffer.from('{"thing": true}');
    files.set(blobOf(sha256(thing)), thing);
    top.manifests.push({ mediaType: 'application/vnd.example.thing', digest: sha256(thing), size: thing.length, annotations: { 'org.opencontainers.image.ref.name': 'thing' } });
    files.set('index.json', Buffer.from(JSON.stringify(top)));
    const result = await read(await tarOfFiles(files));
    expect(result.images.map((i) => i.tags)).toEqual([['a:1']]);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^image thing: unknown media type application\/vnd\.example\.thing for sha256:[0-9a-f]{64}$/)]);
  });
});

async function filesOf(archive: Buffer): Promise<Map<string, Buffer>> {
  const { filesOfTar } = await import('../../helpers/image-archives.js');
  return filesOfTar(archive);
}

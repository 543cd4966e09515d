import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDpkgStatus, readDpkgPackages } from '../../../src/sources/host/dpkg.js';

const STATUS = [
  'Package: docker.io',
  'Status: install ok installed',
  'Priority: optional',
  'Version: 20.10.24+dfsg1-1+deb12u1',
  'Description: Linux container runtime',
  ' Docker complements kernel namespacing with a high-level API.',
  '',
  'Package: runc',
  'Status: install ok installed',
  'Version: 1.1.5+ds1-1+deb12u1',
  '',
  'Package: containerd',
  'Status: install ok installed',
  'Version: 1.6.20~ds1-1+b1',
  '',
  'Package: linux-image-6.1.0-18-amd64',
  'Status: install ok installed',
  'Version: 6.1.76-1',
  '',
  'Package: linux-image-6.1.0-17-amd64',
  'Status: install ok installed',
  'Version: 6.1.69-1',
  '',
  'Package: docker-ce',
  'Status: deinstall ok config-files',
  'Version: 5:24.0.7-1~debian.12~bookworm',
  '',
  'Package: bash',
  'Status: install ok installed',
  'Version: 5.2.15-2+b2',
  '',
].join('\n');

let root: string;

function write(path: string, content: string | Buffer): void {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
}

function changelog(...entries: string[]): string {
  return entries.map((e) => `pkg (1.0-1) unstable; urgency=medium\n\n  * ${e}\n\n -- Maintainer <m@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n`).join('\n');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hullcheck-dpkg-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('readDpkgPackages', () => {
  it('finds the engine, runc, containerd and the running kernel with the CVEs their changelogs name', async () => {
    write('var/lib/dpkg/status', STATUS);
    write('usr/share/doc/docker.io/changelog.Debian.gz', gzipSync(changelog('Fix CVE-2024-41110 (authz bypass)', 'Backport fix for cve-2021-41091')));
    write('usr/share/doc/runc/changelog.Debian', changelog('Cherry-pick fix for CVE-2024-21626.'));
    write('usr/share/doc/containerd/changelog.Debian.gz', Buffer.from('this is not gzip at all'));
    write('usr/share/doc/linux-image-6.1.0-18-amd64/changelog.Debian.gz', gzipSync(changelog('CVE-2024-1086, CVE-2022-0847')));

    const packages = await readDpkgPackages({ root, kernelRelease: '6.1.0-18-amd64' });

    expect(packages).toEqual([
      {
        name: 'docker.io',
        version: '20.10.24+dfsg1-1+deb12u1',
        component: 'engine',
        manager: 'dpkg',
        changelogCves: new Set(['CVE-2024-41110', 'CVE-2021-41091']),
        at: { file: '/var/lib/dpkg/status', line: 1, column: 1 },
      },
      {
        name: 'runc',
        version: '1.1.5+ds1-1+deb12u1',
        component: 'runc',
        manager: 'dpkg',
        changelogCves: new Set(['CVE-2024-21626']),
        at: { file: '/var/lib/dpkg/status', line: 8, column: 1 },
      },
      // A corrupt gzip: the package without changelogCves, never an empty set.
      { name: 'containerd', version: '1.6.20~ds1-1+b1', component: 'containerd', manager: 'dpkg', at: { file: '/var/lib/dpkg/status', line: 12, column: 1 } },
      {
        name: 'linux-image-6.1.0-18-amd64',
        version: '6.1.76-1',
        component: 'kernel',
        manager: 'dpkg',
        changelogCves: new Set(['CVE-2024-1086', 'CVE-2022-0847']),
        at: { file: '/var/lib/dpkg/status', line: 16, column: 1 },
      },
    ]);
  });

  it('gives a package with no changelog no changelogCves, and containerd.io both containerd and runc', async () => {
    write('var/lib/dpkg/status', 'Package: containerd.io\nStatus: install ok installed\nVersion: 1.6.28-1\n');
    const packages = await readDpkgPackages({ root });
    expect(packages.map((p) => [p.name, p.component, p.changelogCves])).toEqual([
      ['containerd.io', 'containerd', undefined],
      ['containerd.io', 'runc', undefined],
    ]);
  });

  it('returns nothing when there is no dpkg status file', async () => {
    expect(await readDpkgPackages({ root })).toEqual([]);
  });

  it('finds an id split across gzip stream chunks, and stops reading at the limit', async () => {
    const filler = 'x'.repeat(70_000);
    write('var/lib/dpkg/status', 'Package: runc\nStatus: install ok installed\nVersion: 1.1.12-1\n');
    write('usr/share/doc/runc/changelog.Debian.gz', gzipSync(`${filler.slice(0, 65_530)}CVE-2025-52881 ${filler}CVE-2019-5736 ${filler}CVE-2099-12345\n`));
    const [all] = await readDpkgPackages({ root });
    expect(all?.changelogCves).toEqual(new Set(['CVE-2025-52881', 'CVE-2019-5736', 'CVE-2099-12345']));
    const [capped] = await readDpkgPackages({ root, changelogLimit: 100_000 });
    expect(capped?.changelogCves?.has('CVE-2025-52881')).toBe(true);
    expect(capped?.changelogCves?.has('CVE-2099-12345')).toBe(false);
  });
});

describe('parseDpkgStatus', () => {
  it('reads each paragraph with its state and the line of its Package field', () => {
    expect(parseDpkgStatus('Package: a\r\nStatus: install ok installed\r\nVersion: 1\r\n\r\nPackage: b\nStatus: deinstall ok config-files\n')).toEqual([
      { name: 'a', version: '1', installed: true, line: 1 },
      { name: 'b', version: '', installed: false, line: 5 },
    ]);
  });
});

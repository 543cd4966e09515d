import { describe, expect, it } from 'vitest';
import type { OsRelease } from '../../../src/facts/image.js';
import { OS_RELEASES } from '../../../src/rules/data/os-releases.js';
import rule from '../../../src/rules/image/no-end-of-life-os.js';
import { at, check } from './image-fixtures.js';

const NAME = 'image app:1@4773cd9357e6';
const osRelease = (id: string, versionId?: string): OsRelease => ({ id, ...(versionId ? { versionId } : {}) });
const onDate = (release: OsRelease, now: string) => check(rule, { files: [], osRelease: release }, { now: new Date(now) });

describe('no-end-of-life-os', () => {
  it('reports Debian past LTS as high, at /etc/os-release', () => {
    expect(onDate(osRelease('debian', '10'), '2026-11-23')).toEqual([
      { message: `${NAME} is built on Debian 10 (buster), which reached its end of life on 2024-06-30: no more security fixes`, at: at('/etc/os-release'), severity: 'high' },
    ]);
  });

  it('reports Debian within LTS as low, and Ubuntu within ESM as medium', () => {
    expect(onDate(osRelease('debian', '12'), '2026-11-23').map((f) => [f.message, f.severity])).toEqual([
      [`${NAME} is built on Debian 12 (bookworm), past regular security support since 2026-06-10; only Debian LTS updates until 2028-06-30`, 'low'],
    ]);
    expect(onDate(osRelease('ubuntu', '20.04'), '2026-11-23').map((f) => [f.message, f.severity])).toEqual([
      [`${NAME} is built on Ubuntu 20.04 (focal), past standard support since 2025-05-29; security fixes only with an Ubuntu Pro subscription (ESM) until 2030-04-30`, 'medium'],
    ]);
  });

  it('reads Alpine by branch and reports a release past its end of life', () => {
    expect(onDate(osRelease('alpine', '3.18.4'), '2026-11-23').map((f) => f.message)).toEqual([`${NAME} is built on Alpine 3.18, which reached its end of life on 2025-05-09: no more security fixes`]);
    expect(onDate(osRelease('alpine', '3.21.3'), '2026-11-23').map((f) => f.message)).toEqual([`${NAME} is built on Alpine 3.21, which reached its end of life on 2026-11-01: no more security fixes`]);
  });

  it('reports a release older than the table', () => {
    expect(onDate(osRelease('alpine', '3.4.6'), '2026-11-23').map((f) => f.message)).toEqual([`${NAME} is built on Alpine 3.4, older than Alpine 3.9, whose support ended on 2020-11-01`]);
  });

  it('does not report supported, newer, unknown or versionless releases, nor without contents', () => {
    for (const release of [osRelease('debian', '13'), osRelease('ubuntu', '24.04'), osRelease('alpine', '3.22.1'), osRelease('alpine', '3.30.0'), osRelease('debian'), osRelease('fedora', '30'), osRelease('alpine', 'edge')]) {
      expect(onDate(release, '2026-11-23')).toEqual([]);
    }
    expect(check(rule, {})).toEqual([]);
  });

  it('uses settings.now: the last day of support is still supported', () => {
    expect(onDate(osRelease('alpine', '3.21.0'), '2026-11-01T23:00:00Z')).toEqual([]);
    expect(onDate(osRelease('alpine', '3.21.0'), '2026-11-02T00:00:00Z')).toHaveLength(1);
  });
});

describe('os release table', () => {
  it('has well-formed, ordered rows, each with a source', () => {
    for (const row of OS_RELEASES) {
      expect(row.released < row.eol, `${row.id} ${row.version}`).toBe(true);
      if (row.extendedEol) expect(row.eol < row.extendedEol, `${row.id} ${row.version}`).toBe(true);
      expect(row.source).toMatch(/^https:\/\//);
      for (const date of [row.released, row.eol, row.extendedEol ?? row.eol]) expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
    }
    const keys = OS_RELEASES.map((row) => `${row.id} ${row.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

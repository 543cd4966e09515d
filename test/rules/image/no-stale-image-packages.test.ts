import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/no-stale-image.js';
import { at, check } from './image-fixtures.js';

const DPKG = [{ kind: 'dpkg' as const, path: '/var/lib/dpkg/status' }];

describe('no-stale-image: package database age', () => {
  it('reports a recent build whose packages were last changed over 90 days ago, at the package database', () => {
    expect(check(rule, { files: [], created: new Date('2026-11-20T00:00:00Z'), packageDatabases: DPKG, newestPackageMetadata: new Date('2026-05-01T10:00:00Z') })).toEqual([
      {
        message: 'image app:1@4773cd9357e6 last installed or upgraded packages 205 days ago (2026-05-01), more than 90, though the image itself is newer',
        at: at('/var/lib/dpkg/status'),
        severity: 'low',
      },
    ]);
  });

  it('dates an image whose build time was reset (reproducible builds) by its packages', () => {
    expect(check(rule, { files: [], packageDatabases: DPKG, newestPackageMetadata: new Date('2026-01-01T00:00:00Z') }).map((f) => f.message)).toEqual([
      'image app:1@4773cd9357e6 last installed or upgraded packages 326 days ago (2026-01-01), more than 90',
    ]);
  });

  it('reports an old build once, by its build date, and honours max-age-days', () => {
    const old = { files: [], created: new Date('2026-01-01T00:00:00Z'), packageDatabases: DPKG, newestPackageMetadata: new Date('2025-01-01T00:00:00Z') };
    expect(check(rule, old).map((f) => f.at.path)).toEqual(['Created']);
    expect(check(rule, old, { maxImageAgeDays: 400 }).map((f) => f.at.path)).toEqual(['/var/lib/dpkg/status']);
    expect(check(rule, old, { maxImageAgeDays: 700 })).toEqual([]);
  });

  it('does not report fresh packages, or package times without a package database', () => {
    expect(check(rule, { files: [], created: new Date('2026-11-20T00:00:00Z'), packageDatabases: DPKG, newestPackageMetadata: new Date('2026-10-01T00:00:00Z') })).toEqual([]);
    expect(check(rule, { files: [], newestPackageMetadata: new Date('2020-01-01T00:00:00Z') })).toEqual([]);
  });
});

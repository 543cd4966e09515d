import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/no-package-cache-in-image.js';
import { allowPaths, at, check } from './image-fixtures.js';

describe('no-package-cache-in-image', () => {
  it('reports nothing without contents, or with caches holding only bookkeeping files', () => {
    expect(check(rule, {})).toEqual([]);
    const files = ['/var/cache/apt/archives/', '/var/cache/apt/archives/lock', '/var/cache/apt/archives/partial/', '/var/lib/apt/lists/', '/var/lib/apt/lists/lock', '/var/cache/apk/', '/usr/share/doc/'];
    expect(check(rule, { files })).toEqual([]);
  });

  it('reports each cache directory once with count and size, at the directory', () => {
    const files = [
      '/var/lib/apt/lists/',
      '/var/lib/apt/lists/lock',
      '/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease size=151000',
      '/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4 size=9000000',
      '/var/cache/apt/archives/curl_7.88.1-10_amd64.deb size=316000',
      '/var/cache/apt/pkgcache.bin size=2048',
      '/var/cache/apk/APKINDEX.abc.tar.gz size=500',
      '/root/.cache/pip/http/a/b/c size=1048576',
      '/home/app/.npm/_cacache/content-v2/sha512/aa size=10',
    ];
    expect(check(rule, { files })).toEqual([
      { message: '/var/lib/apt/lists holds apt package lists: 2 files, 8.7 MB', at: at('/var/lib/apt/lists'), severity: 'low' },
      { message: '/var/cache/apt/archives holds downloaded .deb packages: 1 file, 308.6 KB', at: at('/var/cache/apt/archives'), severity: 'low' },
      { message: '/var/cache/apt holds the apt package cache: 1 file, 2.0 KB', at: at('/var/cache/apt'), severity: 'low' },
      { message: '/var/cache/apk holds apk package cache: 1 file, 500 B', at: at('/var/cache/apk'), severity: 'low' },
      { message: '/root/.cache/pip holds pip cache: 1 file, 1.0 MB', at: at('/root/.cache/pip'), severity: 'low' },
      { message: '/home/app/.npm/_cacache holds npm cache: 1 file, 10 B', at: at('/home/app/.npm/_cacache'), severity: 'low' },
    ]);
  });

  it('leaves allow-listed caches alone', () => {
    expect(check(rule, { files: ['/var/lib/apt/lists/x_Packages size=10'] }, allowPaths('no-package-cache-in-image', '/var/lib/apt/lists/**'))).toEqual([]);
  });
});

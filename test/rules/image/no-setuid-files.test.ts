import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/no-setuid-files.js';
import { allowPaths, at, check } from './image-fixtures.js';

describe('no-setuid-files', () => {
  it('reports nothing when the layers were not read (audit)', () => {
    expect(check(rule, {})).toEqual([]);
  });

  it('does not report plain files, setgid directories, or symlinks to setuid files', () => {
    expect(check(rule, { files: ['/usr/bin/env 755', '/var/mail/ 2775', '/var/local/ 2775', '/bin/su2 -> /usr/bin/su', '/etc/passwd 644'] })).toEqual([]);
  });

  it("reports a distribution's su and passwd as low, one finding per file at its path", () => {
    expect(check(rule, { files: ['/usr/bin/ 755', '/usr/bin/su 4755', '/usr/bin/passwd 4755', '/usr/bin/wall 2755 gid=5'] })).toEqual([
      {
        message: "/usr/bin/su is setuid (runs as root), mode 4755: expected of the distribution's su, remove the bit if the image does not need it",
        at: at('/usr/bin/su'),
        severity: 'low',
      },
      {
        message: "/usr/bin/passwd is setuid (runs as root), mode 4755: expected of the distribution's passwd, remove the bit if the image does not need it",
        at: at('/usr/bin/passwd'),
        severity: 'low',
      },
      {
        message: "/usr/bin/wall is setgid (runs with gid 5), mode 2755: expected of the distribution's wall, remove the bit if the image does not need it",
        at: at('/usr/bin/wall'),
        severity: 'low',
      },
    ]);
  });

  it('reports other setuid-root files as high, wherever the name, and setgid or non-root setuid as medium', () => {
    expect(check(rule, { files: ['/opt/app/helper 4755', '/opt/app/su 4755', '/usr/local/bin/tool 6755 uid=1000 gid=50', '/usr/bin/find 2755 gid=0'] })).toEqual([
      { message: '/opt/app/helper is setuid (runs as root), mode 4755', at: at('/opt/app/helper'), severity: 'high' },
      { message: '/opt/app/su is setuid (runs as root), mode 4755', at: at('/opt/app/su'), severity: 'high' },
      { message: '/usr/local/bin/tool is setuid (runs as uid 1000) and setgid (runs with gid 50), mode 6755', at: at('/usr/local/bin/tool'), severity: 'medium' },
      { message: '/usr/bin/find is setgid (runs with gid 0), mode 2755', at: at('/usr/bin/find'), severity: 'medium' },
    ]);
  });

  it('reports a setuid hardlink entry too', () => {
    expect(check(rule, { files: [{ path: '/opt/copy', type: 'hardlink', linkTarget: '/opt/app/helper', mode: 0o4755 }] }).map((f) => f.at.path)).toEqual(['/opt/copy']);
  });

  it('leaves allow-listed paths alone: exact paths and globs', () => {
    const files = ['/usr/bin/su 4755', '/opt/app/bin/helper 4755', '/opt/app/bin/deep/other 4755', '/opt/app/x 4755'];
    expect(check(rule, { files }, allowPaths('no-setuid-files', '/usr/bin/su', '/opt/app/bin/**')).map((f) => f.at.path)).toEqual(['/opt/app/x']);
    expect(check(rule, { files }, allowPaths('no-setuid-files', '/opt/app/*')).map((f) => f.at.path)).toEqual(['/usr/bin/su', '/opt/app/bin/helper', '/opt/app/bin/deep/other']);
  });

  it("ignores another rule's allow-list", () => {
    expect(check(rule, { files: ['/opt/app/helper 4755'] }, allowPaths('no-world-writable-files', '/opt/app/helper'))).toHaveLength(1);
  });
});

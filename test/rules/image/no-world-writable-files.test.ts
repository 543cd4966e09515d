import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/no-world-writable-files.js';
import { allowPaths, at, check } from './image-fixtures.js';

describe('no-world-writable-files', () => {
  it('reports nothing without contents', () => {
    expect(check(rule, {})).toEqual([]);
  });

  it('does not report scratch directories and their contents, symlinks, or group-writable files', () => {
    const files = ['/tmp/ 1777', '/tmp/x 666', '/var/tmp/ 1777', '/dev/shm/ 1777', '/run/lock/ 1777', '/var/lock/ 1777', '/var/crash/ 1777', '/bin/sh -> busybox', '/app/ 775', '/app/log 664', '/tmpfoo/ 755'];
    expect(check(rule, { files })).toEqual([]);
  });

  it('reports a world-writable directory, file and executable with severities by kind', () => {
    expect(check(rule, { files: ['/app/data/ 777', '/etc/app.conf 666', '/usr/local/bin/run.sh 777', '/srv/shared/ 1777'] })).toEqual([
      { message: '/app/data is a world-writable directory, mode 0777', at: at('/app/data'), severity: 'medium' },
      { message: '/etc/app.conf is a world-writable file, mode 0666', at: at('/etc/app.conf'), severity: 'medium' },
      { message: '/srv/shared is a world-writable directory (sticky), mode 1777', at: at('/srv/shared'), severity: 'low' },
      { message: '/usr/local/bin/run.sh is a world-writable executable, mode 0777', at: at('/usr/local/bin/run.sh'), severity: 'high' },
    ]);
  });

  it('reports chmod -R 777 once, at the top directory, with a count', () => {
    const files = ['/app/ 777', '/app/a 666', '/app/lib/ 777', '/app/lib/b 777', '/app/ok 644', '/apps/ 777'];
    expect(check(rule, { files })).toEqual([
      { message: '/app is a world-writable directory, mode 0777, and so are 3 entries under it', at: at('/app'), severity: 'medium' },
      { message: '/apps is a world-writable directory, mode 0777', at: at('/apps'), severity: 'medium' },
    ]);
    expect(check(rule, { files: ['/app/ 777', '/app/a 666'] })[0]?.message).toBe('/app is a world-writable directory, mode 0777, and so is 1 entry under it');
  });

  it('leaves allow-listed paths alone', () => {
    expect(check(rule, { files: ['/app/data/ 777', '/srv/ 777'] }, allowPaths('no-world-writable-files', '/app/**'))).toEqual([
      { message: '/srv is a world-writable directory, mode 0777', at: at('/srv'), severity: 'medium' },
    ]);
  });
});

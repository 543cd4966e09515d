import { describe, expect, it } from 'vitest';
import { peekReason, peekText } from '../../../src/sources/image/peek.js';

describe('which files the reader keeps a peek of', () => {
  it.each([
    ['/root/.ssh/id_ed25519', 1000, 'name'],
    ['/usr/share/app/server.key', 1000, 'name'],
    ['/usr/lib/node_modules/x/.npmrc', 100, 'name'],
    ['/home/app/.docker/config.json', 100, 'name'],
    ['/home/app/.aws/credentials', 100, 'name'],
    ['/app/.env.production', 100, 'name'],
    ['/etc/os-release', 100, 'name'],
    ['/usr/lib/os-release', 100, 'name'],
    ['/srv/big-cert.pem', 10_000_000, 'name'],
    ['/app/settings.yaml', 64 * 1024, 'size'],
    ['/etc/app.conf', 10, 'size'],
    ['/usr/local/etc/php/conf.d/db.ini', 10, 'size'],
    ['/usr/local/bin/docker-entrypoint.sh', 2000, 'size'],
    ['/app/settings.yaml', 64 * 1024 + 1, undefined],
    ['/usr/lib/python3/dist-packages/a.py', 100, undefined],
    ['/usr/local/lib/python3.12/os.py', 100, undefined],
    ['/lib/x86_64-linux-gnu/libc.so.6', 100, undefined],
    ['/app/node_modules/left-pad/index.js', 100, undefined],
    ['/app/.git/config', 100, undefined],
    ['/var/lib/dpkg/status', 100, undefined],
  ])('%s (%i bytes): %s', (path, size, reason) => {
    expect(peekReason(path, size)).toBe(reason);
  });

  it('keeps a file peeked for its size only when it is text', () => {
    expect(peekText(Buffer.from('a\0b'), 'size')).toBeUndefined();
    expect(peekText(Buffer.from('a\0b'), 'name')).toBe('a\0b');
    expect(peekText(Buffer.from('key=value\n'), 'size')).toBe('key=value\n');
  });
});

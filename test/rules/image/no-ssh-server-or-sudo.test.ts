import { describe, expect, it } from 'vitest';
import sshRule from '../../../src/rules/image/no-ssh-server-in-image.js';
import sudoRule from '../../../src/rules/image/no-sudo-in-image.js';
import { at, check } from './image-fixtures.js';

describe('no-ssh-server-in-image', () => {
  it('reports an sshd or dropbear binary, once, at its path', () => {
    expect(check(sshRule, { files: ['/usr/sbin/sshd 755', '/etc/ssh/sshd_config'] })).toEqual([
      { message: 'image app:1@4773cd9357e6 has an SSH server installed (/usr/sbin/sshd)', at: at('/usr/sbin/sshd'), severity: 'medium' },
    ]);
    expect(check(sshRule, { files: ['/usr/sbin/dropbear 755'] }).map((f) => f.at.path)).toEqual(['/usr/sbin/dropbear']);
  });
  it('does not report the SSH client, a leftover config, or an image read without its layers', () => {
    expect(check(sshRule, { files: ['/usr/bin/ssh 755', '/usr/bin/scp 755', '/etc/ssh/sshd_config'] })).toEqual([]);
    expect(check(sshRule, {})).toEqual([]);
  });
});

describe('no-sudo-in-image', () => {
  it('reports sudo and doas at their paths', () => {
    expect(check(sudoRule, { files: ['/usr/bin/sudo 4755', '/usr/bin/doas 4755'] })).toEqual([
      { message: 'image app:1@4773cd9357e6 has sudo installed (/usr/bin/sudo)', at: at('/usr/bin/sudo'), severity: 'medium' },
      { message: 'image app:1@4773cd9357e6 has doas installed (/usr/bin/doas)', at: at('/usr/bin/doas'), severity: 'medium' },
    ]);
  });
  it('does not report su, sudoers leftovers, or an image read without its layers', () => {
    expect(check(sudoRule, { files: ['/bin/su 4755', '/etc/sudoers.d/', '/usr/lib/sudo/'] })).toEqual([]);
    expect(check(sudoRule, {})).toEqual([]);
  });
});

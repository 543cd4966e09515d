import { describe, expect, it } from 'vitest';
import rule, { extraBits } from '../../../src/rules/host/docker-files-mode.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

describe('extraBits', () => {
  it('compares permission bits, not decimal numbers', () => {
    expect(420).toBe(0o644);
    expect(extraBits(420, 0o644)).toBe(0);
    // docker-bench compared `stat %a` output as decimals: 600 > 444, yet 0o600 adds only owner write to 0o444.
    expect(extraBits(0o600, 0o444)).toBe(0o200);
    expect(extraBits(0o640, 0o644)).toBe(0);
    expect(extraBits(0o4755, 0o755)).toBe(0o4000);
  });
});

hostRuleTester(rule, {
  valid: [
    { name: 'safe modes everywhere', facts: safeHostFacts() },
    { name: 'daemon.json 0o644 given as decimal 420', facts: safeHostFacts({ files: { 'daemon.json': { mode: 420 } } }) },
    { name: 'stricter than required', facts: safeHostFacts({ files: { 'daemon.json': { mode: 0o600 }, 'docker.sock': { mode: 0o600 }, 'tls-key': { mode: 0o400 } } }) },
    { name: 'socket 0o660', facts: safeHostFacts({ files: { 'docker.sock': { mode: 0o660 } } }) },
    { name: 'missing files and unknown modes are skipped', facts: safeHostFacts({ files: { 'daemon.json': { mode: undefined }, 'etc-default-docker': { type: 'missing', mode: 0o777 } } }) },
    { name: 'remote engine', facts: safeHostFacts({ host: null }) },
  ],
  invalid: [
    {
      name: 'daemon.json 0o664',
      facts: safeHostFacts({ files: { 'daemon.json': { mode: 0o664 } } }),
      errors: [{ message: 'the daemon configuration /etc/docker/daemon.json has mode 0664, more open than 0644: its group can write it (CIS 3.18)', severity: 'high', file: DAEMON_JSON }],
    },
    {
      name: 'daemon.json 0o666',
      facts: safeHostFacts({ files: { 'daemon.json': { mode: 0o666 } } }),
      errors: [{ message: /has mode 0666, more open than 0644: its group can write it, every user can write it \(CIS 3\.18\)$/, severity: 'high' }],
    },
    {
      name: 'world-writable Docker socket',
      facts: safeHostFacts({ files: { 'docker.sock': { mode: 0o666 } } }),
      errors: [{ message: 'the Docker socket /var/run/docker.sock has mode 0666, more open than 0660: every user can connect to it and so control the containers and the host (CIS 3.16)', severity: 'critical', file: '/var/run/docker.sock' }],
    },
    {
      name: 'TLS key readable by its group',
      facts: safeHostFacts({ files: { 'tls-key': { mode: 0o440 } } }),
      errors: [{ message: "the daemon's TLS key /etc/docker/tls/server-key.pem has mode 0440, more open than 0400: its group can read it (CIS 3.14)", severity: 'high' }],
    },
    {
      name: 'certificate writable by its owner only',
      facts: safeHostFacts({ files: { 'tls-ca': { mode: 0o644 } } }),
      errors: [{ message: 'the TLS CA certificate /etc/docker/tls/ca.pem has mode 0644, more open than 0444: its owner can write it (CIS 3.10)', severity: 'low' }],
    },
    {
      name: 'setuid bit on a unit file',
      facts: safeHostFacts({ files: { 'docker.service': { mode: 0o4644 } } }),
      errors: [{ message: /has mode 04644, more open than 0644: it has setuid, setgid or sticky bits \(CIS 3\.2\)$/, severity: 'low' }],
    },
  ],
});

import { describe, expect, it } from 'vitest';
import { allCapabilities, DOCKER_DEFAULT_CAPABILITIES, findCapability } from '../../../src/harden/data/capabilities.js';
import { hullcheck } from '../../e2e/run-cli.js';

describe('capability knowledge', () => {
  it('covers every Linux capability from CHOWN (0) to CHECKPOINT_RESTORE (40), once each, in order', () => {
    const caps = allCapabilities();
    expect(caps.map((c) => c.number)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(caps[0]?.name).toBe('CHOWN');
    expect(caps[21]?.name).toBe('SYS_ADMIN');
    expect(caps[40]?.name).toBe('CHECKPOINT_RESTORE');
    for (const cap of caps) {
      expect(cap.grants.length, cap.name).toBeGreaterThan(20);
      expect(cap.neededBy.length, cap.name).toBeGreaterThan(20);
      expect(cap.abuse.length, cap.name).toBeGreaterThan(20);
    }
  });

  it("marks exactly Docker's 14 default capabilities", () => {
    expect([...DOCKER_DEFAULT_CAPABILITIES].sort()).toEqual(
      ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'],
    );
  });

  it('finds a capability by any spelling or by number', () => {
    for (const query of ['SYS_ADMIN', 'sys_admin', 'CAP_SYS_ADMIN', 'cap_sys_admin', 'sys-admin', ' 21 ']) {
      expect(findCapability(query)?.name, query).toBe('SYS_ADMIN');
    }
    expect(findCapability('NOT_A_CAP')).toBeUndefined();
    expect(findCapability('41')).toBeUndefined();
  });
});

describe('hullcheck explain cap', () => {
  it('prints one capability with its number, risk, default and uses', () => {
    const run = hullcheck(['explain', 'cap', 'SYS_ADMIN']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('CAP_SYS_ADMIN (capability 21)');
    expect(lines[1]).toBe('risk: critical; Docker grants it by default: no');
    expect(run.stdout).toContain('What an attacker does with it: Mounts file systems');
  });

  it('lists all 41 capabilities without a name', () => {
    const run = hullcheck(['explain', 'cap']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(41);
    expect(run.stdout).toMatch(/^ 0 {2}CHOWN +low +default/m);
  });

  it('exits 2 with one line for an unknown capability', () => {
    const run = hullcheck(['explain', 'cap', 'FLY']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('hullcheck: no capability named "FLY"; `hullcheck explain cap` lists them\n');
  });

  it('still explains rules by id', () => {
    const run = hullcheck(['explain', 'no-privileged']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no-privileged');
  });
});

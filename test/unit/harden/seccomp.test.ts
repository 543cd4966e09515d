import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED_GROUPS, BLOCKED_GROUPS } from '../../../src/harden/data/syscalls.js';
import { seccompProfile } from '../../../src/harden/seccomp.js';
import { hullcheck } from '../../e2e/run-cli.js';

describe('seccomp profile', () => {
  const profile = seccompProfile();
  const allowedNames = profile.syscalls.filter((rule) => rule.action === 'SCMP_ACT_ALLOW' && !rule.args).flatMap((rule) => rule.names);

  it('denies by default with EPERM and allows a list, per architecture family', () => {
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(1);
    expect(profile.archMap.map((a) => a.architecture)).toContain('SCMP_ARCH_X86_64');
    expect(allowedNames).toEqual(expect.arrayContaining(['read', 'write', 'execve', 'socket', 'futex', 'setuid', 'chown']));
  });

  it('allows none of the blocked groups, and no syscall is both allowed and blocked', () => {
    const blocked = BLOCKED_GROUPS.flatMap((group) => group.syscalls);
    for (const name of ['init_module', 'kexec_load', 'bpf', 'perf_event_open', 'mount', 'ptrace', 'keyctl', 'add_key', 'request_key', 'userfaultfd', 'unshare', 'setns', 'io_uring_setup']) {
      expect(blocked, name).toContain(name);
    }
    const everyNamed = profile.syscalls.flatMap((rule) => (rule.action === 'SCMP_ACT_ALLOW' ? rule.names : []));
    expect(everyNamed.filter((name) => blocked.includes(name))).toEqual([]);
    const allowedInData = ALLOWED_GROUPS.flatMap((group) => group.syscalls);
    expect(new Set(allowedInData).size).toBe(allowedInData.length);
  });

  it('allows clone only without namespace flags, and makes clone3 fall back with ENOSYS', () => {
    const clone = profile.syscalls.filter((rule) => rule.names.includes('clone'));
    expect(clone.map((rule) => rule.args?.[0])).toEqual([
      { index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' },
      { index: 1, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' },
    ]);
    expect(profile.syscalls.find((rule) => rule.names.includes('clone3'))).toMatchObject({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
  });
});

describe('hullcheck harden --seccomp', () => {
  it('writes the profile and references it from every service, relative to the Compose file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hullcheck-seccomp-'));
    try {
      writeFileSync(join(dir, 'compose.yaml'), 'services:\n  a:\n    image: app:1\n  b:\n    image: app:1\n    security_opt: ["seccomp=unconfined"]\n');
      const result = hullcheck(['harden', '--no-engine', 'compose.yaml', '--seccomp', 'seccomp.json', '--write', '-q'], { cwd: dir });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('hullcheck: wrote the seccomp profile seccomp.json\n');
      expect(JSON.parse(readFileSync(join(dir, 'seccomp.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(seccompProfile())));
      const written = readFileSync(join(dir, 'compose.yaml'), 'utf8');
      expect(written).toContain('    security_opt:\n      - no-new-privileges:true\n      - seccomp=./seccomp.json\n');
      expect(written).toContain('    security_opt: ["seccomp=./seccomp.json", no-new-privileges:true]\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

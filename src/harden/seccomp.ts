import { ALLOWED_GROUPS } from './data/syscalls.js';

/** The shape the Docker engine reads from `--security-opt seccomp=FILE`. */
export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet: number;
  archMap: { architecture: string; subArchitectures: string[] }[];
  syscalls: SeccompRule[];
}

interface SeccompRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: { index: number; value: number; valueTwo: number; op: string }[];
  includes?: { arches?: string[] };
  excludes?: { arches?: string[] };
  comment?: string;
}

const EPERM = 1;
const ENOSYS = 38;
/** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;
/** personality(2) values glibc and common tools use: Linux, Linux with 32-bit addresses, UNAME26 variants, and the query value. */
const PERSONALITIES = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];

/**
 * An allow-list profile: every system call not listed fails with EPERM. It
 * allows what Docker's default profile allows an unprivileged container,
 * minus the blocked groups in data/syscalls.ts; `clone` only without
 * namespace flags, and `clone3` answers ENOSYS so that C libraries fall back
 * to `clone`, whose flags the filter can see.
 */
export function seccompProfile(): SeccompProfile {
  const allowed = [...new Set(ALLOWED_GROUPS.flatMap((group) => group.syscalls))].sort();
  const cloneRule = (index: number, arches: { includes?: { arches: string[] }; excludes?: { arches: string[] } }): SeccompRule => ({
    names: ['clone'],
    action: 'SCMP_ACT_ALLOW',
    args: [{ index, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
    ...arches,
    comment: 'clone without flags that create namespaces',
  });
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
      { architecture: 'SCMP_ARCH_PPC64LE', subArchitectures: [] },
      { architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] },
      { architecture: 'SCMP_ARCH_RISCV64', subArchitectures: [] },
    ],
    syscalls: [
      { names: allowed, action: 'SCMP_ACT_ALLOW', comment: ALLOWED_GROUPS.map((group) => group.name).join(', ') },
      cloneRule(0, { excludes: { arches: ['s390', 's390x'] } }),
      // s390 passes the clone flags as the second argument.
      cloneRule(1, { includes: { arches: ['s390', 's390x'] } }),
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, comment: 'clone3 hides its flags from the filter: ENOSYS makes the C library use clone' },
      ...PERSONALITIES.map((value): SeccompRule => ({
        names: ['personality'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
      })),
    ],
  };
}

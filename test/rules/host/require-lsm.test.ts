import type { EngineInfo } from '../../../src/facts/host.js';
import rule from '../../../src/rules/host/require-lsm.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

const seccompOnly: Partial<EngineInfo> = { securityOptions: [{ name: 'seccomp', profile: 'builtin' }, { name: 'userns' }] };

hostRuleTester(rule, {
  valid: [
    { name: 'AppArmor and seccomp in kernel and engine', facts: safeHostFacts() },
    { name: 'SELinux host with a labelling daemon', facts: safeHostFacts({ kernel: { apparmor: false, selinux: true, lsm: ['selinux'] }, info: { securityOptions: [{ name: 'selinux' }, { name: 'seccomp', profile: 'builtin' }] } }) },
    { name: 'remote engine', facts: safeHostFacts({ host: null, info: seccompOnly }) },
  ],
  invalid: [
    {
      name: 'no seccomp in the kernel',
      facts: safeHostFacts({ kernel: { seccomp: false } }),
      errors: [{ message: 'kernel 6.12.48 has no seccomp support: no container can have its system calls filtered', severity: 'high', file: '/proc/sys/kernel/osrelease' }],
    },
    {
      name: 'no mandatory access control module',
      facts: safeHostFacts({ kernel: { apparmor: false, selinux: false, lsm: ['capability', 'yama'] }, info: seccompOnly }),
      errors: [{ message: 'neither AppArmor nor SELinux is active in kernel 6.12.48 (security modules: capability,yama): containers get no mandatory access control', severity: 'medium' }],
    },
    {
      name: 'AppArmor in the kernel but not used by the engine',
      facts: safeHostFacts({ info: seccompOnly }),
      errors: [{ message: /^AppArmor is active in the kernel but the engine does not use it/, file: ENGINE_AT.file }],
    },
    {
      name: 'SELinux host, daemon not labelling',
      facts: safeHostFacts({ settings: { 'selinux-enabled': false }, kernel: { apparmor: false, selinux: true, lsm: ['selinux'] }, info: seccompOnly }),
      errors: [{ message: /^SELinux is active in the kernel but the daemon does not label containers/, file: DAEMON_JSON, line: 11 }],
    },
  ],
});

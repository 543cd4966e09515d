import type { HostFacts, KernelFacts } from '../../facts/host.js';
import type { Severity } from '../../facts/finding.js';
import type { Location } from '../../facts/location.js';
import { hostRule } from '../rule.js';
import { daemonSetting, securityOption, settingAt } from './daemon-settings.js';

interface Gap {
  message: string;
  at: Location;
  severity: Severity;
}

function kernelGaps(kernel: KernelFacts): Gap[] {
  const gaps: Gap[] = [];
  const at = kernel.release.at;
  if (!kernel.seccomp) {
    gaps.push({ message: `kernel ${kernel.release.value} has no seccomp support: no container can have its system calls filtered`, at, severity: 'high' });
  }
  if (!kernel.apparmor && !kernel.selinux) {
    const active = kernel.lsm.length > 0 ? kernel.lsm.join(',') : 'none';
    gaps.push({ message: `neither AppArmor nor SELinux is active in kernel ${kernel.release.value} (security modules: ${active}): containers get no mandatory access control`, at, severity: 'medium' });
  }
  return gaps;
}

function engineGaps(facts: HostFacts, kernel: KernelFacts): Gap[] {
  const gaps: Gap[] = [];
  if (kernel.apparmor && !securityOption(facts, 'apparmor')) {
    gaps.push({ message: 'AppArmor is active in the kernel but the engine does not use it: containers start without the docker-default profile', at: facts.at, severity: 'medium' });
  }
  if (kernel.selinux && !securityOption(facts, 'selinux')) {
    gaps.push({
      message: 'SELinux is active in the kernel but the daemon does not label containers (selinux-enabled is off): SELinux does not confine them',
      at: settingAt(facts, daemonSetting(facts, 'selinux-enabled')),
      severity: 'medium',
    });
  }
  return gaps;
}

export default hostRule({
  meta: {
    id: 'require-lsm',
    title: 'Containers on this host cannot be confined by seccomp, AppArmor or SELinux',
    severity: 'medium',
    reads: 'host',
    cis: ['1.2.1', '5.2', '5.3'],
    docs: {
      why:
        'Namespaces decide what a container sees; seccomp and a mandatory access control module (AppArmor or SELinux) decide ' +
        'what it may do to the kernel and to host files when something goes wrong. Docker applies its default profiles only ' +
        'when the kernel provides these modules and the daemon is set up to use them; otherwise every container runs without ' +
        'them, silently, even when its configuration asks for nothing unusual.',
      fix:
        'Boot a kernel with seccomp and AppArmor or SELinux enabled (most distribution kernels have them; check ' +
        '/sys/kernel/security/lsm and the `apparmor=`/`selinux=` boot options). Install `apparmor` so Docker can load its ' +
        'profile, and on SELinux hosts set `"selinux-enabled": true` in daemon.json.',
      examples: [
        {
          kind: 'host',
          bad: '$ cat /sys/kernel/security/lsm\ncapability,yama\n$ docker info --format \'{{.SecurityOptions}}\'\n[name=seccomp,profile=builtin]',
          good: '$ cat /sys/kernel/security/lsm\ncapability,yama,apparmor\n$ docker info --format \'{{.SecurityOptions}}\'\n[name=apparmor name=seccomp,profile=builtin]',
        },
      ],
    },
  },
  check(facts, { report }) {
    const kernel = facts.host?.kernel;
    if (!kernel) return;
    for (const gap of [...kernelGaps(kernel), ...engineGaps(facts, kernel)]) {
      report({ ...gap, fix: { description: 'enable seccomp and AppArmor or SELinux in the kernel and the daemon' } });
    }
  },
});

import type { SecurityOptFact } from '../../facts/container.js';
import { containerRule } from '../rule.js';

interface DisabledConfinement {
  name: string;
  consequence: string;
}

/** Recognizes the security options that switch a confinement off. */
function disabledConfinement(option: SecurityOptFact): DisabledConfinement | undefined {
  const value = option.value.toLowerCase();
  switch (option.key) {
    case 'seccomp':
      return value === 'unconfined' ? { name: 'seccomp', consequence: 'every system call reaches the kernel, including those used in known escapes' } : undefined;
    case 'apparmor':
      return value === 'unconfined' ? { name: 'AppArmor', consequence: 'the AppArmor profile no longer restricts mounts and access to /proc and /sys' } : undefined;
    case 'label':
      if (value === 'disable') return { name: 'SELinux', consequence: 'SELinux no longer separates the container from host files and other containers' };
      if (value === 'type:spc_t' || value === 'type:unconfined_t') return { name: 'SELinux', consequence: `the ${value.slice(5)} type is exempt from SELinux confinement` };
      return undefined;
    case 'systempaths':
      return value === 'unconfined' ? { name: 'masked system paths', consequence: 'the /proc and /sys entries Docker normally hides or makes read-only are exposed' } : undefined;
    default:
      return undefined;
  }
}

export default containerRule({
  meta: {
    id: 'no-disabled-security-profile',
    title: 'Container turns off seccomp, AppArmor or SELinux confinement',
    severity: 'high',
    reads: 'container',
    cis: ['5.22', '5.2', '5.3'],
    docs: {
      why:
        'Docker confines every container with a seccomp filter, an AppArmor profile or SELinux labels, and by masking ' +
        'sensitive paths under /proc and /sys. These layers are what stop many kernel exploits and escape techniques even ' +
        'when the process runs as root. `unconfined`, `label=disable` or the `spc_t` type removes one of them entirely.',
      fix:
        'Remove the option to get Docker\'s default profile back. If the default profile blocks something the service ' +
        'needs, write a custom seccomp or AppArmor profile that allows just that and reference it with ' +
        '`seccomp=/path/profile.json` or `apparmor=<profile>`.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    security_opt:\n      - seccomp=unconfined',
          good: 'services:\n  app:\n    image: nginx:1.27\n    security_opt:\n      - seccomp=./seccomp-app.json',
        },
        {
          kind: 'run',
          bad: 'docker run --security-opt apparmor=unconfined nginx:1.27',
          good: 'docker run --security-opt apparmor=docker-default nginx:1.27',
        },
      ],
    },
  },
  check(facts, { report }) {
    // The engine itself adds label=disable to privileged containers and to those sharing the host's pid or ipc
    // namespace; no-privileged and no-host-namespaces report the cause.
    const engineDisablesLabels =
      facts.privileged?.value === true || facts.namespaces.pid?.value === 'host' || facts.namespaces.ipc?.value === 'host';
    const addedByEngine = (option: SecurityOptFact) => facts.origin === 'inspect' && engineDisablesLabels && option.key === 'label';
    for (const option of facts.securityOpts) {
      const disabled = disabledConfinement(option.value);
      if (!disabled || addedByEngine(option.value)) continue;
      report({
        message: `container "${facts.name}" turns off ${disabled.name} confinement with "${option.value.raw.trim()}": ${disabled.consequence}`,
        at: option.at,
        fix: { description: 'remove the option, or replace it with a custom profile that allows only what the service needs' },
      });
    }
  },
});

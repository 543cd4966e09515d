import type { HostFacts } from '../../facts/host.js';
import type { Location } from '../../facts/location.js';
import { hostRule } from '../rule.js';
import { daemonSetting, describeSetting, securityOption } from './daemon-settings.js';

interface Problem {
  message: string;
  at: Location;
}

const CONSEQUENCE = 'containers that do not bring their own profile reach every system call of the kernel';

function problem(facts: HostFacts): Problem | undefined {
  const setting = daemonSetting(facts, 'seccomp-profile');
  if (typeof setting?.setting.value === 'string' && setting.setting.value.trim().toLowerCase() === 'unconfined') {
    return { message: `${describeSetting(setting)}: ${CONSEQUENCE}`, at: setting.setting.at };
  }
  const seccomp = securityOption(facts, 'seccomp');
  if (seccomp?.profile === 'unconfined') {
    return { message: `the engine's default seccomp profile is "unconfined": ${CONSEQUENCE}`, at: facts.at };
  }
  // Without kernel seccomp the engine cannot filter at all; require-lsm reports that cause.
  if (!seccomp && facts.host?.kernel.seccomp !== false) {
    return { message: `the engine does not list seccomp among its security options: ${CONSEQUENCE}`, at: facts.at };
  }
  return undefined;
}

export default hostRule({
  meta: {
    id: 'daemon-seccomp-disabled',
    title: 'The daemon runs containers without its default seccomp filter',
    severity: 'high',
    reads: 'host',
    cis: ['2.17'],
    docs: {
      why:
        'Docker\'s default seccomp profile blocks a few dozen system calls that ordinary programs never need but kernel ' +
        'exploits and escapes often do (`keyctl`, `unshare`, `mount`, `bpf`, `userfaultfd`...). Setting the daemon-wide ' +
        'profile to `unconfined`, or running an engine built without seccomp, removes that filter from every container at once.',
      fix:
        'Remove `seccomp-profile` from daemon.json, or point it at a custom profile that starts from Docker\'s default. If ' +
        'one workload needs a blocked call, give that container its own profile instead of turning the filter off everywhere.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "seccomp-profile": "unconfined"\n}', good: '{\n  "seccomp-profile": "/etc/docker/seccomp/default.json"\n}' },
        { kind: 'daemon.json', bad: 'dockerd --seccomp-profile=unconfined', good: 'dockerd --icc=false' },
      ],
    },
  },
  check(facts, { report }) {
    const found = problem(facts);
    if (!found) return;
    report({ ...found, fix: { description: 'remove the unconfined daemon-wide seccomp profile' } });
  },
});

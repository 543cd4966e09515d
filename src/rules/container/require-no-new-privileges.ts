import { containerRule } from '../rule.js';

/** The spellings Docker accepts as true for `no-new-privileges` (it reads the value as a Go boolean). */
const TRUE_VALUES = new Set(['true', 't', '1']);

export default containerRule({
  meta: {
    id: 'require-no-new-privileges',
    title: 'Container processes can gain privileges through setuid programs',
    severity: 'medium',
    reads: 'container',
    cis: ['5.26'],
    equivalents: { trivy: 'KSV001' },
    docs: {
      why:
        'Without the no-new-privileges flag, a process in the container can become more privileged by running a setuid ' +
        'or file-capability program, such as `su`, `sudo` or a planted binary. Setting the flag makes the kernel refuse ' +
        'such gains for the container\'s processes and everything they start.',
      fix:
        'Add `no-new-privileges:true` to `security_opt`, or pass `--security-opt no-new-privileges`. It can also be made ' +
        'the daemon default with `"no-new-privileges": true` in daemon.json.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27',
          good: 'services:\n  app:\n    image: nginx:1.27\n    security_opt:\n      - no-new-privileges:true',
        },
        { kind: 'run', bad: 'docker run nginx:1.27', good: 'docker run --security-opt no-new-privileges nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    const setting = facts.securityOpts.filter((option) => option.value.key === 'no-new-privileges').at(-1);
    if (setting && TRUE_VALUES.has(setting.value.value.toLowerCase())) return;
    report({
      message: setting
        ? `container "${facts.name}" sets "${setting.value.raw.trim()}", so its processes can gain privileges through setuid programs`
        : `container "${facts.name}" does not set no-new-privileges, so its processes can gain privileges through setuid programs`,
      at: setting?.at ?? facts.at,
      fix: { description: 'add the security option no-new-privileges:true' },
    });
  },
});

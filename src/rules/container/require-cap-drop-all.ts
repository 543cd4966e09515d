import { containerRule } from '../rule.js';

export default containerRule({
  meta: {
    id: 'require-cap-drop-all',
    title: 'Container keeps Docker\'s default capabilities',
    severity: 'info',
    reads: 'container',
    cis: ['5.4'],
    equivalents: { trivy: 'KSV003' },
    docs: {
      why:
        'Without a drop of ALL, a container starts with Docker\'s default capability set, which includes NET_RAW, ' +
        'DAC_OVERRIDE, SETUID, MKNOD and others that most services never use. Each unused capability is attack surface ' +
        'a compromised process can still exercise.',
      fix:
        'Drop ALL capabilities and add back only the ones the service needs, for example `cap_drop: [ALL]` with ' +
        '`cap_add: [NET_BIND_SERVICE]`, or `--cap-drop ALL --cap-add NET_BIND_SERVICE`.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    cap_drop: [NET_RAW]',
          good: 'services:\n  app:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    cap_add: [CHOWN, SETUID, SETGID, NET_BIND_SERVICE]',
        },
        {
          kind: 'run',
          bad: 'docker run nginx:1.27',
          good: 'docker run --cap-drop ALL --cap-add CHOWN --cap-add SETUID --cap-add SETGID --cap-add NET_BIND_SERVICE nginx:1.27',
        },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.capDrop.some((dropped) => dropped.value === 'ALL')) return;
    const first = facts.capDrop[0];
    report({
      message: first
        ? `container "${facts.name}" drops some capabilities but not ALL: the rest of Docker's default set stays`
        : `container "${facts.name}" does not drop capabilities: it keeps Docker's whole default set`,
      at: first?.at ?? facts.at,
      fix: { description: 'drop ALL capabilities and add back only the ones the service needs' },
    });
  },
});

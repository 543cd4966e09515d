import { containerRule } from '../rule.js';

export default containerRule({
  meta: {
    id: 'no-privileged',
    title: 'Container runs in privileged mode',
    severity: 'critical',
    reads: 'container',
    cis: ['5.5'],
    equivalents: { trivy: 'KSV017', checkov: 'CKV_DOCKER_PRIVILEGED', kics: 'ae5b6871-7f45-42e0-bb4c-ab300c4d2026' },
    docs: {
      why:
        'A privileged container gets every capability, every host device, and no seccomp, AppArmor or SELinux confinement. ' +
        'Root inside it is, for practical purposes, root on the host: it can mount the host disk or load kernel modules.',
      fix:
        'Remove the privileged setting. Grant only the capabilities and devices the workload needs, for example `cap_add: [NET_ADMIN]` or `devices: [/dev/fuse]`.',
      examples: [
        { kind: 'compose', bad: 'services:\n  app:\n    image: nginx:1.27\n    privileged: true', good: 'services:\n  app:\n    image: nginx:1.27\n    cap_add: [NET_BIND_SERVICE]' },
        { kind: 'run', bad: 'docker run --privileged nginx:1.27', good: 'docker run --cap-add NET_BIND_SERVICE nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.privileged?.value === true) {
      report({
        message: `container "${facts.name}" runs privileged: it has full access to the host`,
        at: facts.privileged.at,
        fix: { description: 'remove privileged mode and add only the capabilities the workload needs' },
      });
    }
  },
});

import { containerRule } from '../rule.js';

export default containerRule({
  meta: {
    id: 'require-cpu-limit',
    title: 'Container has no CPU limit or share',
    severity: 'low',
    reads: 'container',
    cis: ['5.12'],
    equivalents: { trivy: 'KSV011' },
    docs: {
      why:
        'Without a CPU limit or a CPU share, a busy or compromised container competes for the host\'s processors on equal ' +
        'terms with everything else and can starve other containers and the Docker daemon itself.',
      fix:
        'Cap the CPUs with `cpus: 1.5` or `deploy.resources.limits.cpus` in Compose (`--cpus 1.5`), or weight it ' +
        'against other containers with `cpu_shares` (`--cpu-shares 512`).',
      examples: [
        { kind: 'compose', bad: 'services:\n  app:\n    image: nginx:1.27', good: 'services:\n  app:\n    image: nginx:1.27\n    cpus: 0.5' },
        { kind: 'run', bad: 'docker run nginx:1.27', good: 'docker run --cpus 0.5 nginx:1.27' },
      ],
    },
  },
  check(facts, { report }) {
    const limited = (facts.cpus?.value ?? 0) > 0;
    const weighted = (facts.cpuShares?.value ?? 0) > 0;
    if (limited || weighted) return;
    report({
      message: `container "${facts.name}" has no CPU limit or share: it can take every CPU of the host`,
      at: facts.cpus?.at ?? facts.cpuShares?.at ?? facts.at,
      fix: { description: 'set a CPU limit (cpus) or a CPU share (cpu_shares)' },
    });
  },
});

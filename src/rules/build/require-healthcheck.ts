import { finalStage, stageChain } from '../helpers/shell.js';
import { buildRule } from '../rule.js';

export default buildRule({
  meta: {
    id: 'require-healthcheck',
    title: 'Image defines no HEALTHCHECK',
    severity: 'low',
    reads: 'build',
    cis: ['4.6'],
    equivalents: { trivy: 'DS026', checkov: 'CKV_DOCKER_2' },
    docs: {
      why:
        'Without a health check, Docker, Compose and Swarm only know whether the main process is alive, not whether it still answers. ' +
        'A service that hangs, deadlocks or loses its backend keeps receiving traffic and is never restarted, which turns a fault into an outage and hides it from monitoring. ' +
        '`HEALTHCHECK NONE` is an explicit decision (for example when an orchestrator such as Kubernetes runs its own probes) and is not reported.',
      fix:
        'Add a cheap check of the service itself to the final stage, using a tool the image contains: ' +
        '`HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD wget -qO- http://127.0.0.1:8080/health || exit 1`. ' +
        'If another system checks health, say so with `HEALTHCHECK NONE`.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html',
          good: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1/ || exit 1',
        },
      ],
    },
  },
  check(facts, { report }) {
    const stage = finalStage(facts);
    if (!stage) return;
    const declared = stageChain(facts, stage).some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'));
    if (declared) return;
    report({
      message: 'the final stage has no HEALTHCHECK: nothing tells Docker when the service stops answering (use HEALTHCHECK NONE to opt out)',
      at: stage.from.at,
      fix: { description: 'add a HEALTHCHECK CMD that probes the service, or HEALTHCHECK NONE' },
    });
  },
});

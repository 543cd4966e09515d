import { imageRule } from '../rule.js';

export default imageRule({
  meta: {
    id: 'require-image-healthcheck',
    title: 'Image defines no HEALTHCHECK',
    severity: 'low',
    reads: 'image',
    equivalents: { dockle: 'CIS-DI-0006' },
    cis: ['4.6'],
    docs: {
      why:
        'Without a health check the engine only knows whether the process is alive, not whether it still serves. A hung ' +
        'or half-broken service keeps its place, and orchestrators cannot replace it or hold traffic back from it.',
      fix: 'Add a `HEALTHCHECK CMD ...` to the Dockerfile that exercises the service, or give the container one at run time (`--health-cmd`, Compose `healthcheck:`).',
      examples: [
        {
          kind: 'host',
          bad: "$ docker image inspect -f '{{json .Config.Healthcheck}}' app:1\nnull",
          good: "$ docker image inspect -f '{{json .Config.Healthcheck}}' app:1\n{\"Test\":[\"CMD\",\"/app/healthz\"]}",
        },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.healthcheck) return;
    report({
      message: `image ${facts.name} defines no health check`,
      at: { ...facts.at, path: 'Config.Healthcheck' },
      fix: { description: 'add a HEALTHCHECK instruction to the Dockerfile' },
    });
  },
});

import { secretValueReason } from '../helpers/secret-text.js';
import { imageRule } from '../rule.js';

export default imageRule({
  meta: {
    id: 'no-secrets-in-image-labels',
    title: 'Secret stored in an image label',
    severity: 'high',
    reads: 'image',
    cis: ['4.10'],
    equivalents: { dockle: 'CIS-DI-0010' },
    docs: {
      why:
        'Labels are part of the image configuration: registries show them, `docker image inspect` prints them, and they ' +
        'are copied into every image built FROM this one. A token or password passed as a label (often through a ' +
        'build argument, `LABEL deploy.token=$TOKEN`) is published with the image. Labels are reported when their ' +
        'name marks a secret and the value is written out, when the value is a URL with a password, or when it has ' +
        'the shape of a well-known token.',
      fix: 'Remove the label from the Dockerfile (and from `--label` on docker build), rebuild, and revoke the secret.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker image inspect -f '{{json .Config.Labels}}' app:1\n{\"ci.deploy-token\":\"glpat-...\"}",
          good: "$ docker image inspect -f '{{json .Config.Labels}}' app:1\n{\"org.opencontainers.image.source\":\"https://github.com/acme/app\"}",
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const label of facts.labels ?? []) {
      const { name, value } = label.value;
      const reason = secretValueReason(name, value);
      if (!reason) continue;
      report({
        message: `image ${facts.name} has label ${name} holding a secret: ${reason}`,
        at: label.at,
        fix: { description: 'remove the label and revoke the secret' },
      });
    }
  },
});

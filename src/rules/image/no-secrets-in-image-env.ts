import { secretValueReason } from '../helpers/secret-text.js';
import { imageRule } from '../rule.js';

export default imageRule({
  meta: {
    id: 'no-secrets-in-image-env',
    title: 'Secret stored in the image environment',
    severity: 'high',
    reads: 'image',
    cis: ['4.10'],
    equivalents: { dockle: 'CIS-DI-0010' },
    docs: {
      why:
        'Environment variables set by ENV are part of the image configuration: anyone who can pull the image reads them ' +
        'with `docker image inspect`, and every container made from it starts with them. A password or token there is ' +
        'published to everyone with access to the registry. A variable is reported when its name marks a secret and its ' +
        'value is written out, when its value is a URL with a password, or when its value has the shape of a well-known ' +
        'token (AWS, GitHub, GitLab, Slack, npm, PyPI ...), whatever its name.',
      fix: 'Remove the value from the Dockerfile and give it at run time: a Docker or Compose secret, or a file mounted read-only.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker image inspect -f '{{json .Config.Env}}' app:1\n[\"DB_PASSWORD=hunter2\"]",
          good: "$ docker image inspect -f '{{json .Config.Env}}' app:1\n[\"DB_PASSWORD_FILE=/run/secrets/db\"]",
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const variable of facts.env) {
      const { name, value } = variable.value;
      const reason = secretValueReason(name, value);
      if (!reason) continue;
      report({
        message: `image ${facts.name} stores ${name} in its environment: ${reason}`,
        at: variable.at,
        fix: { description: 'pass the secret at run time instead of baking it into the image' },
      });
    }
  },
});

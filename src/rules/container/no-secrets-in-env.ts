import type { EnvFact } from '../../facts/container.js';
import { containerRule } from '../rule.js';
import { literalSecretReason } from '../helpers/secrets.js';

/** The reason an entry is reported, or undefined. Never includes the value. */
const REASONS = {
  name: 'its name marks it as a secret and its value is written out literally',
  url: 'its value is a URL with a literal password in it',
} as const;

function secretFinding(env: EnvFact): string | undefined {
  const reason = env.value === undefined ? undefined : literalSecretReason(env.name, env.value);
  return reason && REASONS[reason];
}

export default containerRule({
  meta: {
    id: 'no-secrets-in-env',
    title: 'Secret written literally into the container environment',
    severity: 'high',
    reads: 'container',
    cis: ['4.10'],
    docs: {
      why:
        'A password or token typed into a Compose file or a `docker run` line ends up in version control, shell history ' +
        'and CI logs, and anyone who can run `docker inspect` on the host can read it back. Environment variables are also ' +
        'inherited by every child process and often dumped in crash reports. Placeholder values are reported too: they ' +
        'tend to reach production unchanged.',
      fix:
        'Take the value from outside the file: `DB_PASSWORD: ${DB_PASSWORD}` with the variable set by CI or a local ' +
        '`.env` kept out of version control, `-e DB_PASSWORD` without a value, or better Docker secrets with the ' +
        '`_FILE` convention (`DB_PASSWORD_FILE: /run/secrets/db_password`). Rotate any secret that was committed.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2',
          good:
            'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n' +
            '    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./db_password.txt',
        },
        { kind: 'run', bad: 'docker run -e POSTGRES_PASSWORD=hunter2 postgres:16', good: 'docker run -e POSTGRES_PASSWORD postgres:16' },
      ],
    },
  },
  check(facts, { report }) {
    for (const env of facts.env) {
      const reason = secretFinding(env.value);
      if (!reason) continue;
      report({
        message: `container "${facts.name}": environment variable ${env.value.name} holds a secret (${reason})`,
        at: env.at,
        fix: { description: `take ${env.value.name} from the environment, an untracked .env file or a Docker secret` },
      });
    }
  },
});

import type { KeyValueFact } from '../../facts/build.js';
import { instructionsWith } from '../helpers/shell.js';
import { buildRule, type ReportInput } from '../rule.js';
import { isLiteralSecret, secretKindOfName, urlHoldsPassword } from '../helpers/secrets.js';

/** True when the variable name says it holds a secret: DB_PASSWORD, apiKey, AWS_SECRET_ACCESS_KEY; not GPG_KEY, TOKEN_URL, PWD. */
export function isSecretName(name: string): boolean {
  return secretKindOfName(name) !== undefined;
}

/** A value written into the Dockerfile, as opposed to empty, a switch, or a reference to another variable. */
function isLiteralValue(name: string, value: string | undefined): boolean {
  const kind = secretKindOfName(name);
  return value !== undefined && kind !== undefined && (isLiteralSecret(value, kind) || urlHoldsPassword(value));
}

function envFinding(pair: KeyValueFact): ReportInput | undefined {
  if (!isLiteralValue(pair.name, pair.value)) return undefined;
  return {
    message: `ENV ${pair.name} holds a secret-looking value: it is stored in the image config for anyone who can pull the image`,
    at: pair.at,
    fix: { description: 'pass the secret at run time, or use RUN --mount=type=secret during the build' },
  };
}

function argFinding(pair: KeyValueFact): ReportInput {
  if (isLiteralValue(pair.name, pair.value)) {
    return {
      message: `ARG ${pair.name} has a secret-looking default written in the Dockerfile: it ends up in the image history and in the repository`,
      at: pair.at,
      fix: { description: 'remove the default and use RUN --mount=type=secret' },
    };
  }
  return {
    message: `ARG ${pair.name} looks like a secret: build arguments are recorded in image history and provenance; use RUN --mount=type=secret`,
    at: pair.at,
    severity: 'medium',
    fix: { description: 'replace the build argument with a secret mount: RUN --mount=type=secret,id=...' },
  };
}

export default buildRule({
  meta: {
    id: 'no-secrets-in-env-arg',
    title: 'Secret passed through ENV or ARG',
    severity: 'high',
    reads: 'build',
    cis: ['4.10'],
    docs: {
      why:
        'ENV values are part of the image configuration: `docker inspect` or any registry client shows them to whoever can pull the image, and they are inherited by every image built on top. ' +
        'Build arguments are not meant for secrets either: their values show up in `docker history` for the steps that use them and in build provenance, and a default written in the Dockerfile sits in version control. ' +
        'Variables are recognised by name (PASSWORD, TOKEN, SECRET, API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS…); names that point at a secret rather than hold it (…_FILE, …_PATH, …_URL, …_ID) and public GPG key fingerprints are left alone.',
      fix:
        'At build time, mount the secret for the one step that needs it: `RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci`, and pass it with `docker build --secret id=npm_token,env=NPM_TOKEN`. ' +
        'At run time, inject secrets through the orchestrator (Compose or Kubernetes secrets, or a `*_FILE` variable pointing at a mounted file) instead of baking them into the image.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM postgres:16.3\nENV POSTGRES_PASSWORD=supersecret',
          good: 'FROM postgres:16.3\nENV POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM node:20-slim\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci',
          good: 'FROM node:20-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const { instruction } of instructionsWith(facts, 'ENV', 'ARG')) {
      for (const pair of instruction.pairs.filter((p) => isSecretName(p.name))) {
        const finding = instruction.keyword === 'ENV' ? envFinding(pair) : argFinding(pair);
        if (finding) report(finding);
      }
    }
  },
});

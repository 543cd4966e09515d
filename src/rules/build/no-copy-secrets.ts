import type { InstructionFacts } from '../../facts/build.js';
import type { Located } from '../../facts/location.js';
import { instructionsWith } from '../helpers/shell.js';
import { buildRule } from '../rule.js';

interface SecretKind {
  test(path: string, base: string): boolean;
  what: string;
}

/** Names of public keys and package signing keys, which are meant to be shared. */
const PUBLIC_KEY_NAME = /(\.pub$|(^|[._-])pub|public|gpg|pgp|signing|archive|keyring|release)/i;
/** Where package managers read their (public) signing keys from. */
const SIGNING_KEY_DIRS = /^\/(etc\/apt|usr\/share\/keyrings|etc\/pki\/rpm-gpg|etc\/apk\/keys)(\/|$)/;
const ENV_TEMPLATE = /^\.env\.(example|sample|template|dist|defaults?)$/i;

const SECRET_KINDS: SecretKind[] = [
  { what: 'an SSH private key', test: (_p, base) => /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?($|[._-])/.test(base) && !base.endsWith('.pub') },
  { what: 'an SSH directory', test: (path) => /(^|\/)\.ssh(\/|$)/.test(path) },
  { what: 'a private key', test: (_p, base) => /\.pem$/i.test(base) && /key|priv/i.test(base) },
  { what: 'a private key', test: (_p, base) => /\.key$/i.test(base) && !PUBLIC_KEY_NAME.test(base) },
  { what: 'a key store', test: (_p, base) => /\.(p12|pfx|jks|keystore)$/i.test(base) },
  { what: 'an env file', test: (_p, base) => /^\.env($|\.)/.test(base) && !ENV_TEMPLATE.test(base) },
  { what: 'a credentials file', test: (_p, base) => ['.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials'].includes(base) },
  { what: 'cloud credentials', test: (path) => /(^|\/)\.aws\/credentials$/.test(path) },
  { what: 'registry credentials', test: (path) => /(^|\/)\.docker\/config\.json$/.test(path) },
];

/** What kind of secret the source path names, if any. */
export function secretKind(source: string): string | undefined {
  const path = source.replace(/\/+$/, '') || source;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return SECRET_KINDS.find((kind) => kind.test(path, base))?.what;
}

/** The sources of a COPY or ADD, heredocs left out, with the destination. */
function sourcesAndDestination(instruction: InstructionFacts): { sources: Located<string>[]; destination: string } {
  const args = instruction.args.filter((a) => !a.value.startsWith('<<'));
  return { sources: args.slice(0, -1), destination: args[args.length - 1]?.value ?? '' };
}

export default buildRule({
  meta: {
    id: 'no-copy-secrets',
    title: 'Key material or credentials copied into the image',
    severity: 'high',
    reads: 'build',
    cis: ['4.10'],
    docs: {
      why:
        'Every file a COPY or ADD brings in is stored in a layer of the image, and stays there even if a later RUN deletes it: anyone who can pull the image can extract it with `docker save`. ' +
        'Private keys, .env files, .npmrc/.pypirc/.netrc tokens, cloud and registry credentials copied in this way leak to every registry, cache and machine the image reaches. ' +
        'Copying from a builder stage (`COPY --from=`) does not help: the file lands in this layer just the same. Public keys, certificates, package signing keys and .env.example-style templates are not reported.',
      fix:
        'Give build steps their secrets through mounts that never enter a layer: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci`, or `RUN --mount=type=ssh git clone git@...` with `docker build --ssh default`. ' +
        'Provide run-time secrets through the orchestrator (Compose/Kubernetes secrets) and list such files in .dockerignore so `COPY . .` cannot pick them up.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM node:20-slim\nCOPY .npmrc package.json package-lock.json ./\nRUN npm ci',
          good: 'FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN git clone git@github.com:org/private.git',
          good: 'FROM alpine:3.20\nRUN --mount=type=ssh git clone git@github.com:org/private.git',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const { instruction } of instructionsWith(facts, 'COPY', 'ADD')) {
      const { sources, destination } = sourcesAndDestination(instruction);
      for (const source of sources) {
        const what = secretKind(source.value);
        if (!what || (what === 'a private key' && SIGNING_KEY_DIRS.test(destination))) continue;
        report({
          message: `${instruction.keyword} ${source.value} puts ${what} into an image layer, where anyone who can pull the image can read it`,
          at: source.at,
          fix: { description: 'use RUN --mount=type=secret (or --mount=type=ssh) instead, and add the file to .dockerignore' },
        });
      }
    }
  },
});

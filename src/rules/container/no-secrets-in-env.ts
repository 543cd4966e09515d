import type { EnvFact } from '../../facts/container.js';
import { containerRule } from '../rule.js';
import {
  AUTH_MECHANISMS,
  AUTH_SEGMENT,
  ENCODING_SEGMENTS,
  QUALIFIED_SECRET_SEGMENTS,
  SECRET_KEY_QUALIFIERS,
  SECRET_SEGMENTS,
  SECRET_SUFFIXES,
  SWITCH_VALUES,
} from './data/secret-names.js';

/** `${DB_PASSWORD}`, `$PW`: the value comes from elsewhere at run time. */
const REFERENCE = /\$(?:\{|[A-Za-z_]|\()/;
/** A file the secret is read from, not the secret: `/run/secrets/db`, `./certs/key.pem`. */
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/)\S*$/;
/** `scheme://user:password@host`: credentials carried inside a URL, whatever the variable's name. */
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/i;

/** Upper-case name segments: `dbPassword_2` gives `DB`, `PASSWORD`; trailing numbers and encodings dropped. */
export function nameSegments(name: string): string[] {
  const segments = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[_\-.\s]+/)
    .filter((s) => s !== '');
  while (segments.length > 1 && /^\d+$|^$/.test(segments.at(-1) ?? '')) segments.pop();
  while (segments.length > 1 && ENCODING_SEGMENTS.has(segments.at(-1) ?? '')) segments.pop();
  return segments;
}

/** What kind of secret the name announces, or undefined when it names a setting. */
function secretKind(segments: string[]): 'secret' | 'auth' | undefined {
  const last = segments.at(-1) ?? '';
  const previous = segments.at(-2);
  if (SECRET_SEGMENTS.has(last) || SECRET_SUFFIXES.some((suffix) => last.endsWith(suffix))) return 'secret';
  if (last === 'KEY' && previous !== undefined && SECRET_KEY_QUALIFIERS.has(previous)) return 'secret';
  if (QUALIFIED_SECRET_SEGMENTS.has(last) && previous !== undefined) return 'secret';
  if (last === AUTH_SEGMENT) return 'auth';
  return undefined;
}

/** A value written out in the file, as opposed to a reference, a file path or a switch. */
function isLiteralSecret(value: string, kind: 'secret' | 'auth'): boolean {
  const text = value.trim();
  if (text === '' || REFERENCE.test(text) || FILE_PATH.test(text)) return false;
  if (SWITCH_VALUES.has(text.toLowerCase())) return false;
  return kind !== 'auth' || !AUTH_MECHANISMS.has(text.toLowerCase());
}

function urlHoldsPassword(value: string): boolean {
  const password = URL_PASSWORD.exec(value.trim())?.[1];
  return password !== undefined && !REFERENCE.test(password);
}

/** The reason an entry is reported, or undefined. Never includes the value. */
function secretFinding(env: EnvFact): string | undefined {
  if (env.value === undefined) return undefined;
  const kind = secretKind(nameSegments(env.name));
  if (kind && isLiteralSecret(env.value, kind)) return 'its name marks it as a secret and its value is written out literally';
  if (urlHoldsPassword(env.value)) return 'its value is a URL with a literal password in it';
  return undefined;
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

import {
  AUTH_MECHANISMS,
  AUTH_SEGMENT,
  ENCODING_SEGMENTS,
  QUALIFIED_SECRET_SEGMENTS,
  SECRET_KEY_QUALIFIERS,
  SECRET_SEGMENTS,
  SECRET_SUFFIXES,
  SWITCH_SEGMENTS,
  SWITCH_VALUES,
} from '../data/secret-names.js';

/**
 * Whether a variable holds a secret written out in the file, decided the same
 * way for Compose `environment:`, `docker run -e`, and Dockerfile ENV and ARG.
 */
export type SecretKind = 'secret' | 'auth';

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

/** What kind of secret a variable name announces, or undefined when it names a setting (`PASSWORD_FILE`). */
export function secretKindOfName(name: string): SecretKind | undefined {
  const segments = nameSegments(name);
  if (segments.some((segment) => SWITCH_SEGMENTS.has(segment))) return undefined;
  const last = segments.at(-1) ?? '';
  const previous = segments.at(-2);
  if (SECRET_SEGMENTS.has(last) || SECRET_SUFFIXES.some((suffix) => last.endsWith(suffix))) return 'secret';
  if (last === 'KEY' && previous !== undefined && SECRET_KEY_QUALIFIERS.has(previous)) return 'secret';
  if (QUALIFIED_SECRET_SEGMENTS.has(last) && previous !== undefined) return 'secret';
  if (last === AUTH_SEGMENT) return 'auth';
  return undefined;
}

/** A value written out in the file, as opposed to a reference, a file path or a switch. */
export function isLiteralSecret(value: string, kind: SecretKind): boolean {
  const text = value.trim();
  if (text === '' || REFERENCE.test(text) || FILE_PATH.test(text)) return false;
  if (SWITCH_VALUES.has(text.toLowerCase())) return false;
  return kind !== 'auth' || !AUTH_MECHANISMS.has(text.toLowerCase());
}

/** True when the value is a URL with a literal password in it (`postgres://app:s3cret@db/app`). */
export function urlHoldsPassword(value: string): boolean {
  const password = URL_PASSWORD.exec(value.trim())?.[1];
  return password !== undefined && !REFERENCE.test(password);
}

/**
 * Why a NAME=value pair holds a secret written out literally, or undefined:
 * `name` when the name announces a secret and the value is literal, `url` when
 * the value is a URL with a password in it, whatever the name.
 */
export function literalSecretReason(name: string, value: string): 'name' | 'url' | undefined {
  const kind = secretKindOfName(name);
  if (kind && isLiteralSecret(value, kind)) return 'name';
  return urlHoldsPassword(value) ? 'url' : undefined;
}

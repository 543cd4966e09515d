/**
 * Vocabulary for recognizing environment variables that hold secrets. Names
 * are compared segment by segment (split at `_`, `-`, `.` and camelCase), and
 * only the last segment decides: `DB_PASSWORD` is a secret, `PASSWORD_FILE`,
 * `TOKEN_URL` and `AUTH_METHOD` are settings about one.
 */

/** A name whose last segment is one of these holds a secret. */
export const SECRET_SEGMENTS: ReadonlySet<string> = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'SECRET',
  'TOKEN',
  'APIKEY',
  'CREDENTIALS',
  'CREDENTIAL',
  'CREDS',
]);

/** Last segments that run the word together with a qualifier: `PGPASSWORD`, `ACCESSTOKEN`, `SECRETKEY`. */
export const SECRET_SUFFIXES: readonly string[] = ['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'SECRETKEY', 'ACCESSKEY', 'PRIVATEKEY'];

/** `KEY` alone is ambiguous (`SORT_KEY`, `PUBLIC_KEY`, `SITE_KEY`); after one of these it is a secret. */
export const SECRET_KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  'API',
  'ACCESS',
  'SECRET',
  'PRIVATE',
  'ENCRYPTION',
  'ENC',
  'CRYPT',
  'SIGNING',
  'MASTER',
  'APP',
  'AUTH',
  'SESSION',
  'HMAC',
  'JWT',
  'SHARED',
  'ACCOUNT',
  'STORAGE',
  'SERVICE',
  'CLIENT',
  'WEBHOOK',
  'SSH',
  'DEPLOY',
  'LICENSE',
  'ADMIN',
  'ROOT',
]);

/** `PWD` is the shell's working directory; it names a password only with a qualifier (`MYSQL_PWD`). */
export const QUALIFIED_SECRET_SEGMENTS: ReadonlySet<string> = new Set(['PWD']);

/** `AUTH` holds a secret (`BASIC_AUTH=user:pass`) unless its value names a mechanism (`SMTP_AUTH=login`). */
export const AUTH_SEGMENT = 'AUTH';
export const AUTH_MECHANISMS: ReadonlySet<string> = new Set([
  'none', 'trust', 'md5', 'scram-sha-256', 'password', 'plain', 'login', 'basic', 'bearer', 'digest', 'ldap',
  'oauth', 'oauth2', 'oidc', 'saml', 'jwt', 'token', 'cram-md5', 'ntlm', 'kerberos', 'gssapi', 'htpasswd', 'file',
  'internal', 'local', 'disabled', 'enabled', 'required', 'optional', 'anonymous', 'api_key', 'apikey', 'cert', 'tls',
]);

/** Trailing segments that describe the encoding of the same secret: `SECRET_KEY_BASE`, `PRIVATE_KEY_B64`. */
export const ENCODING_SEGMENTS: ReadonlySet<string> = new Set([
  'BASE', 'VALUE', 'RAW', 'PLAIN', 'PLAINTEXT', 'B64', 'BASE64', 'HEX', 'PEM', 'DATA', 'CONTENT', 'CONTENTS', 'STRING',
]);

/** Values that are switches rather than secrets (`MYSQL_ALLOW_EMPTY_PASSWORD=yes`). */
export const SWITCH_VALUES: ReadonlySet<string> = new Set(['true', 'false', 'yes', 'no', 'on', 'off', '0', '1', 'y', 'n']);

/** A segment that makes the variable a switch about a secret: `MYSQL_RANDOM_ROOT_PASSWORD`, `ALLOW_EMPTY_PASSWORD`. */
export const SWITCH_SEGMENTS: ReadonlySet<string> = new Set(['ALLOW', 'EMPTY', 'RANDOM', 'GENERATE', 'SKIP', 'DISABLE', 'ENABLE', 'REQUIRE', 'NO', 'USE']);

import type { ImageFile } from '../../facts/image.js';
import type { Severity } from '../../facts/finding.js';
import { baseName, isAllowedPath, isUnder, parentDir } from '../helpers/image-files.js';
import { isPlaceholder, secretValueReason, tokenIn, urlPasswordIn } from '../helpers/secret-text.js';
import { imageRule } from '../rule.js';

interface Leak {
  what: string;
  severity?: Severity;
}

/** Documentation, manuals and licences: examples of secrets, never real ones. */
const DOC_DIRS = ['/usr/share/doc', '/usr/share/man', '/usr/share/info', '/usr/share/common-licenses', '/usr/share/licenses'];
/** Names of templates: `.env.example`, `settings.sample.ini`, `config.json.dist`. */
const TEMPLATE_NAME = /(?:^|[._-])(?:example|examples|sample|samples|template|templates|dist|tmpl|tpl)(?:[._-]|$)/i;
/** Test data of libraries: keys there are published fixtures, reported as low. */
const TEST_DIR = /\/(?:node_modules|tests?|testdata|test_data|fixtures|__tests__|spec)\//;

const SSH_USER_KEY = /^id_(?:rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)$/;
const SSH_HOST_KEY = /^ssh_host_(?:rsa|dsa|ecdsa|ed25519)_key$/;
const COMMENT = /^\s*[#;]/;

/** Files that are credentials by their place, whatever is in them (as long as they are not empty). */
const CREDENTIAL_FILES: [test: (path: string) => boolean, what: string][] = [
  [(p) => p.endsWith('/.aws/credentials'), 'AWS credentials'],
  [(p) => /\/\.config\/gcloud\/(?:credentials\.db|access_tokens\.db|application_default_credentials\.json|legacy_credentials\/)/.test(p), 'Google Cloud credentials'],
  [(p) => /\/\.azure\/(?:accessTokens\.json|msal_token_cache\.(?:json|bin)|service_principal_entries\.json)$/.test(p), 'Azure credentials'],
  [(p) => p.endsWith('/.kube/config'), 'a Kubernetes client config (cluster credentials)'],
  [(p) => /\/\.git-credentials$/.test(p), 'stored Git credentials'],
  [(p) => /\.(?:p12|pfx)$/i.test(p), 'a PKCS#12 bundle (certificate with its private key)'],
  [(p) => /\.ppk$/i.test(p), 'a PuTTY private key'],
  [(p) => /\.kdbx$/i.test(p), 'a KeePass password database'],
  [(p) => p.endsWith('/.vault-token'), 'a HashiCorp Vault token'],
  [(p) => /\.tfstate$/.test(p), 'a Terraform state file (it records the secrets of the resources it manages)'],
];

/** Files read as `key = value` / `key: value` / `"key": "value"` settings: each key judged like an ENV name. */
const SETTINGS_FILE = /(?:^\.env$|^\.env\.|\.env$|\.(?:ini|cfg|conf|cnf|properties|ya?ml|json|toml|tfvars)$|^\.(?:my\.cnf|s3cfg|boto)$)/i;
const SETTING_LINE = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;
/** Not a literal: a call (`getenv("X")`), a template expression, a short number. */
const COMPUTED_VALUE = /\(.*\)|^<%|^\d{1,4}$|^[[{]/;

/** Key-value settings inside files whose format is known, checked line by line. */
function settingLeak(file: ImageFile, text: string): Leak | undefined {
  const name = baseName(file.path);
  if (name === '.npmrc' || name === 'npmrc') {
    return lineLeak(text, /(?:_authToken|_auth|_password)\s*=\s*(\S+)/, 'an npm registry token');
  }
  if (name === '.pypirc') {
    return lineLeak(text, /^\s*password\s*[=:]\s*(\S+)/, 'a PyPI password');
  }
  if (name === '.netrc' || name === '_netrc' || name === 'auth.conf' || parentDir(file.path) === '/etc/apt/auth.conf.d') {
    return lineLeak(text, /\bpassword\s+(\S+)/, 'a password (netrc format)');
  }
  if (name === 'config.json' && parentDir(file.path).endsWith('/.docker')) {
    return lineLeak(text, /"(?:auth|identitytoken)"\s*:\s*"([^"]+)"/, 'Docker registry credentials');
  }
  if (name === '.pgpass') {
    return lineLeak(text, /^[^:#\s]*:[^:]*:[^:]*:[^:]*:(.+)$/, 'a PostgreSQL password');
  }
  if (name === '.htpasswd') {
    return lineLeak(text, /^([^:#\s]+:\S+)$/, 'password hashes');
  }
  if (name === 'settings.xml' && parentDir(file.path).endsWith('/.m2')) {
    return lineLeak(text, /<password>([^<]+)<\/password>/, 'a Maven repository password');
  }
  if (SETTINGS_FILE.test(name)) return settingsLeak(text);
  return undefined;
}

/** The first `key = value` line whose key names a secret and whose value is written out. */
function settingsLeak(text: string): Leak | undefined {
  for (const [index, raw] of text.split('\n').entries()) {
    const match = SETTING_LINE.exec(raw);
    if (!match || COMMENT.test(raw)) continue;
    const value = stripComment(match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
    if (COMPUTED_VALUE.test(value)) continue;
    const reason = secretValueReason(match[1] ?? '', value);
    if (reason) return { what: `${match[1]} (line ${index + 1}: ${reason})` };
  }
  return undefined;
}

/** `what (line N)` for the first line whose first capture is a literal value (not `${VAR}`, not a placeholder). */
function lineLeak(text: string, pattern: RegExp, what: string): Leak | undefined {
  for (const [index, line] of text.split('\n').entries()) {
    if (COMMENT.test(line)) continue;
    const value = pattern.exec(line)?.[1]?.replace(/^(["'])(.*)\1$/, '$2');
    if (value && !/\$\{|^\$/.test(value) && !isPlaceholder(value)) return { what: `${what} (line ${index + 1})` };
  }
  return undefined;
}

function stripComment(value: string): string {
  if (/^\s*["']/.test(value)) return value;
  const comment = value.search(/\s#/);
  return comment < 0 ? value : value.slice(0, comment);
}

/**
 * Names the checks below can report without a peek; any other file without a
 * peek is passed over at once (images hold millions of files).
 */
const MAY_BE_CREDENTIAL_FILE =
  /^(?:id_|ssh_host_|credentials$|config$|\.git-credentials$|\.vault-token$|credentials\.db$|access_tokens\.db$|application_default_credentials\.json$|accessTokens\.json$|msal_token_cache\.|service_principal_entries\.json$)|\.(?:p12|pfx|ppk|kdbx|tfstate)$/i;

function worthReading(file: ImageFile, name: string): boolean {
  return file.peek !== undefined || MAY_BE_CREDENTIAL_FILE.test(name) || file.path.includes('/legacy_credentials/');
}

/** A passphrase protects the key: PKCS#8 `ENCRYPTED PRIVATE KEY`, OpenSSL `Proc-Type: 4,ENCRYPTED`; OpenSSH keys say so only in binary. */
function encryptedKey(peek: string | undefined): boolean {
  return peek !== undefined && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(peek);
}

function leakOf(file: ImageFile, name: string): Leak | undefined {
  const isEmpty = file.size === 0 && !file.peek;
  if (SSH_HOST_KEY.test(name) && !isEmpty) return { what: 'an SSH host private key: every container of the image shares it', severity: 'medium' };
  if (SSH_USER_KEY.test(name) && !isEmpty) return encryptedKey(file.peek) ? { what: 'an SSH private key (encrypted)', severity: 'medium' } : { what: 'an SSH private key' };
  const byPlace = CREDENTIAL_FILES.find(([test]) => test(file.path));
  if (byPlace && file.size > 0) return { what: byPlace[1] };
  if (file.peek === undefined) return undefined;
  const setting = settingLeak(file, file.peek);
  if (setting) return setting;
  const token = tokenIn(file.peek);
  if (token === 'a private key' && encryptedKey(file.peek)) return { what: 'a private key (encrypted)', severity: 'medium' };
  if (token) return { what: token };
  if (urlPasswordIn(file.peek) && /\.(?:env|ini|conf|cfg|cnf|properties|ya?ml|toml|json)$|credentials/i.test(name)) return { what: 'a URL with a password in it' };
  return undefined;
}

export default imageRule({
  meta: {
    id: 'no-secrets-in-image-files',
    title: 'Private key, credential file or token in the image',
    severity: 'high',
    reads: 'image',
    cis: ['4.10'],
    equivalents: { dockle: 'CIS-DI-0010' },
    options: ['allow-paths'],
    docs: {
      why:
        'Every file in an image is readable by anyone who can pull it, and deleting a file in a later layer does not ' +
        'remove it from the earlier one. Reported, never with the secret itself: private keys (PEM, OpenSSH, PuTTY, ' +
        'PKCS#12), cloud credential files (AWS, Google Cloud, Azure, kubeconfig, Vault tokens, Terraform state), ' +
        'registry and service passwords in `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass`, `.htpasswd`, ' +
        "Maven `settings.xml` and `~/.docker/config.json`, settings whose name marks a secret in `.env`, YAML, JSON, " +
        'INI, properties and tfvars files, and tokens of well-known shapes (AWS, GitHub, GitLab, Slack, npm, PyPI, ' +
        'Stripe, Google) in the small text files the image reader keeps. Placeholders, `${VAR}` references, computed ' +
        'values, empty values, templates (`.env.example`) and documentation under /usr/share/doc are not reported. ' +
        'SSH host keys generated when openssh-server was installed, and private keys protected by a passphrase, are ' +
        'reported as medium (a host key makes every container share one host identity). Keys in test data of libraries (node_modules, tests/) are reported as low.',
      fix:
        'Do not copy the file into the image: pass secrets at build time with `RUN --mount=type=secret` and at run time ' +
        'with Docker or Compose secrets. Add the file to `.dockerignore`. Then revoke and replace the secret, since ' +
        'every earlier pull of the image has it. A file that is meant to be public (a test key) can be allow-listed ' +
        'with `allow-paths`.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker run --rm --entrypoint cat app:1 /root/.npmrc\n//registry.npmjs.org/:_authToken=npm_Xr5...",
          good: "$ docker run --rm --entrypoint cat app:1 /root/.npmrc\ncat: can't open '/root/.npmrc': No such file or directory",
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    if (!facts.contents) return;
    for (const file of facts.contents.files.values()) {
      if (file.type !== 'file') continue;
      const name = baseName(file.path);
      if (!worthReading(file, name) || DOC_DIRS.some((dir) => isUnder(file.path, dir)) || TEMPLATE_NAME.test(name)) continue;
      const leak = leakOf(file, name);
      if (!leak || isAllowedPath(settings, 'no-secrets-in-image-files', file.path)) continue;
      const inTestData = TEST_DIR.test(file.path);
      report({
        message: `${file.path} holds ${leak.what}${inTestData ? ' (in test data of a library)' : ''}`,
        at: file.at,
        ...(inTestData ? { severity: 'low' as const } : leak.severity ? { severity: leak.severity } : {}),
        fix: { description: 'remove the file from the image (.dockerignore, RUN --mount=type=secret) and revoke the secret' },
      });
    }
  },
});

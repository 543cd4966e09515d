import { PEEK_BYTES } from '../../facts/image.js';
import { baseName } from './paths.js';

/**
 * Which files the reader keeps the first PEEK_BYTES of, for the secret rules.
 * Reading every file's content would hold the image in memory; these keep what
 * can hold a secret and little else:
 *
 * - by name, wherever they are: private keys and certificate stores
 *   (`id_rsa*`, `*.pem`, `*.key`, `*.p12` ...), and the files tools keep
 *   credentials in (`.env`, `.npmrc`, `.pypirc`, `.git-credentials`, `.netrc`,
 *   `.docker/config.json`, `.aws/credentials` ...);
 * - by size: regular files of at most 64 KiB that look like text, outside the
 *   directories a distribution or a language's package manager fills
 *   (`/usr`, `/lib`, `/bin`, `node_modules`, `site-packages` ...), which hold
 *   thousands of files and almost never a secret someone put there.
 *
 * Two budgets (one per reason) cap what one read keeps, so an image of a
 * million small files cannot grow the reader's memory past them; files past
 * the budget are still indexed, without a peek.
 */

/** Files above this size are peeked only when their name says they may hold a secret. */
export const SMALL_FILE_BYTES = 64 * 1024;
export const NAME_PEEK_BUDGET = 32 * 1024 * 1024;
export const SIZE_PEEK_BUDGET = 32 * 1024 * 1024;

export type PeekReason = 'name' | 'size';

export interface PeekBudget {
  name: number;
  size: number;
}

export function newPeekBudget(): PeekBudget {
  return { name: NAME_PEEK_BUDGET, size: SIZE_PEEK_BUDGET };
}

const SECRET_FILE_NAMES: ReadonlySet<string> = new Set([
  '.env',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.my.cnf',
  '.htpasswd',
  '.s3cfg',
  '.boto',
  '.dockercfg',
  '.vault-token',
  '.terraformrc',
  'credentials.json',
  'credentials.yml',
  'credentials.yaml',
  'secrets.json',
  'secrets.yml',
  'secrets.yaml',
  'service-account.json',
  'terraform.tfvars',
  'wp-config.php',
]);

const SECRET_FILE_PREFIXES: readonly string[] = ['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', '.env.', 'ssh_host_'];

const SECRET_FILE_SUFFIXES: readonly string[] = [
  '.pem',
  '.key',
  '.p12',
  '.pfx',
  '.jks',
  '.keystore',
  '.ppk',
  '.asc',
  '.gpg',
  '.kdbx',
  '.ovpn',
  '.tfstate',
];

/** Files whose directory decides: `~/.aws/credentials`, `~/.docker/config.json`, `~/.kube/config`. */
const SECRET_PATH_ENDINGS: readonly string[] = [
  '/.docker/config.json',
  '/.aws/credentials',
  '/.aws/config',
  '/.kube/config',
  '/.config/gcloud/credentials.db',
  '/.config/gcloud/application_default_credentials.json',
  '/.azure/accesstokens.json',
  '/.config/gh/hosts.yml',
  '/.composer/auth.json',
  '/.gem/credentials',
  '/.cargo/credentials',
  '/.cargo/credentials.toml',
  '/.m2/settings.xml',
  '/.gradle/gradle.properties',
  '/.nuget/NuGet/NuGet.Config',
];

/** Trees a package manager fills; their small files are not peeked (named ones still are). */
const PACKAGE_TREES: readonly string[] = [
  '/usr/',
  '/lib/',
  '/lib32/',
  '/lib64/',
  '/libx32/',
  '/bin/',
  '/sbin/',
  '/boot/',
  '/opt/conda/pkgs/',
  '/var/lib/dpkg/',
  '/var/lib/apt/',
  '/var/lib/rpm/',
  '/var/cache/',
  '/var/log/',
  '/proc/',
  '/sys/',
  '/dev/',
];
const PACKAGE_DIR_NAMES: readonly string[] = ['/node_modules/', '/site-packages/', '/dist-packages/', '/vendor/', '/.git/', '/__pycache__/', '/gems/'];

const LOCAL_CONFIG_TREES: readonly string[] = ['/usr/local/etc/', '/usr/local/bin/', '/usr/local/sbin/'];

/** Files the reader needs the content of itself. */
const ALWAYS_PEEKED: ReadonlySet<string> = new Set(['/etc/os-release', '/usr/lib/os-release']);

export function peekReason(path: string, size: number): PeekReason | undefined {
  if (ALWAYS_PEEKED.has(path) || hasSecretName(path)) return 'name';
  if (size > SMALL_FILE_BYTES) return undefined;
  // Under /usr, only what an image's own build put in /usr/local/etc and /usr/local/bin (entrypoint scripts).
  if (!LOCAL_CONFIG_TREES.some((tree) => path.startsWith(tree)) && PACKAGE_TREES.some((tree) => path.startsWith(tree))) return undefined;
  if (PACKAGE_DIR_NAMES.some((dir) => path.includes(dir))) return undefined;
  return 'size';
}

export function hasSecretName(path: string): boolean {
  const name = baseName(path);
  if (SECRET_FILE_NAMES.has(name)) return true;
  if (SECRET_FILE_PREFIXES.some((prefix) => name.startsWith(prefix))) return true;
  const lower = name.toLowerCase();
  if (SECRET_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return true;
  return SECRET_PATH_ENDINGS.some((ending) => path.endsWith(ending));
}

/**
 * The text kept for a file, or undefined when it should not be kept: a file
 * kept for its size that turns out to be binary (a NUL byte) says nothing a
 * secret rule can read.
 */
export function peekText(bytes: Buffer, reason: PeekReason): string | undefined {
  const head = bytes.subarray(0, PEEK_BYTES);
  if (reason === 'size' && head.includes(0)) return undefined;
  return head.toString('utf8');
}

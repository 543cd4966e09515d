import type { KeyValueFact, ShellCommand, ShellWord } from '../../facts/build.js';
import type { Location } from '../../facts/location.js';
import { effective, flagTokens, instructionsWith, optionTokens, positionals, runCommands, type EffectiveCommand } from '../helpers/shell.js';
import { buildRule } from '../rule.js';
import { own } from '../helpers/own.js';

type Check = 'TLS certificate checks' | 'package signature checks';

interface Switch {
  /** The setting as written: `curl -k`, `PYTHONHTTPSVERIFY=0`. */
  what: string;
  turnsOff: Check;
  at: Location;
}

const TLS: Check = 'TLS certificate checks';
const SIGNATURES: Check = 'package signature checks';
const FALSE = /^(false|0|no|off)$/i;
const TRUE = /^(true|1|yes|on)$/i;

/** Environment variables that switch checks off, with the values that do it. */
const ENVIRONMENT: { name: string; disables: (value: string) => boolean; turnsOff: Check }[] = [
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED', disables: (v) => v === '0', turnsOff: TLS },
  { name: 'PYTHONHTTPSVERIFY', disables: (v) => v === '0', turnsOff: TLS },
  // git disables verification when the variable is set at all.
  { name: 'GIT_SSL_NO_VERIFY', disables: (v) => v !== '', turnsOff: TLS },
  { name: 'NPM_CONFIG_STRICT_SSL', disables: (v) => FALSE.test(v), turnsOff: TLS },
  { name: 'PIP_TRUSTED_HOST', disables: (v) => v !== '', turnsOff: TLS },
  { name: 'GOINSECURE', disables: (v) => v !== '', turnsOff: TLS },
];

function environmentSwitch(name: string, value: string, at: Location): Switch | undefined {
  const known = ENVIRONMENT.find((e) => e.name === name);
  return known?.disables(value.trim()) ? { what: `${name}=${value}`, turnsOff: known.turnsOff, at } : undefined;
}

function flagSwitches(command: ShellCommand, label: string, turnsOff: Check, ...names: string[]): Switch[] {
  return flagTokens(command, ...names).map((t) => ({ what: `${label} ${t.name}`, turnsOff, at: t.word.at }));
}

/** `-o Acquire::https::Verify-Peer=false`, `--setopt=sslverify=0`: option values that switch checks off. */
function settingSwitches(command: ShellCommand, label: string, names: string[], settings: [RegExp, RegExp, Check][]): Switch[] {
  return optionTokens(command).flatMap((token) => {
    if (token.kind !== 'flag' || !names.includes(token.name) || token.value === undefined) return [];
    const [key, value = ''] = token.value.split('=');
    const match = settings.find(([k, v]) => k.test(key ?? '') && v.test(value.replace(/^["']|["']$/g, '')));
    return match ? [{ what: `${label} ${token.name} ${token.value}`, turnsOff: match[2], at: token.word.at }] : [];
  });
}

const APT_SETTINGS: [RegExp, RegExp, Check][] = [
  [/^Acquire::https(::[^:]+)?::Verify-(Peer|Host)$/i, FALSE, TLS],
  [/^APT::Get::AllowUnauthenticated$/i, TRUE, SIGNATURES],
  [/^Acquire::AllowInsecureRepositories$/i, TRUE, SIGNATURES],
];
const YUM_SETTINGS: [RegExp, RegExp, Check][] = [
  [/^([\w.-]+\.)?sslverify$/i, FALSE, TLS],
  [/^([\w.-]+\.)?(gpgcheck|repo_gpgcheck)$/i, FALSE, SIGNATURES],
];

/** `git config --global http.sslVerify false`, `npm config set strict-ssl false`: a key set to a value that disables a check. */
function configSetting(words: string[], key: RegExp): boolean {
  const [name, value] = words[0]?.includes('=') ? (words[0].split('=') as [string, string]) : [words[0] ?? '', words[1] ?? ''];
  return key.test(name) && FALSE.test(value.replace(/^["']|["']$/g, ''));
}

/**
 * True when every package named is a file already in the build (`/tmp/pkgs/*.apk`, `./x.rpm`),
 * typically built by an earlier stage: skipping signatures for packages one built oneself downloads nothing.
 */
function installsLocalFilesOnly(command: EffectiveCommand): boolean {
  const words = positionals(command).map((w) => w.value);
  const packages = command.family === 'rpm' ? words : words.slice(1);
  return packages.length > 0 && packages.every((p) => !p.includes('://') && (p.includes('/') || /\.(apk|rpm)$/.test(p)));
}

function signatureSwitches(command: EffectiveCommand, label: string, ...names: string[]): Switch[] {
  return installsLocalFilesOnly(command) ? [] : flagSwitches(command, label, SIGNATURES, ...names);
}

const GIT_SSL_VERIFY = /^http(\..+)?\.sslverify$/i;

function gitSwitches(command: EffectiveCommand): Switch[] {
  const words = positionals(command).map((w) => w.value);
  const viaConfig = words[0] === 'config' && configSetting(words.slice(1), GIT_SSL_VERIFY);
  return [
    ...settingSwitches(command, 'git', ['-c'], [[GIT_SSL_VERIFY, FALSE, TLS]]),
    ...(viaConfig ? [{ what: 'git config http.sslVerify false', turnsOff: TLS, at: command.at }] : []),
  ];
}

function pipSwitches(command: EffectiveCommand): Switch[] {
  const words = positionals(command).map((w) => w.value);
  const viaConfig = words[0] === 'config' && words[1] === 'set' && /trusted-host$/.test(words[2] ?? '');
  return [
    ...flagSwitches(command, 'pip', TLS, '--trusted-host'),
    ...(viaConfig ? [{ what: 'pip config set trusted-host', turnsOff: TLS, at: command.at }] : []),
  ];
}

/** npm, yarn and pnpm: `config set strict-ssl false`, `set strict-ssl=false`, `--strict-ssl=false`. */
function npmSwitches(command: EffectiveCommand): Switch[] {
  const words = positionals(command).map((w) => w.value);
  const setArgs = words[0] === 'set' ? words.slice(1) : ['config', 'c'].includes(words[0] ?? '') && words[1] === 'set' ? words.slice(2) : [];
  const viaConfig = configSetting(setArgs, /^["']?strict-ssl["']?$/);
  const viaFlag = flagTokens(command, '--strict-ssl').filter((t) => FALSE.test(t.value ?? ''));
  return [
    ...(viaConfig ? [{ what: `${command.name} config set strict-ssl false`, turnsOff: TLS, at: command.at }] : []),
    ...viaFlag.map((t) => ({ what: `${command.name} --strict-ssl=false`, turnsOff: TLS, at: t.word.at })),
  ];
}

/** Per program family, the switches its command line can turn on. */
const COMMAND_SWITCHES: Record<string, (command: EffectiveCommand) => Switch[]> = {
  curl: (c) => flagSwitches(c, 'curl', TLS, '-k', '--insecure', '--proxy-insecure'),
  wget: (c) => flagSwitches(c, 'wget', TLS, '--no-check-certificate'),
  git: gitSwitches,
  pip: pipSwitches,
  npm: npmSwitches,
  yarn: npmSwitches,
  pnpm: npmSwitches,
  apk: (c) => signatureSwitches(c, 'apk', '--allow-untrusted'),
  'apt-get': (c) => [
    ...flagSwitches(c, c.name, SIGNATURES, '--allow-unauthenticated', '--allow-insecure-repositories', '--force-yes'),
    ...settingSwitches(c, c.name, ['-o', '--option'], APT_SETTINGS),
  ],
  yum: (c) => [...signatureSwitches(c, c.name, '--nogpgcheck'), ...settingSwitches(c, c.name, ['--setopt'], YUM_SETTINGS)],
  'yum-config-manager': (c) => settingSwitches(c, c.name, ['--setopt'], YUM_SETTINGS),
  rpm: (c) => signatureSwitches(c, 'rpm', '--nosignature', '--nodigest', '--nofiledigest'),
};

function exportedSwitch(word: ShellWord): Switch | undefined {
  const eq = word.value.indexOf('=');
  return eq > 0 ? environmentSwitch(word.value.slice(0, eq), word.value.slice(eq + 1), word.at) : undefined;
}

/** `VAR=0 cmd`, `env VAR=0 cmd`, `export VAR=0`. */
function assignedSwitches(command: EffectiveCommand): Switch[] {
  const exports = command.name === 'export' || command.name === 'declare';
  if (command.assignments.length === 0 && !exports) return [];
  const assignments = command.assignments.map((a) => environmentSwitch(a.name, a.value, command.at));
  const exported = exports ? command.args.map(exportedSwitch) : [];
  return [...assignments, ...exported].filter((s): s is Switch => s !== undefined);
}

function pairSwitch(keyword: string, pair: KeyValueFact): Switch | undefined {
  const found = pair.value === undefined ? undefined : environmentSwitch(pair.name, pair.value, pair.at);
  return found && { ...found, what: `${keyword} ${found.what}` };
}

export default buildRule({
  meta: {
    id: 'no-insecure-download',
    title: 'Certificate or signature checks turned off',
    severity: 'high',
    reads: 'build',
    cis: [],
    equivalents: {
      checkov: 'CKV2_DOCKER_2, CKV2_DOCKER_3, CKV2_DOCKER_4, CKV2_DOCKER_5, CKV2_DOCKER_6, CKV2_DOCKER_7, CKV2_DOCKER_8, CKV2_DOCKER_9, CKV2_DOCKER_10, CKV2_DOCKER_13, CKV2_DOCKER_14',
    },
    docs: {
      why:
        'TLS certificate checks are what make an https download come from the server it names, and package signatures are what make a package come from its distribution. ' +
        'Switching them off (`curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, `apk --allow-untrusted`, `apt-get --allow-unauthenticated`, `dnf --nogpgcheck`, `NODE_TLS_REJECT_UNAUTHORIZED=0`...) ' +
        'lets anyone on the network path, or a compromised mirror, hand the build whatever they like. Set through ENV, the switch also stays on in every container started from the image. ' +
        'Skipping signatures for package files that are already in the build (for example built by an earlier stage) downloads nothing and is not reported.',
      fix:
        'Remove the switch and fix the cause instead: install the corporate or proxy CA into the image (`COPY corp-ca.crt /usr/local/share/ca-certificates/` then `update-ca-certificates`), ' +
        'point tools at it (`PIP_CERT`, `NODE_EXTRA_CA_CERTS`, `GIT_SSL_CAINFO`), and import the repository signing key rather than skipping signature checks.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nRUN curl -fsSLk https://example.com/tool.tgz | tar -xz -C /usr/local/bin',
          good: 'FROM alpine:3.20\nCOPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates && curl -fsSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin',
        },
        { kind: 'dockerfile', bad: 'FROM node:20-slim\nENV NODE_TLS_REJECT_UNAUTHORIZED=0', good: 'FROM node:20-slim\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp-ca.pem' },
      ],
    },
  },
  check(facts, { report }) {
    const reportSwitch = (found: Switch): void =>
      report({
        message: `${found.what} turns off ${found.turnsOff}: what is downloaded can be replaced in transit`,
        at: found.at,
        fix: { description: 'remove the switch and install the CA certificate or signing key that is missing' },
      });
    for (const { command } of runCommands(facts)) {
      const seen = effective(command);
      // Loops rather than spreading into a new array: this runs for every command, and most report nothing.
      const switches = own(COMMAND_SWITCHES, seen.family);
      if (switches) for (const found of switches(seen)) reportSwitch(found);
      for (const found of assignedSwitches(seen)) reportSwitch(found);
    }
    for (const { instruction } of instructionsWith(facts, 'ENV', 'ARG')) {
      instruction.pairs.map((pair) => pairSwitch(instruction.keyword, pair)).forEach((found) => found && reportSwitch(found));
    }
  },
});


import type { InstructionFacts, ShellCommand } from '../../facts/build.js';
import type { Located } from '../../facts/location.js';
import type { Severity } from '../../facts/finding.js';
import { effective, flagTokens, hasFlag, instructionFlag, instructionsWith, positionals, subcommand, type EffectiveCommand } from '../helpers/shell.js';
import { buildRule } from '../rule.js';

const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|host\.docker\.internal)$/i;

/** The host of a plain `http://` URL, or undefined when the text is not one (or names this machine). */
export function plainHttpHost(text: string): string | undefined {
  const match = /^http:\/\/([^/?#]*)/i.exec(text.trim());
  if (!match) return undefined;
  const authority = (match[1] ?? '').replace(/^[^@]*@/, '');
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d*$/, '');
  return LOCAL_HOSTS.test(host) ? undefined : host;
}

interface Target extends Located<string> {
  severity?: Severity;
}

/** The words a command fetches from: URLs it downloads, clones, or installs packages from. */
function fetchTargets(command: EffectiveCommand): Target[] {
  switch (command.family) {
    case 'curl':
      return [...positionals(command), ...flagWords(command, '--url')];
    case 'wget':
      return positionals(command);
    case 'git':
      return ['clone', 'fetch', 'pull', 'ls-remote', 'remote', 'submodule'].includes(subcommand(command) ?? '') ? positionals(command) : [];
    case 'pip':
      return subcommand(command) === 'install'
        ? [...positionals(command), ...flagWords(command, '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-r', '--requirement')]
        : [];
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return [...flagWords(command, '--registry'), ...registrySetting(command)];
    case 'apk':
      // apk checks the signature of the index it downloads: plain http exposes what is installed, and allows replaying old indexes.
      return flagWords(command, '-X', '--repository').map((t) => ({ ...t, severity: 'low' }));
    default:
      return [];
  }
}

/** Option values, located at the option's word (`--index-url=http://x`) or the value's word. */
function flagWords(command: ShellCommand, ...names: string[]): Located<string>[] {
  const valueWords = new Map(command.args.map((word) => [word.value, word]));
  return flagTokens(command, ...names).flatMap((token) =>
    token.value === undefined ? [] : [{ value: token.value, at: (valueWords.get(token.value) ?? token.word).at }],
  );
}

/** `npm config set registry http://...` or `npm config set registry=http://...`. */
function registrySetting(command: ShellCommand): Located<string>[] {
  const words = positionals(command);
  if (words[0]?.value !== 'config' || words[1]?.value !== 'set') return [];
  const [key, value] = [words[2], words[3]];
  if (key?.value.startsWith('registry=')) return [{ value: key.value.slice('registry='.length), at: key.at }];
  return key?.value === 'registry' && value ? [value] : [];
}

/** A RUN that checks a checksum or a signature of what it fetched: tampering only makes the build fail. */
function verifiesDownloads(instruction: InstructionFacts): boolean {
  return (instruction.shell?.commands ?? []).map(effective).some(
    (command) =>
      (/^sha(1|224|256|384|512)sum$/.test(command.name) && hasFlag(command, '-c', '--check')) ||
      command.name === 'gpgv' ||
      (['gpg', 'gpg2'].includes(command.name) && hasFlag(command, '--verify')),
  );
}

export default buildRule({
  meta: {
    id: 'no-http-download',
    title: 'Build downloads over plain HTTP',
    severity: 'medium',
    reads: 'build',
    cis: [],
    docs: {
      why:
        'Anything fetched over http:// can be read and rewritten by whoever sits on the network path: a proxy, a rogue Wi-Fi access point, a compromised CI network. ' +
        'A download that lands in the image, or a package index a build installs from, is then under their control, and nothing in the build notices.',
      fix:
        'Use the https:// address; nearly every mirror and registry offers one. If a source only serves http, verify what you fetched before using it ' +
        '(`sha256sum -c`, `gpg --verify`, or `ADD --checksum=sha256:...`). Downloads from localhost are not reported.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nRUN wget -O /tmp/tool.tgz http://downloads.example.com/tool-1.2.tgz',
          good: 'FROM alpine:3.20\nRUN wget -O /tmp/tool.tgz https://downloads.example.com/tool-1.2.tgz',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir --index-url http://pypi.internal/simple app',
          good: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir --index-url https://pypi.internal/simple app',
        },
      ],
    },
  },
  check(facts, { report }) {
    const reportTarget = (target: Target): void => {
      const host = plainHttpHost(target.value);
      if (!host) return;
      report({
        message: `download from ${host} over plain http://: it can be read and altered in transit`,
        at: target.at,
        ...(target.severity ? { severity: target.severity } : {}),
        fix: { description: 'use the https:// address, or verify a checksum of what is fetched' },
      });
    };
    // Asked once per RUN, not once per command: it reads every command of the RUN.
    for (const { instruction } of instructionsWith(facts, 'RUN')) {
      if (verifiesDownloads(instruction)) continue;
      for (const command of instruction.shell?.commands ?? []) fetchTargets(effective(command)).forEach(reportTarget);
    }
    for (const { instruction } of instructionsWith(facts, 'ADD')) {
      if (instructionFlag(instruction, 'checksum')) continue;
      instruction.args.slice(0, -1).forEach(reportTarget);
    }
  },
});


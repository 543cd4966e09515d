import { effective, instructionsWith, positionals, subcommand, type EffectiveCommand } from '../helpers/shell.js';
import { buildRule } from '../rule.js';
import { own } from '../helpers/own.js';

/** Per package manager family: the subcommands that refresh the index, and those that then use it. */
const MANAGERS: Record<string, { refresh: string[]; use: string[] }> = {
  'apt-get': { refresh: ['update'], use: ['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download'] },
  apk: { refresh: ['update'], use: ['add', 'upgrade', 'fix', 'fetch'] },
  yum: { refresh: ['makecache'], use: ['install', 'groupinstall', 'localinstall', 'reinstall', 'upgrade', 'update', 'distro-sync', 'group', 'module', 'download'] },
  zypper: { refresh: ['refresh', 'ref'], use: ['in', 'install', 'up', 'update', 'dup', 'dist-upgrade', 'patch', 'si', 'source-install'] },
};

/**
 * Commands that cannot install anything themselves. A RUN that refreshes an
 * index and runs anything else (a script, make) might install through it.
 */
const HARMLESS = new Set(['set', 'echo', 'printf', 'true', ':', 'rm', 'mkdir', 'ln', 'cp', 'mv', 'cd', 'export', 'sed', 'tee', 'cat', 'chmod', 'chown', 'touch', 'apt-key', 'gpg', 'curl', 'wget', 'ls', 'test', '[']);

function refreshes(command: EffectiveCommand): boolean {
  return own(MANAGERS, command.family)?.refresh.includes(subcommand(command) ?? '') ?? false;
}

/** True when the command is the manager using its index, or something that might install packages. */
function usesIndexOrMight(command: EffectiveCommand, family: string): boolean {
  if (command.family !== family) return !HARMLESS.has(command.name) && !(command.family in MANAGERS);
  const words = positionals(command).map((w) => w.value);
  return words.some((word) => own(MANAGERS, family)?.use.includes(word));
}

export default buildRule({
  meta: {
    id: 'no-update-alone',
    title: 'Package index refreshed in a RUN of its own',
    severity: 'low',
    reads: 'build',
    cis: ['4.7'],
    equivalents: { trivy: 'DS017', checkov: 'CKV_DOCKER_5' },
    docs: {
      why:
        'The builder caches each RUN by its text. A RUN that only refreshes the package index (`apt-get update`, `apk update`) is reused from cache for months, ' +
        'so the install in the next RUN reads a stale index: it misses security updates, or fails when the mirror has dropped the old versions. ' +
        'The index also stays in that layer even if a later RUN deletes it.',
      fix:
        'Refresh and install in the same RUN, and clean up there too: `RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*`. ' +
        'On Alpine, `apk add --no-cache` needs no separate update at all.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
          good: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const { instruction } of instructionsWith(facts, 'RUN')) {
      const commands = (instruction.shell?.commands ?? []).map(effective);
      for (const refresh of commands.filter(refreshes)) {
        if (commands.some((c) => usesIndexOrMight(c, refresh.family))) continue;
        report({
          message: `${refresh.name} ${subcommand(refresh) ?? ''} runs without an install in the same RUN: the cached layer will serve a stale index to later steps`,
          at: refresh.at,
          fix: { description: 'move the update into the RUN that installs packages' },
        });
        break;
      }
    }
  },
});

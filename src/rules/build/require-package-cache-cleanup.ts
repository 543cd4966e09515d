import type { BuildFacts, InstructionFacts, StageFacts } from '../../facts/build.js';
import {
  effective,
  hasFlag,
  instructionsOf,
  mountsCacheOn,
  positionals,
  shippedStages,
  stageChain,
  subcommand,
  type EffectiveCommand,
} from '../helpers/shell.js';
import { buildRule, type RuleContext } from '../rule.js';

/** What one package manager leaves behind, and what removes it. */
interface PackageCache {
  /** Commands that fill the cache. */
  fills(command: EffectiveCommand): boolean;
  /** Commands that empty it (or make the filling command not keep it). */
  cleans(command: EffectiveCommand): boolean;
  /** Where the cache lives; a cache or tmpfs mount on it keeps it out of the layer. */
  directories: string[];
  /** What is left behind, for messages. */
  leaves: string;
  /** What to add to the RUN. */
  advice: string;
}

function removes(command: EffectiveCommand, ...paths: string[]): boolean {
  const deletes = command.name === 'rm' || (command.name === 'find' && command.args.some((a) => a.value === '-delete'));
  return deletes && command.args.some((a) => paths.some((path) => a.value === path || a.value.startsWith(`${path}/`) || a.value.startsWith(`${path}*`)));
}

const APT_LISTS = '/var/lib/apt/lists';
const YUM_CACHES = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/microdnf', '/var/cache/tdnf'];
const PIP_CACHES = ['/root/.cache/pip', '/root/.cache', '~/.cache/pip', '~/.cache', '$HOME/.cache/pip', '${HOME}/.cache/pip', '$HOME/.cache', '${HOME}/.cache'];

const apt: PackageCache = {
  fills: (c) => c.family === 'apt-get' && ['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep'].includes(subcommand(c) ?? ''),
  // `apt-get dist-clean` (apt 2.7+) removes the lists as well as the archives; `apt-get clean` does not.
  cleans: (c) => removes(c, APT_LISTS) || (c.family === 'apt-get' && ['dist-clean', 'distclean'].includes(subcommand(c) ?? '')),
  directories: [APT_LISTS],
  leaves: 'the package lists',
  advice: '`rm -rf /var/lib/apt/lists/*`',
};

const apk: PackageCache = {
  fills: (c) => c.family === 'apk' && ['add', 'upgrade'].includes(subcommand(c) ?? '') && !hasFlag(c, '--no-cache', '--no-network'),
  cleans: (c) => removes(c, '/var/cache/apk', '/etc/apk/cache') || (c.family === 'apk' && subcommand(c) === 'cache' && positionals(c)[1]?.value === 'clean'),
  directories: ['/var/cache/apk', '/etc/apk/cache'],
  leaves: 'the package index',
  advice: '`--no-cache` to apk add',
};

const YUM_FILLING = ['install', 'groupinstall', 'localinstall', 'reinstall', 'upgrade', 'update', 'upgrade-minimal', 'update-minimal', 'distro-sync'];

const yum: PackageCache = {
  fills: (c) => {
    if (c.family !== 'yum') return false;
    const [first, second] = positionals(c).map((w) => w.value);
    return YUM_FILLING.includes(first ?? '') || (['group', 'module'].includes(first ?? '') && second === 'install');
  },
  cleans: (c) => (c.family === 'yum' && subcommand(c) === 'clean') || removes(c, ...YUM_CACHES),
  directories: YUM_CACHES,
  leaves: 'the repository metadata',
  advice: '`<yum|dnf|microdnf> clean all`',
};

const zypper: PackageCache = {
  fills: (c) => c.family === 'zypper' && ['in', 'install', 'up', 'update', 'dup', 'dist-upgrade', 'patch', 'si', 'source-install'].includes(subcommand(c) ?? ''),
  cleans: (c) => (c.family === 'zypper' && ['clean', 'cc'].includes(subcommand(c) ?? '')) || removes(c, '/var/cache/zypp'),
  directories: ['/var/cache/zypp'],
  leaves: 'the repository cache',
  advice: '`zypper clean --all`',
};

const pip: PackageCache = {
  fills: (c) => c.family === 'pip' && subcommand(c) === 'install' && !hasFlag(c, '--no-cache-dir') && !c.assignments.some((a) => a.name === 'PIP_NO_CACHE_DIR' && a.value !== ''),
  cleans: (c) =>
    (c.family === 'pip' && subcommand(c) === 'cache' && positionals(c)[1]?.value === 'purge') ||
    removes(c, ...PIP_CACHES) ||
    (c.name === 'export' && c.args.some((a) => /^PIP_NO_CACHE_DIR=./.test(a.value))),
  directories: ['/root/.cache/pip'],
  leaves: 'the download cache',
  advice: '`--no-cache-dir` to pip install (or ENV PIP_NO_CACHE_DIR=1)',
};

const MANAGERS = { apt, apk, yum, zypper, pip };

/** True when ENV or ARG in the stage or the stages it builds on sets the variable. */
function stageSets(chain: StageFacts[], name: string): boolean {
  return chain.some((stage) =>
    stage.instructions.some((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && i.pairs.some((p) => p.name === name && (p.value ?? '') !== '')),
  );
}

/** True when an `apt-get update` left package lists in a layer before this instruction, or runs in it. */
function aptListsPresent(commands: EffectiveCommand[], listsLeftEarlier: boolean): boolean {
  return listsLeftEarlier || commands.some((c) => c.family === 'apt-get' && subcommand(c) === 'update');
}

export default buildRule({
  meta: {
    id: 'require-package-cache-cleanup',
    title: 'Package manager cache left in the image',
    severity: 'low',
    reads: 'build',
    cis: [],
    equivalents: { hadolint: 'DL3009, DL3019, DL3032, DL3040, DL3036, DL3042' },
    docs: {
      why:
        'Package indexes and downloaded packages that stay behind after an install are baked into the layer for good: deleting them in a later RUN only hides them. ' +
        'They make every pull and scan slower, and stale indexes tempt later steps into installing from outdated metadata. ' +
        'Only stages that end up in the image are checked; a builder stage used through COPY --from is not. Upgrading packages is fine: the finding is about the cache left behind.',
      fix:
        'Clean up in the same RUN that installs: `apt-get update && apt-get install -y ... && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache ...`, ' +
        '`dnf install -y ... && dnf clean all`, `zypper install -y ... && zypper clean --all`, `pip install --no-cache-dir ...`. ' +
        'A BuildKit cache mount on the cache directory (`RUN --mount=type=cache,target=/var/cache/apt ...`) also keeps it out of the image.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
          good: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*',
        },
        { kind: 'dockerfile', bad: 'FROM alpine:3.20\nRUN apk add curl', good: 'FROM alpine:3.20\nRUN apk add --no-cache curl' },
        { kind: 'dockerfile', bad: 'FROM python:3.12-slim\nRUN pip install flask', good: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask' },
      ],
    },
  },
  check(facts, { report }) {
    // Base stage first: package lists left by a stage are still there in the stages built on it.
    const state = { aptListsLeft: false };
    for (const stage of shippedStages(facts).reverse()) checkStage(facts, stage, state, report);
  },
});

function checkStage(facts: BuildFacts, stage: StageFacts, state: { aptListsLeft: boolean }, report: RuleContext['report']): void {
  const pipCacheOff = stageSets(stageChain(facts, stage), 'PIP_NO_CACHE_DIR');
  for (const instruction of instructionsOf(stage)) {
    if (instruction.keyword !== 'RUN') continue;
    const commands = (instruction.shell?.commands ?? []).map(effective);
    for (const [name, manager] of Object.entries(MANAGERS)) {
      if (name === 'pip' && pipCacheOff) continue;
      if (name === 'apt' && !aptListsPresent(commands, state.aptListsLeft)) continue;
      const filling = leftBehind(manager, commands, instruction);
      if (filling) {
        report({
          message: `${filling.name} ${subcommand(filling) ?? ''} leaves ${manager.leaves} in the layer: add ${manager.advice} in the same RUN`,
          at: filling.at,
          fix: { description: `add ${manager.advice} to the same RUN` },
        });
      }
    }
    state.aptListsLeft = aptListsPresent(commands, state.aptListsLeft) && !commands.some((c) => apt.cleans(c)) && !mountsCacheOn(instruction, APT_LISTS);
  }
}

/** The first command of the RUN that fills the manager's cache, when the RUN does not clean it. */
function leftBehind(manager: PackageCache, commands: EffectiveCommand[], instruction: InstructionFacts): EffectiveCommand | undefined {
  const filling = commands.find((c) => manager.fills(c));
  if (!filling) return undefined;
  if (commands.some((c) => manager.cleans(c))) return undefined;
  if (manager.directories.some((d) => mountsCacheOn(instruction, d))) return undefined;
  return filling;
}

import type { BuildFacts, StageFacts } from '../../facts/build.js';
import type { Located } from '../../facts/location.js';
import { effective, finalStage, instructionsOf, runCommands, stageChain } from '../helpers/shell.js';
import { buildRule, type ReportInput } from '../rule.js';

/** The user the image runs as, when the last USER names root by name or by id. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0]?.trim().toLowerCase();
  return name === 'root' || name === '0';
}

/** The last USER of the stage, or of the stages it builds on. */
function lastUser(facts: BuildFacts, stage: StageFacts): Located<string> | undefined {
  for (const current of stageChain(facts, stage)) {
    const users = instructionsOf(current, { triggers: false }).filter((i) => i.keyword === 'USER');
    const user = users[users.length - 1]?.args[0];
    if (user) return user;
  }
  return undefined;
}

/** Base images known to set a non-root USER themselves (distroless `:nonroot` tags). */
function baseSetsNonRootUser(image: string): boolean {
  const tag = image.slice(image.lastIndexOf('/') + 1).split('@')[0]?.split(':')[1] ?? '';
  return /(^|-)nonroot($|-)/.test(tag);
}

/** Windows images have no uid 0; their accounts are ContainerUser and ContainerAdministrator. */
function isWindowsBase(image: string): boolean {
  return /(^|\/)windows\/|nanoserver|servercore/i.test(image);
}

/** The image's entrypoint likely steps down from root with gosu, su-exec or setpriv. */
const PRIVILEGE_DROPPING_TOOLS = new Set(['gosu', 'su-exec', 'setpriv']);
const LONGEST_TOOL_NAME = 7;

function dropsPrivilegesAtStart(facts: BuildFacts, stage: StageFacts): boolean {
  for (const chained of stageChain(facts, stage)) {
    for (const { command } of runCommands(chained)) {
      if (PRIVILEGE_DROPPING_TOOLS.has(effective(command).name)) return true;
      // The length first: a Set must hash each word it is asked about, and most are long (URLs, paths, scripts).
      for (const arg of command.args) if (arg.value.length <= LONGEST_TOOL_NAME && PRIVILEGE_DROPPING_TOOLS.has(arg.value)) return true;
    }
  }
  return false;
}

export default buildRule({
  meta: {
    id: 'require-non-root-user',
    title: 'Image runs as root',
    severity: 'high',
    reads: 'build',
    cis: ['4.1'],
    equivalents: { hadolint: 'DL3002', trivy: 'DS002', checkov: 'CKV_DOCKER_3, CKV_DOCKER_8' },
    docs: {
      why:
        'Without a USER instruction, or when the last one names root, every container started from the image runs its process as uid 0. ' +
        'A bug in the application then hands the attacker root inside the container, which makes a kernel or runtime escape, ' +
        'or abuse of a mounted socket or volume, far easier. An image built FROM scratch still runs as uid 0 unless told otherwise.',
      fix:
        'Create an unprivileged account in the image and switch to it at the end of the final stage, for example ' +
        '`RUN useradd --system --uid 10001 app` then `USER app`. For scratch or distroless images, a numeric `USER 65532:65532` needs no passwd entry. ' +
        'If the entrypoint has to start as root and steps down with gosu or su-exec, suppress the finding with a comment saying so.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM node:20.11-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]',
          good: 'FROM node:20.11-slim\nCOPY . /app\nUSER node\nCMD ["node", "/app/server.js"]',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM python:3.12-slim\nUSER app\nRUN pip install --no-cache-dir flask\nUSER root',
          good: 'FROM python:3.12-slim\nUSER root\nRUN pip install --no-cache-dir flask\nUSER app',
        },
      ],
    },
  },
  check(facts, { report }) {
    const stage = finalStage(facts);
    if (!stage) return;
    const user = lastUser(facts, stage);
    if (user) {
      if (isRootUser(user.value)) {
        report({
          message: `the image runs as root: the last USER is "${user.value}"`,
          at: user.at,
          fix: { description: 'switch to an unprivileged user (USER name or USER uid:gid) at the end of the final stage' },
        });
      }
      return;
    }
    const base = stageChain(facts, stage).at(-1) ?? stage;
    if (baseSetsNonRootUser(base.from.image) || isWindowsBase(base.from.image)) return;
    report(noUserFinding(facts, stage, base));
  },
});

function noUserFinding(facts: BuildFacts, stage: StageFacts, base: StageFacts): ReportInput {
  const fix = { description: 'add a USER instruction with an unprivileged user to the final stage' };
  if (base.from.image.toLowerCase() === 'scratch') {
    return {
      message: 'the image is built FROM scratch with no USER: its program runs as uid 0; add a numeric USER such as 65532:65532',
      at: stage.from.at,
      severity: 'medium',
      fix,
    };
  }
  if (dropsPrivilegesAtStart(facts, stage)) {
    return {
      message: 'the final stage sets no USER, so the container starts as root (gosu/su-exec is installed: if the entrypoint steps down, say so in a suppression)',
      at: stage.from.at,
      severity: 'low',
      fix,
    };
  }
  return { message: 'the final stage sets no USER, so the container runs as root', at: stage.from.at, fix };
}

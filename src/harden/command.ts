import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { HardenCommandOptions } from '../cli/harden.js';
import { normalizeCapability } from '../facts/container-from-request.js';
import { DEFAULT_SETTINGS, type RuleSettings } from '../rules/rule.js';
import { findConfigFile } from '../scan/config.js';
import { kindFromName } from '../scan/discover.js';
import { composeEnv, decodeInput, readInputFile } from '../scan/scan.js';
import { parseBytes, parseNanoCpus } from '../sources/units.js';
import { VERSION } from '../version.js';
import { findCapability } from './data/capabilities.js';
import { hardenCompose, HardenInputError, readComposeServices } from './harden-compose.js';
import { lookUpImages } from './image-info.js';
import { DEFAULT_HARDEN_OPTIONS, planHardening, type Change, type HardenOptions, type HardenPlan } from './plan.js';
import { joinArgv } from '../sources/run-command/parse-run.js';

/** What the command printed or wrote, for the exit code of --check. */
type Changed = boolean;

/** `hullcheck harden`: reads the input, plans, and prints or writes the result. Returns whether anything changes. */
export async function runHarden(words: string[], cli: HardenCommandOptions): Promise<Changed> {
  const options = hardenOptions(cli);
  const first = words[0] ?? '';
  const isRunLine = words.length > 1 ? /^(sudo|env|\w+=.*|(.*\/)?(docker|podman|nerdctl))$/.test(first) : /^\s*(sudo\s+)?(\S*\/)?(docker|podman|nerdctl)\s/.test(first);
  if (!isRunLine && words.length > 1) throw new HardenInputError(`harden takes one Compose file (or one docker run line after --), not ${words.length} arguments`);
  return isRunLine ? hardenRunLine(words, cli, options) : hardenComposeFile(words[0] ?? '', cli, options);
}

function hardenOptions(cli: HardenCommandOptions): HardenOptions {
  const pidsLimit = Number(cli.pidsLimit);
  if (!Number.isInteger(pidsLimit) || pidsLimit < 1) throw new HardenInputError(`--pids-limit must be a whole number of at least 1, not ${cli.pidsLimit}`);
  if (!parseBytes(cli.memory)) throw new HardenInputError(`--memory must be a size such as 512m or 1g, not ${cli.memory}`);
  if (!parseNanoCpus(cli.cpus)) throw new HardenInputError(`--cpus must be a number of CPUs above 0 such as 0.5 or 2, not ${cli.cpus}`);
  const keepCaps = cli.keepCap.map(normalizeCapability);
  const unknown = keepCaps.find((cap) => !findCapability(cap));
  if (unknown) throw new HardenInputError(`--keep-cap ${unknown} is not a Linux capability (\`hullcheck explain cap\` lists them)`);
  const publicPorts = cli.public.map((port) => port.trim());
  const badPort = publicPorts.find((port) => !/^\d+$/.test(port));
  if (badPort !== undefined) throw new HardenInputError(`--public takes a port number, not ${badPort}`);
  return {
    ...DEFAULT_HARDEN_OPTIONS,
    aggressive: cli.aggressive === true,
    keepCaps,
    ...(cli.user ? { user: cli.user } : {}),
    publicPorts,
    pidsLimit,
    memory: cli.memory,
    cpus: cli.cpus,
  };
}

async function imagesFor(names: string[], cli: HardenCommandOptions) {
  const lookup = await lookUpImages(names, cli.engine ? (cli.host ? { host: cli.host } : {}) : false);
  if (lookup.note) process.stderr.write(`hullcheck: ${lookup.note}\n`);
  return lookup.images;
}

async function hardenComposeFile(file: string, cli: HardenCommandOptions, base: HardenOptions): Promise<Changed> {
  if (kindFromName(file) === 'dockerfile') {
    throw new HardenInputError(`${file} is a Dockerfile: harden rewrites Compose files and docker run lines (hullcheck scan checks Dockerfiles)`);
  }
  if (cli.write && cli.format === 'json') throw new HardenInputError('--write and --format json cannot be combined: --write prints the reasons as text');
  const fromStdin = file === '-';
  if (fromStdin && cli.write) throw new HardenInputError('--write needs a file; with `-` the hardened file is printed on standard output');
  const read = fromStdin ? decodeInput(readFileSync(0), '-') : readInputFile(resolve(file), file);
  if ('error' in read) throw new HardenInputError(`${read.error.file}: ${read.error.message}`);
  const env = fromStdin ? composeEnv(resolve('compose.yaml')) : composeEnv(resolve(file));
  const services = readComposeServices(read.text, file, env, cli.service);
  const images = await imagesFor(services.containers.flatMap((c) => (c.image ? [c.image.value] : [])), cli);
  const seccompPath = cli.seccomp ? profileReference(cli.seccomp, file) : undefined;
  const options = seccompPath ? { ...base, seccomp: seccompPath } : base;
  const result = hardenCompose(file, services, images, options, await ruleSettings(cli, dirname(resolve(file))));
  if (cli.seccomp) await writeProfile(cli.seccomp);
  const changed = result.text !== read.text;
  const patch = changed ? createTwoFilesPatch(`a/${file}`, `b/${file}`, read.text, result.text, undefined, undefined, { context: 3 }) : '';
  if (cli.format === 'json') {
    process.stdout.write(`${JSON.stringify({ version: VERSION, input: { kind: 'compose', file }, services: result.plans, ...(cli.seccomp ? { seccompProfile: cli.seccomp } : {}), diff: withoutIndexLine(patch) }, null, 2)}\n`);
    return changed;
  }
  if (fromStdin) {
    // A filter: `hullcheck harden - < compose.yaml > hardened.yaml`.
    process.stdout.write(result.text);
    if (!cli.quiet) process.stderr.write(explainPlans(result.plans));
    return changed;
  }
  if (cli.write) {
    if (changed) replaceFile(file, result.text);
    process.stdout.write(explainPlans(result.plans));
    process.stdout.write(changed ? `hullcheck: wrote ${file}\n` : `hullcheck: ${file} needs no change\n`);
    return changed;
  }
  process.stdout.write(withoutIndexLine(patch));
  if (!cli.quiet) process.stderr.write(explainPlans(result.plans));
  if (!changed) process.stderr.write(`hullcheck: ${file} needs no change\n`);
  return changed;
}

async function hardenRunLine(words: string[], cli: HardenCommandOptions, base: HardenOptions): Promise<Changed> {
  if (cli.write) throw new HardenInputError('--write applies to Compose files; for a docker run line the hardened command is printed');
  if (cli.service.length > 0) throw new HardenInputError('--service applies to Compose files, not to a docker run line');
  const text = words.length === 1 ? (words[0] as string) : joinArgv(words);
  const [{ parseRunCommand }, { rewriteRunLine }] = await Promise.all([
    import('../sources/run-command/parse-run.js'),
    import('./run-rewrite.js'),
  ]);
  const parsed = parseRunCommand(text, 'command-line');
  const error = parsed.errors[0];
  if (error || !parsed.container) throw new HardenInputError(`command line, column ${error?.column ?? 1}: ${error?.message ?? 'cannot read the command'}`);
  const facts = parsed.container;
  const images = await imagesFor(facts.image ? [facts.image.value] : [], cli);
  const image = facts.image ? images.get(facts.image.value) : undefined;
  const options = cli.seccomp ? { ...base, seccomp: cli.seccomp } : base;
  const settings = await ruleSettings(cli, process.cwd());
  const plan = planHardening({ facts, ...(image ? { image } : {}), command: facts.request.Cmd ?? [], options, settings });
  if (cli.seccomp) await writeProfile(cli.seccomp);
  const command = rewriteRunLine(text, plan);
  const changed = plan.changes.some((change) => change.op !== 'comment');
  if (cli.format === 'json') {
    process.stdout.write(`${JSON.stringify({ version: VERSION, input: { kind: 'run', command: text }, services: [plan], ...(cli.seccomp ? { seccompProfile: cli.seccomp } : {}), command }, null, 2)}\n`);
    return changed;
  }
  process.stdout.write(`${command}\n`);
  if (!cli.quiet) process.stderr.write(explainPlans([plan]));
  return changed;
}

/** Writes beside the file and renames over it, so an interrupted write never leaves half a file; keeps the mode. */
function replaceFile(file: string, text: string): void {
  const temporary = join(dirname(resolve(file)), `.${basename(file)}.hullcheck-${process.pid}`);
  try {
    writeFileSync(temporary, text, { mode: statSync(file).mode & 0o7777 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new HardenInputError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The rule settings of the config (--config, else .hullcheck.yaml upward from `start`), as scan would apply them. */
async function ruleSettings(cli: HardenCommandOptions, start: string): Promise<RuleSettings> {
  const file = cli.config ?? findConfigFile(start);
  if (!file) return DEFAULT_SETTINGS;
  const [{ loadConfig }, { rules }, findings] = await Promise.all([import('../scan/config-file.js'), import('../rules/index.js'), import('../scan/findings.js')]);
  return findings.ruleSettings(loadConfig(file, rules));
}

/** The profile as the Compose file should name it: relative to the file's directory. */
function profileReference(profile: string, composeFile: string): string {
  const path = relative(dirname(resolve(composeFile)), resolve(profile));
  return path.startsWith('..') || path.startsWith('/') ? resolve(profile) : `./${path}`;
}

async function writeProfile(path: string): Promise<void> {
  const { seccompProfile } = await import('./seccomp.js');
  writeFileSync(path, `${JSON.stringify(seccompProfile(), null, 2)}\n`);
  process.stderr.write(`hullcheck: wrote the seccomp profile ${path}\n`);
}

/** jsdiff starts with an `Index:` and a `====` line; patch tools and reviewers expect the `---`/`+++` header first. */
function withoutIndexLine(patch: string): string {
  return patch.replace(/^(Index: .*\n)?=+\n/, '').replace(/^(---|\+\+\+) (.*?)\t$/gm, '$1 $2');
}

export function describeChange(change: Change): string {
  switch (change.op) {
    case 'add': return `+ ${change.key}: ${change.items.join(', ')}`;
    case 'set': return `~ ${change.key}: ${String(change.value)}`;
    case 'bind-port': return `~ ports: ${change.port} on ${change.address}`;
    case 'replace': return `~ ${change.key}: ${change.from} -> ${change.to}`;
    case 'remove': return `- ${change.key}${change.item ? `: ${change.item}` : ''}`;
    case 'comment': return `# ${change.key}`;
  }
}

/** The changes and what was left, service by service, each with its reason. */
export function explainPlans(plans: HardenPlan[]): string {
  const lines: string[] = [];
  for (const plan of plans) {
    const source = plan.imageSource === 'engine' ? ' (image read from the engine)' : plan.imageSource === 'table' ? ' (image known to hullcheck)' : plan.image ? ' (image unknown)' : '';
    lines.push(`${plan.service}${plan.image ? `: ${plan.image}` : ''}${source}`);
    for (const change of plan.changes) lines.push(`  ${describeChange(change)}  (${change.reason})`);
    for (const kept of plan.kept) lines.push(`  left: ${kept.rule}  (${kept.reason})`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

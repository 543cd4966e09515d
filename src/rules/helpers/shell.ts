/**
 * Helpers for rules that read Dockerfiles, in the spirit of hadolint's shell
 * helpers: walk the RUN commands of a build, see through wrappers such as
 * `sudo` and `env`, and read a command's options the way its program would.
 */
import type { BuildFacts, InstructionFacts, ShellCommand, ShellWord, StageFacts } from '../../facts/build.js';
import type { Location } from '../../facts/location.js';

// ---------------------------------------------------------------------------
// Stages and instructions

/** The stage the image is made of: the last one. */
export function finalStage(facts: BuildFacts): StageFacts | undefined {
  return facts.stages[facts.stages.length - 1];
}

/** The stage, then the stages it builds on through `FROM <stage>`, nearest first. */
export function stageChain(facts: BuildFacts, stage: StageFacts): StageFacts[] {
  const chain: StageFacts[] = [];
  let current: StageFacts | undefined = stage;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = current.from.stageRef === undefined ? undefined : facts.stages[current.from.stageRef];
  }
  return chain;
}

/**
 * Stages whose layers end up in the image: the final stage and the stages it
 * builds on. Stages only copied from (`COPY --from`) are not among them.
 */
export function shippedStages(facts: BuildFacts): StageFacts[] {
  const last = finalStage(facts);
  return last ? stageChain(facts, last) : [];
}

/**
 * The instructions of a stage in order. ONBUILD triggers are given in place of
 * their ONBUILD instruction unless `triggers` is false, when they are skipped.
 */
export function instructionsOf(stage: StageFacts, options: { triggers?: boolean } = {}): readonly InstructionFacts[] {
  const withTriggers = options.triggers !== false;
  const cache = withTriggers ? caches.instructionsWithTriggers : caches.instructionsWithoutTriggers;
  let instructions = cache.get(stage);
  if (!instructions) {
    instructions = [];
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'ONBUILD') instructions.push(instruction);
      else if (instruction.onbuild && withTriggers) instructions.push(instruction.onbuild);
    }
    cache.set(stage, instructions);
  }
  return instructions;
}

// Every build rule walks the same stages and asks the same questions of the same
// commands: what is read from immutable facts is kept with them, as arrays rather than
// generators, which V8 runs several times slower.
interface DerivedCaches {
  instructionsWithTriggers: WeakMap<StageFacts, InstructionFacts[]>;
  instructionsWithoutTriggers: WeakMap<StageFacts, InstructionFacts[]>;
  commandsOfTarget: WeakMap<BuildFacts | StageFacts, RunCommand[]>;
  optionTokens: WeakMap<ShellCommand, OptionToken[]>;
  effective: WeakMap<ShellCommand, EffectiveCommand>;
}

function newCaches(): DerivedCaches {
  return {
    instructionsWithTriggers: new WeakMap(),
    instructionsWithoutTriggers: new WeakMap(),
    commandsOfTarget: new WeakMap(),
    optionTokens: new WeakMap(),
    effective: new WeakMap(),
  };
}

let caches = newCaches();

/**
 * Starts new, empty caches; runRules calls it before each input's facts. A WeakMap
 * that outlives many inputs ends up in V8's old space, and its entries then keep each
 * input's facts alive through young-generation collections: they were copied and
 * promoted instead of freed, which made garbage collection most of a scan's time.
 * Caches made per input die young with the facts they describe.
 */
export function startDerivedCaches(): void {
  caches = newCaches();
}

function stagesOf(target: BuildFacts | StageFacts): StageFacts[] {
  return 'kind' in target ? target.stages : [target];
}

/** Every instruction with one of the keywords, ONBUILD triggers included. */
export function* instructionsWith(
  target: BuildFacts | StageFacts,
  ...keywords: string[]
): Generator<{ stage: StageFacts; instruction: InstructionFacts }> {
  for (const stage of stagesOf(target)) {
    for (const instruction of instructionsOf(stage)) {
      if (keywords.includes(instruction.keyword)) yield { stage, instruction };
    }
  }
}

export interface RunCommand {
  stage: StageFacts;
  instruction: InstructionFacts;
  command: ShellCommand;
}

/** Every shell command of every RUN (ONBUILD RUN included), in source order. */
export function runCommands(target: BuildFacts | StageFacts): readonly RunCommand[] {
  let commands = caches.commandsOfTarget.get(target);
  if (!commands) {
    commands = [];
    for (const stage of stagesOf(target)) {
      for (const instruction of instructionsOf(stage)) {
        if (instruction.keyword !== 'RUN') continue;
        for (const command of instruction.shell?.commands ?? []) commands.push({ stage, instruction, command });
      }
    }
    caches.commandsOfTarget.set(target, commands);
  }
  return commands;
}

/** The value of `--name=value` on an instruction (`--checksum`, `--chmod`, `--from`). */
export function instructionFlag(instruction: InstructionFacts, name: string): string | null | undefined {
  const flag = instruction.flags.find((f) => f.name === name);
  return flag ? flag.value : undefined;
}

/** Parsed `RUN --mount=type=cache,target=/x` options, one record per `--mount`. */
export function mounts(instruction: InstructionFacts): Map<string, string>[] {
  return instruction.flags
    .filter((flag) => flag.name === 'mount' && flag.value)
    .map((flag) => new Map((flag.value ?? '').split(',').map((pair) => splitPair(pair))));
}

function splitPair(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  return eq < 0 ? [pair.trim().toLowerCase(), 'true'] : [pair.slice(0, eq).trim().toLowerCase(), pair.slice(eq + 1).trim()];
}

/** True when the RUN mounts a cache or tmpfs on the directory or one of its parents. */
export function mountsCacheOn(instruction: InstructionFacts, directory: string): boolean {
  return mounts(instruction).some((mount) => {
    const type = mount.get('type');
    const target = mount.get('target') ?? mount.get('dst') ?? mount.get('destination');
    return (type === 'cache' || type === 'tmpfs') && target !== undefined && isSameOrInside(directory, target);
  });
}

function isSameOrInside(path: string, directory: string): boolean {
  const dir = directory.replace(/\/+$/, '');
  return path === dir || path.startsWith(`${dir}/`);
}

// ---------------------------------------------------------------------------
// Options

/** Options that take their value as the next word (or the rest of a short group), per program. */
const VALUED_OPTIONS: Record<string, readonly string[]> = {
  'apt-get': ['-o', '-c', '-t', '-a', '--option', '--config-file', '--target-release', '--default-release', '--host-architecture'],
  apk: ['-X', '-p', '-t', '--repository', '--root', '--repositories-file', '--keys-dir', '--arch', '--cache-dir', '--virtual', '--cache-max-age'],
  yum: ['-c', '-d', '-e', '-x', '--config', '--installroot', '--releasever', '--setopt', '--exclude', '--enablerepo', '--disablerepo', '--repo', '--repoid', '--debuglevel', '--errorlevel'],
  zypper: ['-R', '-c', '-D', '-C', '-r', '--root', '--config', '--reposd-dir', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '--repo', '--from'],
  pip: [
    '-i', '-f', '-r', '-c', '-t', '-e', '-C',
    '--index-url', '--extra-index-url', '--find-links', '--requirement', '--constraint', '--target', '--prefix', '--root',
    '--trusted-host', '--editable', '--src', '--upgrade-strategy', '--platform', '--python-version', '--implementation',
    '--abi', '--only-binary', '--no-binary', '--progress-bar', '--cache-dir', '--log', '--proxy', '--retries', '--timeout',
    '--exists-action', '--cert', '--client-cert', '--python', '--config-settings',
  ],
  curl: [
    '-o', '-u', '-H', '-d', '-X', '-A', '-e', '-T', '-x', '-w', '-m', '-C', '-F', '-K', '-r', '-Y', '-y', '-z', '-b', '-c', '-D', '-E', '-Q', '-t', '-U',
    '--output', '--user', '--header', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--request', '--user-agent',
    '--referer', '--upload-file', '--proxy', '--write-out', '--max-time', '--continue-at', '--form', '--config', '--range',
    '--cookie', '--cookie-jar', '--dump-header', '--cert', '--key', '--cacert', '--capath', '--proxy-user', '--retry',
    '--retry-delay', '--retry-max-time', '--connect-timeout', '--output-dir', '--url', '--resolve', '--connect-to',
  ],
  wget: [
    '-O', '-o', '-a', '-e', '-i', '-B', '-t', '-T', '-w', '-Q', '-P', '-U', '-l', '-A', '-R', '-D', '-X', '-I',
    '--output-document', '--output-file', '--append-output', '--execute', '--input-file', '--base', '--tries', '--timeout',
    '--wait', '--quota', '--directory-prefix', '--user-agent', '--header', '--post-data', '--user', '--password',
    '--http-user', '--http-password', '--ca-certificate', '--certificate', '--referer', '--load-cookies', '--save-cookies',
  ],
  git: ['-c', '-C', '-b', '-o', '-u', '-j', '--git-dir', '--work-tree', '--namespace', '--branch', '--depth', '--origin', '--upload-pack', '--reference', '--separate-git-dir', '--jobs', '--filter', '--config', '--shallow-since', '--shallow-exclude', '--template'],
  npm: ['-w', '--registry', '--prefix', '--workspace', '--cache', '--userconfig', '--loglevel', '--tag', '--omit', '--include'],
  python: ['-c', '-m', '-W', '-X'],
  perl: ['-e', '-E', '-I', '-M'],
  ruby: ['-e', '-I', '-r'],
  node: ['-e', '-p', '-r', '--eval', '--print', '--require', '--import'],
  rpm: ['--root', '--dbpath', '--define', '-D'],
  sh: ['-o', '-O', '--rcfile', '--init-file'],
  mkdir: ['-m', '--mode', '--context'],
  install: ['-m', '-o', '-g', '-t', '-S', '--mode', '--owner', '--group', '--target-directory', '--suffix'],
};

const PROGRAM_FAMILY: [RegExp, string][] = [
  [/^python[\d.]*$/, 'python'],
  [/^pip[\d.]*$/, 'pip'],
  [/^nodejs$/, 'node'],
  [/^perl[\d.]*$/, 'perl'],
  [/^ruby[\d.]*$/, 'ruby'],
  [/^(apt|aptitude)$/, 'apt-get'],
  [/^(dnf|microdnf|tdnf|dnf5)$/, 'yum'],
  [/^(sh|bash|ash|dash|zsh|ksh|mksh)$/, 'sh'],
];

/**
 * The program family a name belongs to: `pip3.12` and `pip` are `pip`,
 * `python3` is `python`, `dnf` and `microdnf` read their options like `yum`,
 * `bash` and `dash` like `sh`.
 */
export function programFamily(name: string): string {
  let family = familyCache.get(name);
  if (family === undefined) {
    family = PROGRAM_FAMILY.find(([pattern]) => pattern.test(name))?.[1] ?? name;
    // Program names in real scripts are few; an odd file with thousands of distinct ones is not cached past a bound.
    if (familyCache.size < 10_000) familyCache.set(name, family);
  }
  return family;
}

const familyCache = new Map<string, string>();

export type OptionToken =
  | { kind: 'flag'; name: string; value?: string; word: ShellWord }
  | { kind: 'positional'; word: ShellWord };

/**
 * Reads a command's arguments as options and positionals. Short options may be
 * grouped (`-qy`); an option that takes a value takes the rest of its group or
 * the next word (`-o Acquire::x=1`, `-fsSLo file`); `--name=value` is split;
 * `--` ends the options.
 */
export function optionTokens(command: ShellCommand): OptionToken[] {
  let tokens = caches.optionTokens.get(command);
  if (!tokens) {
    tokens = readOptionTokens(command);
    caches.optionTokens.set(command, tokens);
  }
  return tokens;
}


const VALUED_SETS = new Map(Object.entries(VALUED_OPTIONS).map(([family, options]) => [family, new Set(options)]));
const NO_OPTIONS: ReadonlySet<string> = new Set();

function valuedOptions(family: string): ReadonlySet<string> {
  return VALUED_SETS.get(family) ?? NO_OPTIONS;
}

function readOptionTokens(command: ShellCommand): OptionToken[] {
  const valued = valuedOptions(programFamily(command.name));
  const tokens: OptionToken[] = [];
  const words = command.args;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as ShellWord;
    const text = word.value;
    if (text === '--') {
      for (const rest of words.slice(i + 1)) tokens.push({ kind: 'positional', word: rest });
      break;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      const next = eq < 0 && valued.has(name) ? words[++i] : undefined;
      const value = eq >= 0 ? text.slice(eq + 1) : next?.value;
      tokens.push({ kind: 'flag', name, word, ...(value !== undefined ? { value } : {}) });
    } else if (text.startsWith('-') && text.length > 1) {
      i = readShortGroup(words, i, valued, tokens);
    } else {
      tokens.push({ kind: 'positional', word });
    }
  }
  return tokens;
}

/** Reads `-abc` as `-a -b -c`, stopping at a letter whose option takes a value. Returns the last index read. */
function readShortGroup(words: ShellWord[], index: number, valued: ReadonlySet<string>, tokens: OptionToken[]): number {
  const word = words[index] as ShellWord;
  const text = word.value;
  for (let c = 1; c < text.length; c++) {
    const name = `-${text[c]}`;
    if (!valued.has(name)) {
      tokens.push({ kind: 'flag', name, word });
      continue;
    }
    const rest = text.slice(c + 1);
    if (rest !== '') {
      tokens.push({ kind: 'flag', name, value: rest, word });
      return index;
    }
    const next = words[index + 1];
    tokens.push({ kind: 'flag', name, word, ...(next ? { value: next.value } : {}) });
    return next ? index + 1 : index;
  }
  return index;
}

/** True when the command has any of the options, grouped (`-qy`) or with a value (`--flag=x`). */
export function hasFlag(command: ShellCommand, ...names: string[]): boolean {
  for (const token of optionTokens(command)) {
    if (token.kind === 'flag' && names.includes(token.name)) return true;
  }
  return false;
}

/** The values given to any of the options, in order. */
export function optionValues(command: ShellCommand, ...names: string[]): string[] {
  const values: string[] = [];
  for (const token of optionTokens(command)) {
    if (token.kind === 'flag' && token.value !== undefined && names.includes(token.name)) values.push(token.value);
  }
  return values;
}

/** The option tokens for any of the names, with the word they were read from. */
export function flagTokens(command: ShellCommand, ...names: string[]): Extract<OptionToken, { kind: 'flag' }>[] {
  return optionTokens(command).filter((t): t is Extract<OptionToken, { kind: 'flag' }> => t.kind === 'flag' && names.includes(t.name));
}

/** The arguments that are not options nor option values. */
export function positionals(command: ShellCommand): ShellWord[] {
  // A loop rather than flatMap: rules ask this of every command, and flatMap allocates an array per token.
  const words: ShellWord[] = [];
  for (const token of optionTokens(command)) {
    if (token.kind === 'positional') words.push(token.word);
  }
  return words;
}

/** The first positional argument: `install` in `apt-get -q -o X=1 install curl`. */
export function subcommand(command: ShellCommand): string | undefined {
  return positionals(command)[0]?.value;
}

/** True when any argument (literal or not) satisfies the test. */
export function hasArg(command: ShellCommand, test: (value: string) => boolean): boolean {
  return command.args.some((a) => test(a.value));
}

// ---------------------------------------------------------------------------
// Wrappers

interface WrapperSpec {
  /** Options that take the next word as their value. */
  valued: readonly string[];
  /** Words to skip after the options before the wrapped program (timeout's duration, gosu's user). */
  operands?: number;
  /** `NAME=value` words after the options set variables for the wrapped program. */
  assignments?: boolean;
  /** Options that make the wrapper do something other than run a program (`command -v`). */
  queries?: readonly string[];
}

const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    valued: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '-R', '--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--other-user', '--command-timeout', '--chroot'],
    assignments: true,
    queries: ['-l', '-v', '-k', '-K', '-V', '-e', '--list', '--validate', '--edit', '--version'],
  },
  env: { valued: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'], assignments: true },
  nice: { valued: ['-n', '--adjustment'] },
  nohup: { valued: [] },
  time: { valued: ['-f', '-o', '--format', '--output'] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], operands: 1 },
  xargs: { valued: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--eof', '--replace', '--max-lines', '--max-args', '--max-procs', '--max-chars'] },
  exec: { valued: ['-a'] },
  command: { valued: [], queries: ['-v', '-V'] },
  builtin: { valued: [] },
  ionice: { valued: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata'] },
  stdbuf: { valued: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  chroot: { valued: ['--userspec', '--groups'], operands: 1 },
  gosu: { valued: [], operands: 1 },
  'su-exec': { valued: [], operands: 1 },
  setpriv: { valued: ['--reuid', '--regid', '--groups', '--inh-caps', '--ambient-caps', '--bounding-set', '--securebits', '--selinux-label', '--apparmor-profile'] },
  unbuffer: { valued: [] },
};

// A Map finds only the table's own names (never Object.prototype's), and faster than a property test.
const WRAPPER_SPECS: ReadonlyMap<string, WrapperSpec> = new Map(Object.entries(WRAPPERS));

/** A command seen through its wrappers: `sudo -E env A=1 apt-get install x` is `apt-get install x`. */
export interface EffectiveCommand extends ShellCommand {
  /** Program family (`pip` for `pip3` and `python3 -m pip`, `yum` for `dnf`). */
  family: string;
  /** The wrappers looked through, outermost first: `['sudo', 'env']`. */
  wrappers: string[];
  /** Where the wrapped program's name is written. */
  programAt: Location;
}

/** The program a command really runs, looking through sudo, env, nice, nohup, time, timeout, xargs and similar. */
export function effective(command: ShellCommand): EffectiveCommand {
  let result = caches.effective.get(command);
  if (!result) {
    result = unwrapAll(command);
    caches.effective.set(command, result);
  }
  return result;
}

function unwrapAll(command: ShellCommand): EffectiveCommand {
  let current = effectiveCommand(command, command, { family: programFamily(command.name), wrappers: [], programAt: command.at });
  for (let depth = 0; depth < 8; depth++) {
    const next = unwrapOnce(current) ?? unwrapPythonModule(current);
    if (!next) break;
    current = next;
  }
  return current;
}

function unwrapOnce(command: EffectiveCommand): EffectiveCommand | undefined {
  const spec = WRAPPER_SPECS.get(command.name);
  if (!spec) return undefined;
  const words = command.args;
  let i = 0;
  while (i < words.length && isOption(words[i] as ShellWord)) {
    const option = (words[i] as ShellWord).value;
    if (option === '--') {
      i++;
      break;
    }
    if (spec.queries?.includes(option)) return undefined;
    i += spec.valued.includes(option) ? 2 : 1;
  }
  const assignments = [...command.assignments];
  while (spec.assignments && i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test((words[i] as ShellWord).value)) {
    const text = (words[i] as ShellWord).value;
    assignments.push({ name: text.slice(0, text.indexOf('=')), value: text.slice(text.indexOf('=') + 1) });
    i++;
  }
  i += spec.operands ?? 0;
  const program = words[i];
  if (!program) return undefined;
  return rewrap(command, program, words.slice(i + 1), assignments, command.name);
}

function isOption(word: ShellWord): boolean {
  return word.value.startsWith('-') && word.value.length > 1;
}

const PYTHON_VALUED = new Set(['-W', '-X']);

/** `python3 -m pip install x` is `pip install x`. */
function unwrapPythonModule(command: EffectiveCommand): EffectiveCommand | undefined {
  if (command.family !== 'python') return undefined;
  const words = command.args;
  let i = 0;
  while (i < words.length && isOption(words[i] as ShellWord) && (words[i] as ShellWord).value !== '-m') {
    i += PYTHON_VALUED.has((words[i] as ShellWord).value) ? 2 : 1;
  }
  const module = words[i + 1];
  if ((words[i] as ShellWord | undefined)?.value !== '-m' || !module) return undefined;
  return rewrap(command, module, words.slice(i + 2), command.assignments, `${command.name} -m`);
}

function rewrap(
  command: EffectiveCommand,
  program: ShellWord,
  args: ShellWord[],
  assignments: ShellCommand['assignments'],
  wrapper: string,
): EffectiveCommand {
  const name = program.value.slice(program.value.lastIndexOf('/') + 1);
  return effectiveCommand(
    command,
    { program: program.value, name, args, assignments },
    { family: programFamily(name), wrappers: [...command.wrappers, wrapper], programAt: program.at },
  );
}

type RunFields = Pick<ShellCommand, 'program' | 'name' | 'args' | 'assignments'>;
type WrapperFields = Pick<EffectiveCommand, 'family' | 'wrappers' | 'programAt'>;

/**
 * Builds the command property by property: spreading a command into a literal with extra
 * properties is a slow path in V8 and was the largest cost of the shell helpers.
 */
function effectiveCommand(command: ShellCommand, runs: RunFields, fields: WrapperFields): EffectiveCommand {
  const result: EffectiveCommand = {
    program: runs.program,
    name: runs.name,
    args: runs.args,
    assignments: runs.assignments,
    at: command.at,
    text: command.text,
    pipeline: command.pipeline,
    redirects: command.redirects,
    family: fields.family,
    wrappers: fields.wrappers,
    programAt: fields.programAt,
  };
  if ('nested' in command) result.nested = command.nested;
  if ('parent' in command) result.parent = command.parent;
  return result;
}

/** True when the command (seen through wrappers) runs one of the programs, by name or family. */
export function runsProgram(command: ShellCommand, ...names: string[]): boolean {
  const seen = effective(command);
  return names.includes(seen.name) || names.includes(seen.family);
}

// ---------------------------------------------------------------------------
// Words

/** True when `inner` lies within `outer` (both from the same file). */
export function isWithin(inner: Location, outer: Location): boolean {
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endLine = outer.endLine ?? outer.line;
  const endColumn = outer.endColumn ?? Number.POSITIVE_INFINITY;
  const endsBefore = inner.line < endLine || (inner.line === endLine && inner.column < endColumn);
  return startsAfter && endsBefore;
}

/** The argument of `command` whose text holds the nested command (`$(curl ...)` in `sh -c "$(curl ...)"`). */
export function argumentHolding(command: ShellCommand, nested: ShellCommand): ShellWord | undefined {
  return command.args.find((word) => isWithin(nested.at, word.at));
}

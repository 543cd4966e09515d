import { DockerfileParser, type Instruction, type Flag } from 'dockerfile-ast';
import type {
  BuildFacts,
  DockerfileFlag,
  FromFacts,
  HeredocFact,
  InstructionFacts,
  KeyValueFact,
  ShellCommand,
  ShellScript,
  StageFacts,
} from '../../facts/build.js';
import type { Located, Location } from '../../facts/location.js';
import { parseShell } from '../shell/parse-shell.js';
import type { Parser as ShellParser } from 'web-tree-sitter';
import { shellTextOf } from './shell-text.js';
import { substituteArgs } from './substitute.js';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Keywords whose shell form is run by the shell during the build. */
const SHELL_KEYWORDS = new Set(['RUN']);
const PAIR_KEYWORDS = new Set(['ENV', 'ARG', 'LABEL']);

/**
 * Turns Dockerfile text into BuildFacts. `shell` may be omitted when the caller
 * knows there is no RUN to read (it is the costly part to load).
 */
export function parseDockerfile(text: string, file: string, shell: ShellParser | undefined): BuildFacts {
  const dockerfile = DockerfileParser.parse(text);
  const escape = dockerfile.getEscapeCharacter();
  // Lines as dockerfile-ast counts them (a lone CR ends a line too), so that its ranges index this array.
  const lines = text.split(/\r\n|\r|\n/);
  const context = { file, lines, escape, shell };

  const globalArgs: KeyValueFact[] = [];
  const stages: StageFacts[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      stages.push(readStage(instruction, stages, globalArgs, context));
      continue;
    }
    const facts = readInstruction(instruction, context);
    const current = stages[stages.length - 1];
    if (current) current.instructions.push(facts);
    else if (keyword === 'ARG') globalArgs.push(...facts.pairs);
  }
  const last = stages[stages.length - 1];
  if (last) last.isFinal = true;
  return { kind: 'build', file, escape, globalArgs, stages };
}

interface ReadContext {
  file: string;
  lines: string[];
  escape: string;
  shell: ShellParser | undefined;
}

function readStage(
  instruction: Instruction,
  earlier: StageFacts[],
  globalArgs: KeyValueFact[],
  context: ReadContext,
): StageFacts {
  const base = readInstruction(instruction, context);
  const words = base.args.map((a) => a.value);
  const raw = words[0] ?? '';
  const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
  const name = asIndex >= 0 ? words[asIndex + 1] : undefined;
  const substituted = substituteArgs(raw, globalArgs);
  const stageRef = earlier.findIndex((s) => s.name !== undefined && s.name.toLowerCase() === substituted.value.toLowerCase());
  const platform = base.flags.find((f) => f.name === 'platform')?.value ?? undefined;
  const from: FromFacts = {
    image: substituted.value,
    raw,
    at: base.args[0]?.at ?? base.at,
    unresolved: substituted.unresolved,
    ...(platform ? { platform } : {}),
    ...(stageRef >= 0 ? { stageRef } : {}),
  };
  return {
    index: earlier.length,
    ...(name ? { name } : {}),
    from,
    instructions: [],
    isFinal: false,
  };
}

/**
 * dockerfile-ast re-tokenises an instruction on every getArguments()/getFlags()
 * call, which dominated parse time; each instruction is asked once and the
 * answers are shared.
 */
const argumentCache = new WeakMap<Instruction, ReturnType<Instruction['getArguments']>>();
const flagCache = new WeakMap<Instruction, Flag[]>();

function argumentsOf(instruction: Instruction): ReturnType<Instruction['getArguments']> {
  let args = argumentCache.get(instruction);
  if (!args) {
    args = instruction.getArguments();
    argumentCache.set(instruction, args);
  }
  return args;
}

/** The span of the arguments after the flags, as getArgumentsRange() answers it, from the cached arguments. */
function argumentsRange(instruction: Instruction): Range | null {
  const args = argumentsOf(instruction);
  const first = args[0];
  const last = args[args.length - 1];
  if (!first || !last) return null;
  return { start: (first.getRange() as Range).start, end: (last.getRange() as Range).end };
}

/** The argument text as written, as getRawArgumentsContent() answers it. */
function rawArgumentsText(instruction: Instruction, lines: string[]): string | null {
  const range = argumentsRange(instruction);
  return range ? sliceLines(lines, range) : null;
}

function rawFlagsOf(instruction: Instruction): Flag[] {
  const withFlags = instruction as Instruction & { getFlags?: () => Flag[] };
  if (typeof withFlags.getFlags !== 'function') return [];
  let flags = flagCache.get(instruction);
  if (!flags) {
    flags = withFlags.getFlags();
    flagCache.set(instruction, flags);
  }
  return flags;
}

function readInstruction(instruction: Instruction, context: ReadContext): InstructionFacts {
  const keyword = instruction.getKeyword().toUpperCase();
  const range = instruction.getRange() as Range;
  const at = locationOf(range, context.file);
  const text = rawArgumentsText(instruction, context.lines) ?? '';
  const flags = flagsOf(instruction, context.file);
  const execArgs = execFormArgs(instruction, context);
  const heredocs = heredocsOf(instruction, context);
  // Heredoc bodies are not arguments (`COPY <<EOF /dst` has two).
  const bodyStart = heredocs[0]?.at.line ?? Number.POSITIVE_INFINITY;
  const args = execArgs ?? wordArgs(instruction, flags.length, context.file).filter((a) => a.at.line < bodyStart);
  const facts: InstructionFacts = {
    keyword,
    at,
    text,
    flags,
    args,
    form: execArgs ? 'exec' : 'shell',
    heredocs,
    pairs: PAIR_KEYWORDS.has(keyword) ? pairsOf(instruction, context.file) : [],
  };
  if (SHELL_KEYWORDS.has(keyword) && context.shell) {
    facts.shell = execArgs
      ? execFormScript(execArgs, at)
      : shellScriptOf(instruction, heredocs, context, context.shell);
  }
  if (keyword === 'ONBUILD') {
    const inner = onbuildTrigger(at, context);
    if (inner) facts.onbuild = inner;
  }
  return facts;
}

function flagsOf(instruction: Instruction, file: string): DockerfileFlag[] {
  return rawFlagsOf(instruction).map((flag) => ({
    name: flag.getName().toLowerCase(),
    value: flag.getValue(),
    at: locationOf(flag.getRange() as Range, file),
  }));
}

function wordArgs(instruction: Instruction, flagCount: number, file: string): Located<string>[] {
  const words = argumentsOf(instruction);
  // Instructions without flag support still list `--flag` words among arguments.
  const skip = 'getFlags' in instruction ? 0 : flagCount;
  return words.slice(skip).map((word) => ({
    value: word.getValue(),
    at: locationOf(word.getRange() as Range, file),
  }));
}

/** Reads `["a", "b"]` from the raw text; dockerfile-ast's JSON helper loses spaces. */
function execFormArgs(instruction: Instruction, context: ReadContext): Located<string>[] | undefined {
  const argsRange = argumentsRange(instruction);
  const raw = rawArgumentsText(instruction, context.lines);
  if (!argsRange || !raw || !raw.trimStart().startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(new RegExp(`\\${context.escape}\\r?\\n`, 'g'), ''));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) return undefined;
  const startLine = argsRange.start.line;
  const startColumn = argsRange.start.character;
  const literals = [...raw.matchAll(/"(?:[^"\\]|\\.)*"/g)];
  return (parsed as string[]).map((value, i) => {
    const offset = literals[i]?.index ?? 0;
    const before = raw.slice(0, offset);
    const lineDelta = before.split('\n').length - 1;
    const column = lineDelta === 0 ? startColumn + offset : offset - before.lastIndexOf('\n') - 1;
    return { value, at: { file: context.file, line: startLine + lineDelta + 1, column: column + 1 } };
  });
}

function execFormScript(args: Located<string>[], at: Location): ShellScript {
  const [program, ...rest] = args;
  if (!program) return { commands: [], hasError: false };
  const command: ShellCommand = {
    program: program.value,
    name: program.value.slice(program.value.lastIndexOf('/') + 1),
    args: rest.map((a) => ({ value: a.value, literal: true, at: a.at })),
    assignments: [],
    at: { ...program.at, endLine: at.endLine, endColumn: at.endColumn },
    text: args.map((a) => a.value).join(' '),
    pipeline: [],
    redirects: [],
  };
  command.pipeline.push(command);
  return { commands: [command], hasError: false };
}

function heredocsOf(instruction: Instruction, context: ReadContext): HeredocFact[] {
  const withHeredocs = instruction as unknown as { getHeredocs?: () => import('dockerfile-ast').Heredoc[] };
  let heredocs: import('dockerfile-ast').Heredoc[] = [];
  try {
    heredocs = withHeredocs.getHeredocs?.() ?? [];
  } catch {
    return [];
  }
  return heredocs.flatMap((heredoc) => {
    const range = heredoc.getContentRange() as Range | null;
    if (!range) return [];
    return [
      {
        name: heredoc.getName(),
        content: sliceLines(context.lines, range),
        at: locationOf(range, context.file),
      },
    ];
  });
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

function shellScriptOf(
  instruction: Instruction,
  heredocs: HeredocFact[],
  context: ReadContext,
  parser: ShellParser,
): ShellScript {
  const range = argumentsRange(instruction);
  if (!range) return { commands: [], hasError: false };
  const firstArgument = firstNonFlagArgument(instruction);
  const start = firstArgument ?? range.start;
  const end = heredocs.length > 0 ? firstLineEnd(start, context) : range.end;
  const { text, mapPosition } = shellTextOf(context.lines, start, end, context.escape);
  // The bodies are read below; `<<EOF` without its body would only look like a shell syntax error.
  const main = parseShell(parser, heredocs.length > 0 ? blankHeredocOpeners(text) : text, context.file, mapPosition);
  const scripts = [main];
  const leadingProgram = main.commands[0]?.name;
  if (heredocs.length > 0 && (leadingProgram === undefined || SHELLS.has(leadingProgram))) {
    for (const heredoc of heredocs) {
      scripts.push(
        parseShell(parser, heredoc.content, context.file, (row, column) => ({
          line: heredoc.at.line + row,
          column: (row === 0 ? heredoc.at.column - 1 : 0) + column + 1,
        })),
      );
    }
  }
  return {
    commands: scripts.flatMap((s) => s.commands),
    hasError: scripts.some((s) => s.hasError),
  };
}

/** Replaces `<<EOF`, `<<-'EOF'`, `<<"EOF"` with spaces, keeping every other column where it is. */
function blankHeredocOpeners(text: string): string {
  return text.replace(/(?<!<)<<-?\s*(["']?)[A-Za-z_][\w.-]*\1/g, (opener) => ' '.repeat(opener.length));
}

function firstNonFlagArgument(instruction: Instruction): Range['start'] | undefined {
  const flags = rawFlagsOf(instruction);
  const lastFlagEnd = flags.length > 0 ? (flags[flags.length - 1]?.getRange() as Range).end : undefined;
  const args = argumentsOf(instruction);
  const first = args.find((a) => {
    const r = a.getRange() as Range;
    return !lastFlagEnd || r.start.line > lastFlagEnd.line || (r.start.line === lastFlagEnd.line && r.start.character >= lastFlagEnd.character);
  });
  return first ? (first.getRange() as Range).start : undefined;
}

function firstLineEnd(start: Range['start'], context: ReadContext): Range['end'] {
  return { line: start.line, character: context.lines[start.line]?.length ?? 0 };
}

function pairsOf(instruction: Instruction, file: string): KeyValueFact[] {
  const withProperties = instruction as unknown as {
    getProperties?: () => import('dockerfile-ast').Property[];
    getPropertyArguments?: () => import('dockerfile-ast').Argument[];
  };
  const args = withProperties.getPropertyArguments?.() ?? [];
  if (instruction.getKeyword().toUpperCase() === 'ARG' && args.length > 1) {
    // `ARG A B=2` declares A and B; dockerfile-ast reads it like the old `ENV A B=2` (A set to "B=2").
    return args.flatMap((arg) => {
      const single = DockerfileParser.parse(`ARG ${arg.getValue()}`).getInstructions()[0];
      return single ? pairsOf(single, file).map((pair) => ({ ...pair, at: locationOf(arg.getRange() as Range, file) })) : [];
    });
  }
  return (withProperties.getProperties?.() ?? []).map((property) => {
    // getValue() applies quote removal and escapes (`A="x y"` is `x y`); getUnescapedValue() keeps quotes.
    const value = property.getValue();
    return {
      name: property.getName(),
      ...(value !== null ? { value } : {}),
      at: locationOf(property.getRange() as Range, file),
    };
  });
}

function onbuildTrigger(at: Location, context: ReadContext): InstructionFacts | undefined {
  const inner = DockerfileParser.parse(triggerInPlace(at, context)).getInstructions()[0];
  // `ONBUILD ONBUILD` is not allowed by the builder; reading it as a trigger would recurse for ever.
  if (!inner || inner.getKeyword().toUpperCase() === 'ONBUILD') return undefined;
  const facts = readInstruction(inner, context);
  return { ...facts, at };
}

/**
 * The file with everything but the trigger blanked out, so that the trigger's
 * ranges (and its shell) point at the real file; the escape directive is kept.
 */
function triggerInPlace(at: Location, context: ReadContext): string {
  const first = at.line - 1;
  const last = (at.endLine ?? at.line) - 1;
  const keyword = /^\s*ONBUILD/i.exec(context.lines[first] ?? '')?.[0] ?? '';
  const before = Array.from({ length: first }, () => '');
  if (first > 0 && context.escape !== '\\') before[0] = `# escape=${context.escape}`;
  const trigger = context.lines.slice(first, last + 1);
  trigger[0] = ' '.repeat(keyword.length) + (trigger[0] ?? '').slice(keyword.length);
  return [...before, ...trigger].join('\n');
}

function sliceLines(lines: string[], range: Range): string {
  const out: string[] = [];
  for (let line = range.start.line; line <= range.end.line; line++) {
    const full = lines[line] ?? '';
    const from = line === range.start.line ? range.start.character : 0;
    const to = line === range.end.line ? range.end.character : full.length;
    out.push(full.slice(from, to));
  }
  return out.join('\n');
}

export function locationOf(range: Range, file: string): Location {
  return {
    file,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

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
import { shellTextOf } from './shell-text.js';
import { substituteArgs } from './substitute.js';
import { instructionAt, tokenizeDockerfile, wordsRange, type RawInstruction as Instruction, type Range, type Word } from './tokenize.js';
import { keyValuePairs } from './pairs.js';
import { locationOf, textIn } from './ranges.js';

/** Keywords whose shell form is run by the shell during the build. */
const SHELL_KEYWORDS = new Set(['RUN']);
const PAIR_KEYWORDS = new Set(['ENV', 'ARG', 'LABEL']);

/** Turns Dockerfile text into BuildFacts, with RUN lines read as shell. */
export function parseDockerfile(text: string, file: string): BuildFacts {
  return parseDockerfileLines(text, file).facts;
}

/**
 * parseDockerfile, also giving the physical lines it split the text into
 * (split at CRLF, LF or a lone CR), so a caller needs no second split.
 */
export function parseDockerfileLines(text: string, file: string): { facts: BuildFacts; lines: string[] } {
  const { escape, instructions, lines } = tokenizeDockerfile(text);
  const context = { file, lines, escape };

  const globalArgs: KeyValueFact[] = [];
  const stages: StageFacts[] = [];
  for (const instruction of instructions) {
    const keyword = instruction.keyword.toUpperCase();
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
  return { facts: { kind: 'build', file, escape, globalArgs, stages }, lines };
}

interface ReadContext {
  file: string;
  lines: string[];
  escape: string;
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

/** The span of the arguments after the flags. */
function argumentsRange(instruction: Instruction): Range | null {
  const first = instruction.args[0];
  const last = instruction.args[instruction.args.length - 1];
  if (!first || !last) return null;
  return wordsRange(first, last);
}

/** The argument text as written, as getRawArgumentsContent() answers it. */
function rawArgumentsText(range: Range | null, lines: string[]): string | null {
  return range ? textIn(lines, range) : null;
}

function readInstruction(instruction: Instruction, context: ReadContext): InstructionFacts {
  const keyword = instruction.keyword.toUpperCase();
  const at = locationOf(instruction.range, context.file);
  const argsRange = argumentsRange(instruction);
  const text = rawArgumentsText(argsRange, context.lines) ?? '';
  const flags = flagsOf(instruction, context.file);
  const execArgs = execFormArgs(argsRange, text, context);
  const heredocs = heredocsOf(instruction, context);
  const args = execArgs ?? wordArgs(instruction, context.file);
  const facts: InstructionFacts = {
    keyword,
    at,
    text,
    flags,
    args,
    form: execArgs ? 'exec' : 'shell',
    heredocs,
    pairs: PAIR_KEYWORDS.has(keyword) ? keyValuePairs(keyword, instruction.args, context.lines, context.file) : [],
  };
  if (SHELL_KEYWORDS.has(keyword)) {
    facts.shell = execArgs ? execFormScript(execArgs, at) : shellScriptOf(argsRange, heredocs, context);
  }
  if (keyword === 'ONBUILD') {
    const inner = onbuildTrigger(at, context);
    if (inner) facts.onbuild = inner;
  }
  return facts;
}

function flagsOf(instruction: Instruction, file: string): DockerfileFlag[] {
  return instruction.flags.map((flag) => ({
    name: flag.name.toLowerCase(),
    value: flag.value,
    at: locationOf(flag.range, file),
  }));
}

function wordArgs(instruction: Instruction, file: string): Located<string>[] {
  return instruction.args.map((word) => ({ value: word.value, at: wordLocation(word, file) }));
}

/** locationOf(the word's range, file), without building the range first. */
function wordLocation(word: Word, file: string): Location {
  return {
    file,
    line: word.startLine + 1,
    column: word.startCharacter + 1,
    endLine: word.endLine + 1,
    endColumn: word.endCharacter + 1,
  };
}

/** Reads `["a", "b"]` from the raw text, spaces inside strings and all. */
function execFormArgs(argsRange: Range | null, raw: string, context: ReadContext): Located<string>[] | undefined {
  if (!argsRange || !startsWithBracket(raw)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.includes('\n') ? raw.replace(context.escape === '`' ? BACKTICK_CONTINUATION : BACKSLASH_CONTINUATION, '') : raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) return undefined;
  const startLine = argsRange.start.line;
  const startColumn = argsRange.start.character;
  const literals = [...raw.matchAll(/"(?:[^"\\]|\\.)*"/g)];
  return (parsed as string[]).map((value, i) => {
    const offset = literals[i]?.index ?? 0;
    const lastNewline = offset === 0 ? -1 : raw.lastIndexOf('\n', offset - 1);
    const lineDelta = lastNewline < 0 ? 0 : newlinesBefore(raw, lastNewline + 1);
    const column = lineDelta === 0 ? startColumn + offset : offset - lastNewline - 1;
    return { value, at: { file: context.file, line: startLine + lineDelta + 1, column: column + 1 } };
  });
}

// The escape is `\\` or a backtick (readDirectives accepts no other); compiled once, not per instruction.
const BACKSLASH_CONTINUATION = /\\\r?\n/g;
const BACKTICK_CONTINUATION = /`\r?\n/g;

/** raw.trimStart().startsWith('['), without copying the text in the usual case. */
function startsWithBracket(raw: string): boolean {
  const first = raw.charCodeAt(0);
  if (first === 91) return true;
  if (first > 32 && first < 127) return false;
  return raw.trimStart().startsWith('[');
}

function newlinesBefore(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
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
  return instruction.heredocs.flatMap((heredoc) =>
    heredoc.contentRange
      ? [{ name: heredoc.name, content: textIn(context.lines, heredoc.contentRange), at: locationOf(heredoc.contentRange, context.file) }]
      : [],
  );
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/** The shell of a RUN whose arguments span `range` (null: no arguments). */
function shellScriptOf(range: Range | null, heredocs: HeredocFact[], context: ReadContext): ShellScript {
  if (!range) return { commands: [], hasError: false };
  const start = range.start;
  const end = heredocs.length > 0 ? firstLineEnd(start, context) : range.end;
  const { text, mapPosition } = shellTextOf(context.lines, start, end, context.escape);
  // The bodies are read below; `<<EOF` without its body would only look like a shell syntax error.
  const main = parseShell(heredocs.length > 0 ? blankHeredocOpeners(text) : text, context.file, mapPosition);
  const scripts = [main];
  const leadingProgram = main.commands[0]?.name;
  if (heredocs.length > 0 && (leadingProgram === undefined || SHELLS.has(leadingProgram))) {
    for (const heredoc of heredocs) {
      scripts.push(
        parseShell(heredoc.content, context.file, (row, column) => ({
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

function firstLineEnd(start: Range['start'], context: ReadContext): Range['end'] {
  return { line: start.line, character: context.lines[start.line]?.length ?? 0 };
}

function onbuildTrigger(at: Location, context: ReadContext): InstructionFacts | undefined {
  const line = at.line - 1;
  const keyword = /^\s*ONBUILD/i.exec(context.lines[line] ?? '')?.[0] ?? '';
  const inner = instructionAt(context.lines, line, keyword.length, context.escape);
  // `ONBUILD ONBUILD` is not allowed by the builder; reading it as a trigger would recurse for ever.
  if (!inner || inner.keyword.toUpperCase() === 'ONBUILD') return undefined;
  const facts = readInstruction(inner, context);
  return { ...facts, at };
}

import { isBlankOrComment } from './ranges.js';

/**
 * A Dockerfile tokenizer that reads the file the way BuildKit's parser does:
 * parser directives, comments, instructions with escaped line continuations
 * (comment and blank lines inside a continuation are skipped), flags, words
 * with exact ranges, and heredocs (`<<EOF`, `<<-EOF`, quoted delimiters).
 *
 * It replaced dockerfile-ast here because dockerfile-ast re-tokenises every
 * instruction several times while building its object model, which made it
 * two thirds of hullcheck's scan time; this reads each character once.
 * Positions are 0-based (line, character), like the language-server ranges
 * the rest of the Dockerfile source was written against.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Word {
  /** The word with continuation escapes removed; quotes are kept. */
  value: string;
  // Where the word starts and ends (end exclusive), as numbers rather than Range objects:
  // a Dockerfile has thousands of words, and most are never asked where they are.
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export function wordStart(word: Word): Position {
  return { line: word.startLine, character: word.startCharacter };
}

export function wordEnd(word: Word): Position {
  return { line: word.endLine, character: word.endCharacter };
}

/** The range from the start of `first` to the end of `last`. */
export function wordsRange(first: Word, last: Word): Range {
  return { start: wordStart(first), end: wordEnd(last) };
}

export interface RawFlag {
  name: string;
  value: string | null;
  range: Range;
}

export interface RawHeredoc {
  name: string;
  /** Null when the body is empty. */
  contentRange: Range | null;
}

export interface RawInstruction {
  /** As written (`run`, `RUN`). */
  keyword: string;
  /** From the keyword to the end of the last line (the heredoc terminator, if any). */
  range: Range;
  flags: RawFlag[];
  /** Words after the flags, on the instruction's own lines (not heredoc bodies). */
  args: Word[];
  heredocs: RawHeredoc[];
}

export interface TokenizedDockerfile {
  escape: string;
  instructions: RawInstruction[];
  /** Physical lines, split the way positions count them (CRLF, LF or a lone CR). */
  lines: string[];
}

const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC_WORD = /^\d*<<(-?)(["']?)([A-Za-z_][\w.-]*)\2$/;
const DIRECTIVE = /^\s*#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/;

/** The part of one physical line that belongs to an instruction's logical line. */
interface Segment {
  text: string;
  line: number;
  from: number;
  /** Exclusive; a continuing line stops before its escape character. */
  to: number;
}

export function tokenizeDockerfile(text: string): TokenizedDockerfile {
  // A plain string split is several times faster than the regular expression; without a CR they agree.
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  const { escape, firstLine } = readDirectives(lines);
  const instructions: RawInstruction[] = [];
  let line = firstLine;
  while (line < lines.length) {
    if (isBlankOrComment(lines[line] ?? '')) {
      line++;
      continue;
    }
    const { instruction, nextLine } = readInstruction(lines, line, escape);
    if (instruction) instructions.push(instruction);
    line = nextLine;
  }
  return { escape, instructions, lines };
}

function readDirectives(lines: string[]): { escape: string; firstLine: number } {
  let escape = '\\';
  let line = 0;
  for (; line < lines.length; line++) {
    const match = DIRECTIVE.exec(lines[line] ?? '');
    if (!match) break;
    if ((match[1] ?? '').toLowerCase() === 'escape' && (match[2] === '`' || match[2] === '\\')) escape = match[2];
  }
  return { escape, firstLine: line };
}

/** Reads the instruction starting on `start`: its logical line, then any heredoc bodies. */
/**
 * Reads the one instruction that starts at (line, character), e.g. the trigger
 * of an ONBUILD, with positions in the whole file.
 */
export function instructionAt(lines: string[], line: number, character: number, escape: string): RawInstruction | undefined {
  return readInstruction(lines, line, escape, character).instruction;
}

function readInstruction(
  lines: string[],
  start: number,
  escape: string,
  startCharacter = 0,
): { instruction?: RawInstruction; nextLine: number } {
  const { segments, lastLine, endCharacter } = logicalLine(lines, start, escape, startCharacter);
  const words = splitWords(segments);
  const keywordWord = words.shift();
  // A line holding only an escape character continues into nothing: no instruction.
  if (!keywordWord) return { nextLine: lastLine + 1 };
  const keyword = keywordWord.value;
  const upper = keyword.toUpperCase();
  const flags = FLAG_KEYWORDS.has(upper) ? takeFlags(words, upper) : [];
  let range: Range = { start: wordStart(keywordWord), end: { line: lastLine, character: endCharacter } };
  let nextLine = lastLine + 1;
  const heredocs: RawHeredoc[] = [];
  if (HEREDOC_KEYWORDS.has(upper)) {
    for (const word of words) {
      // Most words have no `<<`; checking for it first spares the regular expression.
      const match = word.value.includes('<<') ? HEREDOC_WORD.exec(word.value) : null;
      if (!match) continue;
      const body = readHeredocBody(lines, nextLine, match[3] ?? '', match[1] === '-');
      heredocs.push({ name: match[3] ?? '', contentRange: body.contentRange });
      range = { start: range.start, end: body.end };
      nextLine = body.nextLine;
    }
  }
  return { instruction: { keyword, range, flags, args: words, heredocs }, nextLine };
}

/**
 * Collects the pieces of one logical line. An escape character followed only
 * by whitespace continues the line on the next one; blank and comment lines
 * inside a continuation are skipped.
 */
function logicalLine(
  lines: string[],
  start: number,
  escape: string,
  startCharacter: number,
): { segments: Segment[]; lastLine: number; endCharacter: number } {
  const segments: Segment[] = [];
  let line = start;
  let lastLine = start;
  let endCharacter = (lines[start] ?? '').length;
  for (;;) {
    const content = lines[line] ?? '';
    lastLine = line;
    endCharacter = content.length;
    const continuation = continuationAt(content, escape);
    segments.push({ text: content, line, from: line === start ? startCharacter : 0, to: continuation ?? content.length });
    if (continuation === undefined) break;
    line++;
    while (line < lines.length && isBlankOrComment(lines[line] ?? '')) line++;
    if (line >= lines.length) {
      // An escape on the last line: the instruction runs to the end of the file.
      lastLine = lines.length - 1;
      endCharacter = (lines[lastLine] ?? '').length;
      break;
    }
  }
  return { segments, lastLine, endCharacter };
}

/** Index of the escape character that continues this line, if it does. */
function continuationAt(content: string, escape: string): number | undefined {
  // Most lines end in a visible ASCII character other than the escape: no need to trim them.
  const last = content.charCodeAt(content.length - 1);
  if (last > 32 && last < 127 && last !== escape.charCodeAt(0)) return undefined;
  const trimmed = content.trimEnd();
  if (!trimmed.endsWith(escape)) return undefined;
  // An escaped escape (`\\` at the end) is a literal character, not a continuation.
  let count = 0;
  for (let i = trimmed.length - 1; i >= 0 && trimmed[i] === escape; i--) count++;
  return count % 2 === 1 ? trimmed.length - 1 : undefined;
}

const SPACE = 32;
const TAB = 9;

/**
 * Splits the logical line at spaces and tabs. A word runs on across a
 * continuation when no whitespace separates its parts (`ab\<newline>cd` is `abcd`).
 */
function splitWords(segments: Segment[]): Word[] {
  const words: Word[] = [];
  let value = '';
  let inWord = false;
  let startLine = 0;
  let startCharacter = 0;
  let endLine = 0;
  let endCharacter = 0;
  for (const { text, line, from, to } of segments) {
    let c = from;
    while (c < to) {
      const code = text.charCodeAt(c);
      if (code === SPACE || code === TAB) {
        if (inWord) words.push({ value, startLine, startCharacter, endLine, endCharacter });
        inWord = false;
        c++;
        continue;
      }
      let e = c + 1;
      while (e < to && text.charCodeAt(e) !== SPACE && text.charCodeAt(e) !== TAB) e++;
      if (!inWord) {
        inWord = true;
        startLine = line;
        startCharacter = c;
        value = '';
      }
      value += text.slice(c, e);
      endLine = line;
      endCharacter = e;
      c = e;
    }
  }
  if (inWord) words.push({ value, startLine, startCharacter, endLine, endCharacter });
  return words;
}

/** Removes leading `--name[=value]` words; HEALTHCHECK's end at CMD or NONE. */
function takeFlags(words: Word[], keyword: string): RawFlag[] {
  const flags: RawFlag[] = [];
  while (words.length > 0) {
    const word = words[0] as Word;
    if (!word.value.startsWith('--') || word.value.length < 3) break;
    if (keyword === 'HEALTHCHECK' && /^(CMD|NONE)$/i.test(word.value)) break;
    words.shift();
    const eq = word.value.indexOf('=');
    flags.push({
      name: eq < 0 ? word.value.slice(2) : word.value.slice(2, eq),
      value: eq < 0 ? null : word.value.slice(eq + 1),
      range: wordsRange(word, word),
    });
  }
  return flags;
}

function readHeredocBody(
  lines: string[],
  from: number,
  name: string,
  stripTabs: boolean,
): { contentRange: Range | null; end: Position; nextLine: number } {
  let line = from;
  while (line < lines.length) {
    const content = lines[line] ?? '';
    if ((stripTabs ? content.replace(/^\t+/, '') : content) === name) break;
    line++;
  }
  const terminated = line < lines.length;
  const lastContent = line - 1;
  const contentRange =
    lastContent >= from
      ? { start: { line: from, character: 0 }, end: { line: lastContent, character: (lines[lastContent] ?? '').length } }
      : null;
  const endLine = terminated ? line : Math.max(lastContent, from - 1);
  return {
    contentRange,
    end: { line: endLine, character: (lines[endLine] ?? '').length },
    nextLine: terminated ? line + 1 : lines.length,
  };
}

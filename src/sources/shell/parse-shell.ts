import {
  forEachChild,
  parse,
  type Command,
  type CommandArgument,
  type ParsedScript,
  type Pipeline,
  type Redirection,
  type SyntaxNode,
  type Word,
  type WordPart,
} from 'unbash';
import type { ShellCommand, ShellScript, ShellWord } from '../../facts/build.js';
import type { Location } from '../../facts/location.js';

/**
 * Maps a position in the text handed to the shell parser (row, column; 0-based)
 * back to a place in the original file. Within a row, columns map one to one:
 * the parser asks for column 0 of each row and adds the rest itself.
 */
export type PositionMapper = (row: number, column: number) => { line: number; column: number };

/** Reads shell text (a RUN line, a heredoc body, a `docker run` line) into its simple commands. */
export function parseShell(text: string, file: string, mapPosition: PositionMapper): ShellScript {
  const script = parse(text);
  const collector = new CommandCollector(new SourceText(text, file, mapPosition));
  collector.visitScript(script, { parent: undefined, nested: undefined, visitChild: undefined });
  return { commands: collector.commands, hasError: collector.hasError };
}

// ---------------------------------------------------------------------------
// Text and positions

/** Slices node text and turns offsets (UTF-16, as unbash counts them) into file locations. */
class SourceText {
  /** Offsets at which each row starts. */
  private readonly rowStarts: number[] = [0];
  /** Where column 0 of each row is in the file. */
  private readonly rowLines: number[] = [];
  private readonly rowColumns: number[] = [];

  constructor(
    readonly text: string,
    private readonly file: string,
    mapPosition: PositionMapper,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.rowStarts.push(i + 1);
    for (let row = 0; row < this.rowStarts.length; row++) {
      const origin = mapPosition(row, 0);
      this.rowLines.push(origin.line);
      this.rowColumns.push(origin.column);
    }
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  locate(start: number, end: number): Location {
    const startRow = this.rowOf(start);
    // Most nodes end on the row they start on: look forward from there rather than search again.
    let endRow = startRow;
    while (endRow + 1 < this.rowStarts.length && (this.rowStarts[endRow + 1] as number) <= end) endRow++;
    return {
      file: this.file,
      line: this.rowLines[startRow] as number,
      column: (this.rowColumns[startRow] as number) + start - (this.rowStarts[startRow] as number),
      endLine: this.rowLines[endRow] as number,
      endColumn: (this.rowColumns[endRow] as number) + end - (this.rowStarts[endRow] as number),
    };
  }

  private rowOf(offset: number): number {
    let low = 0;
    let high = this.rowStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.rowStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/**
 * The script inside escaped backticks (`` `a \`b\`` ``) is parsed from a decoded copy of
 * its text, so offsets in it do not point into the file: everything in it is located
 * at the substitution itself.
 */
class DecodedSource extends SourceText {
  constructor(
    text: string,
    private readonly at: Location,
  ) {
    super(text, at.file, () => ({ line: at.line, column: at.column }));
  }

  override locate(): Location {
    return this.at;
  }
}

// ---------------------------------------------------------------------------
// Commands

// Contexts and commands are built with every property written out: spreading an object
// into a literal is a slow path in V8, and this runs for every command of every RUN.
interface VisitContext {
  /** The command whose words hold the node being visited. */
  parent: ShellCommand | undefined;
  nested: ShellCommand['nested'] | undefined;
  /** Visits a child node in this context: made once per context, not once per node. */
  visitChild: ((node: SyntaxNode) => void) | undefined;
}

/** Characters without which a word holds no expansion to look into. */
const EXPANDS = /[$`<>]/;
/** Without one of these, a word holds no command: `$(`, backticks, `<(` and `>(`. */
const SUBSTITUTES = /\$\(|`|[<>]\(/;
const QUOTED_OR_ESCAPED = /["'\\]/;

class CommandCollector {
  readonly commands: ShellCommand[] = [];
  hasError = false;

  constructor(private source: SourceText) {}

  visitScript(script: ParsedScript, context: VisitContext): void {
    if (script.errors?.length) this.hasError = true;
    for (const statement of script.commands) this.visit(statement, context);
  }

  private visit(node: SyntaxNode, context: VisitContext): void {
    switch (node.type) {
      case 'Command':
        this.visitCommand(node, context);
        return;
      case 'Pipeline':
        this.visitPipeline(node, context);
        return;
      case 'Word':
        this.visitWord(node, context);
        return;
      case 'CommandExpansion':
      case 'ArithmeticCommandExpansion':
        this.visitSubstitution(node, context, 'command-substitution');
        return;
      case 'ProcessSubstitution':
        this.visitSubstitution(node, context, 'process-substitution');
        return;
      default:
        forEachChild(node, this.childVisitor(context));
    }
  }

  private childVisitor(context: VisitContext): (node: SyntaxNode) => void {
    return (context.visitChild ??= (child) => this.visit(child, context));
  }

  private visitPipeline(node: Pipeline, context: VisitContext): void {
    const pipeline: ShellCommand[] = [];
    for (const member of node.commands) {
      if (member.type === 'Command') this.visitCommand(member, context, pipeline);
      else this.visit(member, context);
    }
  }

  private visitCommand(node: Command, context: VisitContext, pipeline?: ShellCommand[]): void {
    const command = node.name ? this.toCommand(node, node.name, context, pipeline) : undefined;
    if (command) {
      pipeline?.push(command);
      this.commands.push(command);
    }
    // Substitutions in the words and redirections run inside this command's arguments.
    const inner: VisitContext = command ? { parent: command, nested: context.nested, visitChild: undefined } : context;
    // The children forEachChild gives a command, in its order, without a closure per command.
    for (const child of node.prefix) this.visit(child, inner);
    if (node.name) this.visit(node.name, inner);
    for (const child of node.suffix) this.visit(child, inner);
  }

  /** Words only hold commands when they hold a substitution: others are not taken apart. */
  private visitWord(word: Word, context: VisitContext): void {
    if (!SUBSTITUTES.test(word.text)) return;
    forEachChild(word, this.childVisitor(context));
  }

  private visitSubstitution(
    node: Extract<WordPart, { script: unknown }> | Extract<SyntaxNode, { type: 'ArithmeticCommandExpansion' }>,
    context: VisitContext,
    nested: ShellCommand['nested'],
  ): void {
    const script = node.script;
    if (!script) return;
    const outer = this.source;
    if (script.source !== undefined && script.source !== outer.text) {
      this.source = new DecodedSource(script.source, outer.locate(node.pos, node.end));
    }
    try {
      this.visitScript(script, { parent: context.parent, nested, visitChild: undefined });
    } finally {
      this.source = outer;
    }
  }

  private toCommand(node: Command, name: Word, context: VisitContext, pipeline: ShellCommand[] | undefined): ShellCommand {
    const program = this.wordOf(name).value;
    const args: ShellWord[] = [];
    let end = name.end;
    for (const item of node.suffix) {
      if (isRedirection(item)) continue;
      args.push(this.argumentOf(item));
      end = item.end;
    }
    const assignments: ShellCommand['assignments'] = [];
    let start = name.pos;
    for (const item of node.prefix) {
      if (isRedirection(item)) continue;
      assignments.push({ name: item.name, value: item.value.type === 'Word' ? this.wordOf(item.value).value : this.source.slice(item.value.pos, item.value.end) });
      start = Math.min(start, item.pos);
    }
    const redirects: string[] = [];
    for (const redirect of node.redirects) {
      const target = redirectTarget(redirect);
      if (target !== undefined) redirects.push(target);
    }
    const command: ShellCommand = {
      program,
      name: program.slice(program.lastIndexOf('/') + 1),
      args,
      assignments,
      at: this.source.locate(start, end),
      text: this.source.slice(start, end),
      pipeline: pipeline ?? [],
      redirects,
    };
    if (context.nested) command.nested = context.nested;
    if (context.parent) command.parent = context.parent;
    if (!pipeline) command.pipeline.push(command);
    return command;
  }

  /** `export A=1` passes `A=1` as an argument; it reads as the shell would pass it. */
  private argumentOf(item: CommandArgument): ShellWord {
    if (item.type === 'Word') return this.wordOf(item);
    const value = item.value.type === 'Word' ? this.wordOf(item.value) : { value: this.source.slice(item.value.pos, item.value.end), literal: false };
    return { value: `${item.name}=${value.value}`, literal: value.literal, at: this.source.locate(item.pos, item.end) };
  }

  /** A word the way the shell would pass it, with expansions left as written. */
  private wordOf(word: Word): ShellWord {
    const at = this.source.locate(word.pos, word.end);
    const text = word.text;
    if (!EXPANDS.test(text)) return { value: QUOTED_OR_ESCAPED.test(text) ? (unquotedText(text) ?? word.value) : text, literal: true, at };
    const plain = plainReading(text);
    if (plain) return { value: plain.value, literal: plain.literal, at };
    return { value: word.value, literal: hasOnlyLiteralParts(word), at };
  }
}

/**
 * Words whose reading is not plain from their text, left to unbash: quoted or escaped
 * text, brackets and parentheses (`[...]` and `@(...)` are globs to unbash, a `$` inside
 * them included, and `$[` is literal text), and braces other than `${` (`{a,$b}` is a
 * brace expansion, literal to unbash). Words with `$(...)` lose nothing: visitWord takes
 * them into their parts anyway.
 */
const LEFT_TO_UNBASH = /["'\\[(]|(?:^|[^$])\{/;

/**
 * In any other word, what starts an expansion: `$` before a name, a digit, a special
 * parameter or `{`, and a backtick. A `$` before anything else is a literal dollar sign.
 */
const EXPANDS_PLAIN = /\$[\w{@*#?$!-]|`/;

/**
 * The value and literalness of a word read from its text alone, when that is plain
 * (see LEFT_TO_UNBASH): the shell passes such a word as written. Asking unbash for the
 * word's parts instead was a tenth of the time parseShell took.
 */
export function plainReading(text: string): { value: string; literal: boolean } | undefined {
  if (LEFT_TO_UNBASH.test(text)) return undefined;
  return { value: text, literal: !EXPANDS_PLAIN.test(text) };
}

/** Quoted words whose value unquotedText leaves to unbash: globs and braces, where quoting interacts with more than quotes. */
const NOT_PLAIN_QUOTED = /[[({]/;

/**
 * The value of a word with quotes or escapes but no expansion (no `$`, backtick, `<` or
 * `>`), as the shell passes it. Single quotes keep everything. Double quotes keep all but
 * a backslash before a double quote, a backslash, `$` or a backtick (the backslash goes)
 * or before a newline (both go). A bare backslash keeps the next character (a newline
 * goes with it). Unbash finds the same value by taking the word into its parts, which
 * took about 4% of a scan. Undefined for words NOT_PLAIN_QUOTED and unterminated quotes.
 */
export function unquotedText(text: string): string | undefined {
  if (NOT_PLAIN_QUOTED.test(text)) return undefined;
  let value = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      value += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      const read = doubleQuotedValue(text, i + 1);
      if (!read) return undefined;
      value += read.value;
      i = read.next;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return undefined;
      if (next !== '\n') value += next;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  return value;
}

const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['"', '\\', '$', '`']);

function doubleQuotedValue(text: string, from: number): { value: string; next: number } | undefined {
  let value = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') return { value, next: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    if (next === '\n') i++;
    else if (ESCAPABLE_IN_DOUBLE_QUOTES.has(next)) {
      value += next;
      i++;
    } else value += c;
  }
  return undefined;
}

/** Whether a word holds only literal text, from unbash's reading of its parts. */
export function hasOnlyLiteralParts(word: Word): boolean {
  const parts = word.parts;
  return parts === undefined || parts.every(isLiteralPart);
}

function isRedirection(item: { type: string }): item is Redirection {
  return item.type === 'Redirect' || item.type === 'HereString' || item.type === 'HereDoc';
}

/** The file a redirection reads or writes, as written; `>&2` and heredocs name no file. */
function redirectTarget(redirect: Redirection): string | undefined {
  if (redirect.type === 'HereDoc' || !redirect.target) return undefined;
  const duplicatesDescriptor = (redirect.operator === '>&' || redirect.operator === '<&') && /^(\d+-?|-)$/.test(redirect.target.text);
  return duplicatesDescriptor ? undefined : redirect.target.text;
}

const LITERAL_PARTS = new Set(['Literal', 'SingleQuoted', 'AnsiCQuoted', 'Glob', 'BraceExpansion', 'ExtendedGlob']);

/** Quoted text and globs are literal; `$VAR`, `${...}`, `$(...)` and `$((...))` are not. */
function isLiteralPart(part: WordPart): boolean {
  if (part.type === 'DoubleQuoted' || part.type === 'LocaleString') return part.parts.every((child) => child.type === 'Literal');
  return LITERAL_PARTS.has(part.type);
}

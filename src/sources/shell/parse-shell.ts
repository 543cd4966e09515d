import { createRequire } from 'node:module';
import type { Language, Parser as TSParser, TreeCursor } from 'web-tree-sitter';
import type { ShellCommand, ShellScript, ShellWord } from '../../facts/build.js';
import type { Location } from '../../facts/location.js';

/**
 * Maps a position in the text handed to the shell parser (row, column; 0-based)
 * back to a place in the original file.
 */
export type PositionMapper = (row: number, column: number) => { line: number; column: number };

let parserPromise: Promise<TSParser> | undefined;

/** Loads tree-sitter-bash once, on first use, so runs without shell pay nothing. */
export function loadShellParser(): Promise<TSParser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    const require = createRequire(import.meta.url);
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

export function parseShell(
  parser: TSParser,
  text: string,
  file: string,
  mapPosition: PositionMapper,
): ShellScript {
  const tree = parser.parse(text);
  if (!tree) return { commands: [], hasError: true };
  try {
    const cursor = tree.walk();
    try {
      const root = readTree(cursor, grammarOf(tree.language));
      const collector = new CommandCollector(new SourceText(text, file, mapPosition));
      collector.visit(root, undefined);
      return { commands: collector.commands, hasError: tree.rootNode.hasError };
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

// ---------------------------------------------------------------------------
// Reading the tree
//
// Every property of a web-tree-sitter Node is a call into WebAssembly that copies the
// node in and out of wasm memory, and every child list allocates Nodes. So the tree is
// read once, with one cursor, into plain objects holding what the collector needs.

/** A named node of the syntax tree, read once. Offsets are UTF-16 indices into the text. */
interface SyntaxNode {
  type: string;
  /** The field the node fills in its parent (`name`, `value`, `body`), when the collector asks for it. */
  field: string | undefined;
  startIndex: number;
  endIndex: number;
  /** Named children only, as `namedChildren`. */
  children: SyntaxNode[];
  /** The first child, named or not, of a `declaration_command`: the keyword of `export A=1`. */
  keyword: SyntaxNode | undefined;
}

/** Node types whose children the collector finds by field name. */
const TYPES_WITH_FIELDS = new Set(['command', 'variable_assignment', 'redirected_statement']);

interface Grammar {
  language: Language;
  /** Whether a node type is named, by type id; asked of the language once per id. */
  named: Map<number, boolean>;
}

const grammars = new WeakMap<Language, Grammar>();

function grammarOf(language: Language): Grammar {
  let grammar = grammars.get(language);
  if (!grammar) {
    grammar = { language, named: new Map() };
    grammars.set(language, grammar);
  }
  return grammar;
}

function isNamedType(grammar: Grammar, typeId: number): boolean {
  let named = grammar.named.get(typeId);
  if (named === undefined) {
    named = grammar.language.nodeTypeIsNamed(typeId);
    grammar.named.set(typeId, named);
  }
  return named;
}

/**
 * Named types that never have named children (tree-sitter-bash's node-types.json):
 * the cursor does not look below them, which saves a call into WebAssembly per word.
 */
const LEAF_TYPES = new Set([
  'word', 'ansi_c_string', 'comment', 'extglob_pattern', 'file_descriptor', 'heredoc_content', 'heredoc_end',
  'heredoc_start', 'raw_string', 'regex', 'special_variable_name', 'string_content', 'test_operator', 'variable_name',
]);

/** Reads the node under the cursor and everything below it; leaves the cursor where it was. */
function readTree(cursor: TreeCursor, grammar: Grammar, typeId = cursor.nodeTypeId, field?: string): SyntaxNode {
  const type = grammar.language.types[typeId] || 'ERROR';
  const node: SyntaxNode = { type, field, startIndex: cursor.startIndex, endIndex: cursor.endIndex, children: [], keyword: undefined };
  if (LEAF_TYPES.has(type) || !cursor.gotoFirstChild()) return node;
  const wantsFields = TYPES_WITH_FIELDS.has(type);
  let wantsKeyword = type === 'declaration_command';
  do {
    const childTypeId = cursor.nodeTypeId;
    const named = isNamedType(grammar, childTypeId);
    if (named || wantsKeyword) {
      const child = readTree(cursor, grammar, childTypeId, wantsFields ? (cursor.currentFieldName ?? undefined) : undefined);
      if (wantsKeyword) node.keyword = child;
      if (named) node.children.push(child);
    }
    wantsKeyword = false;
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return node;
}

function childForField(node: SyntaxNode, field: string): SyntaxNode | undefined {
  return node.children.find((child) => child.field === field);
}

// ---------------------------------------------------------------------------
// Text and positions

/** The parsed text: node text by slicing, positions computed from offsets as tree-sitter counts them. */
class SourceText {
  /** Offsets at which each line starts; tree-sitter starts a row after `\n` only. */
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    private readonly file: string,
    private readonly mapPosition: PositionMapper,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  textOf(node: SyntaxNode): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  locate(node: SyntaxNode): Location {
    const start = this.mapOffset(node.startIndex);
    const end = this.mapOffset(node.endIndex);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  private mapOffset(offset: number): { line: number; column: number } {
    const row = this.rowOf(offset);
    return this.mapPosition(row, offset - (this.lineStarts[row] as number));
  }

  private rowOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

// ---------------------------------------------------------------------------
// Commands

/** Simple commands: `cmd args` and `export`/`declare`/`local`/`readonly`. */
const COMMAND_TYPES = new Set(['command', 'declaration_command']);

const NESTING: Record<string, ShellCommand['nested']> = {
  command_substitution: 'command-substitution',
  process_substitution: 'process-substitution',
};

type VisitContext = { parent?: ShellCommand; nested?: ShellCommand['nested'] } | undefined;

class CommandCollector {
  readonly commands: ShellCommand[] = [];

  constructor(private readonly source: SourceText) {}

  visit(node: SyntaxNode, context: VisitContext): void {
    if (node.type === 'pipeline') {
      this.visitPipeline(node, context);
      return;
    }
    if (COMMAND_TYPES.has(node.type) || node.type === 'redirected_statement') {
      this.visitStatement(node, context);
      return;
    }
    const nested = NESTING[node.type];
    const childContext = nested ? { parent: context?.parent, nested } : context;
    for (const child of node.children) this.visit(child, childContext);
  }

  private visitPipeline(node: SyntaxNode, context: VisitContext): void {
    const pipeline: ShellCommand[] = [];
    for (const child of node.children) this.visitStatement(child, context, pipeline);
  }

  /**
   * A command with the redirections around it (`cmd 2>/dev/null`), as a pipeline
   * member when `pipeline` is given. tree-sitter-bash reads `a && b 2>x | c` as
   * `(a && b) 2>x | c`, where the shell redirects and pipes only `b`: of such a
   * list, the last command takes the redirections and the pipeline.
   */
  private visitStatement(node: SyntaxNode, context: VisitContext, pipeline?: ShellCommand[], outerRedirects: SyntaxNode[] = []): void {
    const { body, redirects } = splitRedirects(node);
    const allRedirects = outerRedirects.length > 0 ? [...redirects, ...outerRedirects] : redirects;
    if (body && COMMAND_TYPES.has(body.type)) {
      const command = this.toCommand(body, context, pipeline, allRedirects);
      if (command) {
        pipeline?.push(command);
        this.commands.push(command);
      }
      this.visitChildren(body, command, context);
      for (const redirect of allRedirects) this.visit(redirect, { parent: command ?? context?.parent, nested: context?.nested });
      return;
    }
    if (body?.type === 'list') {
      const parts = body.children.slice(0, -1);
      const last = body.children[body.children.length - 1];
      for (const part of parts) this.visit(part, context);
      if (last) this.visitStatement(last, context, pipeline, allRedirects);
      return;
    }
    if (body) this.visit(body, context);
    for (const redirect of allRedirects) this.visit(redirect, context);
  }

  /** Visits argument subtrees for nested commands such as `$(curl ...)`. */
  private visitChildren(node: SyntaxNode, command: ShellCommand | undefined, context: VisitContext): void {
    for (const child of node.children) {
      if (child.type === 'command_name') continue;
      this.visit(child, { parent: command ?? context?.parent, nested: context?.nested });
    }
  }

  private toCommand(node: SyntaxNode, context: VisitContext, pipeline: ShellCommand[] | undefined, outerRedirects: SyntaxNode[]): ShellCommand | undefined {
    // `export A=1 B` is a declaration_command: the keyword is its name and the assignments are its arguments.
    const declaration = node.type === 'declaration_command';
    const nameNode = declaration ? node.keyword : childForField(node, 'name');
    if (!nameNode) return undefined;
    const program = this.wordOf(nameNode).value;
    const args: ShellWord[] = [];
    const assignments: ShellCommand['assignments'] = [];
    const redirects: string[] = [];
    for (const child of node.children) {
      if (child === nameNode) continue;
      if (child.type === 'variable_assignment' && !declaration) {
        assignments.push(this.assignmentOf(child));
      } else if (isRedirectWithTarget(child)) {
        redirects.push(this.redirectTarget(child));
      } else if (child.startIndex >= nameNode.endIndex) {
        args.push(this.wordOf(child));
      }
    }
    for (const redirect of outerRedirects) {
      if (isRedirectWithTarget(redirect)) redirects.push(this.redirectTarget(redirect));
    }
    const command: ShellCommand = {
      program,
      name: program.slice(program.lastIndexOf('/') + 1),
      args,
      assignments,
      at: this.source.locate(node),
      text: this.source.textOf(node),
      pipeline: pipeline ?? [],
      redirects,
      ...(context?.nested ? { nested: context.nested } : {}),
      ...(context?.parent ? { parent: context.parent } : {}),
    };
    if (!pipeline) command.pipeline.push(command);
    return command;
  }

  private assignmentOf(node: SyntaxNode): { name: string; value: string } {
    const name = childForField(node, 'name');
    const value = childForField(node, 'value');
    return { name: name ? this.source.textOf(name) : '', value: value ? unquote(value, this.source).value : '' };
  }

  private redirectTarget(redirect: SyntaxNode): string {
    const target = redirect.children[redirect.children.length - 1];
    return target ? this.source.textOf(target) : '';
  }

  /** Reads a word node the way the shell would, leaving expansions as written. */
  private wordOf(node: SyntaxNode): ShellWord {
    const { value, literal } = unquote(node, this.source);
    return { value, literal, at: this.source.locate(node) };
  }
}

function isRedirectWithTarget(node: SyntaxNode): boolean {
  return node.type === 'file_redirect' || node.type === 'herestring_redirect';
}

/** The statement a `redirected_statement` wraps, and its redirections; any other node stands alone. */
function splitRedirects(node: SyntaxNode): { body: SyntaxNode | undefined; redirects: SyntaxNode[] } {
  if (node.type !== 'redirected_statement') return { body: node, redirects: [] };
  const body = childForField(node, 'body') ?? node.children[0];
  const redirects = node.children.filter((child) => child !== body);
  return { body, redirects };
}

const ESCAPED_CHARACTER = /\\(.)/gs;
const ESCAPED_IN_DOUBLE_QUOTES = /\\([\\"$`])/g;

function unquote(node: SyntaxNode, source: SourceText): { value: string; literal: boolean } {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
      return { value: withoutEscapes(source.textOf(node), ESCAPED_CHARACTER), literal: true };
    case 'variable_assignment': {
      const name = childForField(node, 'name');
      const value = childForField(node, 'value');
      const unquoted = value ? unquote(value, source) : { value: '', literal: true };
      return { value: `${name ? source.textOf(name) : ''}=${unquoted.value}`, literal: unquoted.literal };
    }
    case 'raw_string':
      return { value: source.textOf(node).slice(1, -1), literal: true };
    case 'ansi_c_string':
      return { value: source.textOf(node).slice(2, -1), literal: true };
    case 'string': {
      const inner = source.textOf(node).slice(1, -1);
      const literal = node.children.every((child) => child.type === 'string_content');
      return { value: literal ? withoutEscapes(inner, ESCAPED_IN_DOUBLE_QUOTES) : inner, literal };
    }
    case 'concatenation': {
      const parts = node.children.map((child) => unquote(child, source));
      return { value: parts.map((part) => part.value).join(''), literal: parts.every((part) => part.literal) };
    }
    case 'command_name': {
      const word = node.children[0];
      return word ? unquote(word, source) : { value: source.textOf(node), literal: true };
    }
    default:
      return { value: source.textOf(node), literal: false };
  }
}

/** Most words hold no backslash: they are returned as they are, without running the regex. */
function withoutEscapes(text: string, escape: RegExp): string {
  return text.includes('\\') ? text.replace(escape, '$1') : text;
}

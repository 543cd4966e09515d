import { createRequire } from 'node:module';
import type { Node as SyntaxNode, Parser as TSParser } from 'web-tree-sitter';
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
    const walker = new CommandCollector(file, mapPosition);
    walker.visit(tree.rootNode, undefined);
    return { commands: walker.commands, hasError: tree.rootNode.hasError };
  } finally {
    tree.delete();
  }
}

/** Simple commands: `cmd args` and `export`/`declare`/`local`/`readonly`. */
const COMMAND_TYPES = new Set(['command', 'declaration_command']);

const NESTING: Record<string, ShellCommand['nested']> = {
  command_substitution: 'command-substitution',
  process_substitution: 'process-substitution',
};

class CommandCollector {
  readonly commands: ShellCommand[] = [];

  constructor(
    private readonly file: string,
    private readonly mapPosition: PositionMapper,
  ) {}

  visit(node: SyntaxNode, context: { parent?: ShellCommand; nested?: ShellCommand['nested'] } | undefined): void {
    if (node.type === 'pipeline') {
      this.visitPipeline(node, context);
      return;
    }
    if (COMMAND_TYPES.has(node.type) || node.type === 'redirected_statement') {
      this.visitStatement(node, context);
      return;
    }
    const nested = NESTING[node.type];
    for (const child of node.namedChildren) {
      if (child) this.visit(child, nested ? { parent: context?.parent, nested } : context);
    }
  }

  private visitPipeline(node: SyntaxNode, context: { parent?: ShellCommand; nested?: ShellCommand['nested'] } | undefined): void {
    const pipeline: ShellCommand[] = [];
    for (const child of node.namedChildren) {
      if (child) this.visitStatement(child, context, pipeline);
    }
  }

  /**
   * A command with the redirections around it (`cmd 2>/dev/null`), as a pipeline
   * member when `pipeline` is given. tree-sitter-bash reads `a && b 2>x | c` as
   * `(a && b) 2>x | c`, where the shell redirects and pipes only `b`: of such a
   * list, the last command takes the redirections and the pipeline.
   */
  private visitStatement(
    node: SyntaxNode,
    context: { parent?: ShellCommand; nested?: ShellCommand['nested'] } | undefined,
    pipeline?: ShellCommand[],
    outerRedirects: SyntaxNode[] = [],
  ): void {
    const { body, redirects } = splitRedirects(node);
    const allRedirects = [...redirects, ...outerRedirects];
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
      const parts = body.namedChildren.filter((c): c is SyntaxNode => c !== null);
      const last = parts.pop();
      for (const part of parts) this.visit(part, context);
      if (last) this.visitStatement(last, context, pipeline, allRedirects);
      return;
    }
    if (body) this.visit(body, context);
    for (const redirect of allRedirects) this.visit(redirect, context);
  }

  /** Visits argument subtrees for nested commands such as `$(curl ...)`. */
  private visitChildren(
    node: SyntaxNode,
    command: ShellCommand | undefined,
    context: { parent?: ShellCommand; nested?: ShellCommand['nested'] } | undefined,
  ): void {
    for (const child of node.namedChildren) {
      if (!child || child.type === 'command_name') continue;
      this.visit(child, { parent: command ?? context?.parent, nested: context?.nested });
    }
  }

  private toCommand(
    node: SyntaxNode,
    context: { parent?: ShellCommand; nested?: ShellCommand['nested'] } | undefined,
    pipeline?: ShellCommand[],
    outerRedirects: SyntaxNode[] = [],
  ): ShellCommand | undefined {
    // `export A=1 B` is a declaration_command: the keyword is its name and the assignments are its arguments.
    const declaration = node.type === 'declaration_command';
    const nameNode = declaration ? node.child(0) : node.childForFieldName('name');
    if (!nameNode) return undefined;
    const program = wordOf(nameNode, this.locate.bind(this)).value;
    const args: ShellWord[] = [];
    const assignments: ShellCommand['assignments'] = [];
    const redirects: string[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.id === nameNode.id) continue;
      if (child.type === 'variable_assignment' && !declaration) {
        const name = child.childForFieldName('name')?.text ?? '';
        const valueNode = child.childForFieldName('value');
        assignments.push({ name, value: valueNode ? wordOf(valueNode, this.locate.bind(this)).value : '' });
      } else if (child.type === 'file_redirect' || child.type === 'herestring_redirect') {
        redirects.push(child.lastNamedChild?.text ?? '');
      } else if (child.startIndex >= nameNode.endIndex) {
        args.push(wordOf(child, this.locate.bind(this)));
      }
    }
    for (const redirect of outerRedirects) {
      if (redirect.type === 'file_redirect' || redirect.type === 'herestring_redirect') redirects.push(redirect.lastNamedChild?.text ?? '');
    }
    const command: ShellCommand = {
      program,
      name: program.slice(program.lastIndexOf('/') + 1),
      args,
      assignments,
      at: this.locate(node),
      text: node.text,
      pipeline: pipeline ?? [],
      redirects,
      ...(context?.nested ? { nested: context.nested } : {}),
      ...(context?.parent ? { parent: context.parent } : {}),
    };
    if (!pipeline) command.pipeline.push(command);
    return command;
  }

  private locate(node: SyntaxNode): Location {
    const start = this.mapPosition(node.startPosition.row, node.startPosition.column);
    const end = this.mapPosition(node.endPosition.row, node.endPosition.column);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

/** The statement a `redirected_statement` wraps, and its redirections; any other node stands alone. */
function splitRedirects(node: SyntaxNode): { body: SyntaxNode | null; redirects: SyntaxNode[] } {
  if (node.type !== 'redirected_statement') return { body: node, redirects: [] };
  const body = node.childForFieldName('body') ?? node.namedChild(0);
  const redirects = node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.id !== body?.id);
  return { body, redirects };
}

/** Reads a word node the way the shell would, leaving expansions as written. */
function wordOf(node: SyntaxNode, locate: (n: SyntaxNode) => Location): ShellWord {
  const { value, literal } = unquote(node);
  return { value, literal, at: locate(node) };
}

function unquote(node: SyntaxNode): { value: string; literal: boolean } {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
      return { value: node.text.replace(/\\(.)/gs, '$1'), literal: true };
    case 'variable_assignment': {
      const value = node.childForFieldName('value');
      const unquoted = value ? unquote(value) : { value: '', literal: true };
      return { value: `${node.childForFieldName('name')?.text ?? ''}=${unquoted.value}`, literal: unquoted.literal };
    }
    case 'raw_string':
      return { value: node.text.slice(1, -1), literal: true };
    case 'ansi_c_string':
      return { value: node.text.slice(2, -1), literal: true };
    case 'string': {
      const inner = node.text.slice(1, -1);
      const literal = node.namedChildren.every((c) => c?.type === 'string_content');
      return { value: literal ? inner.replace(/\\([\\"$`])/g, '$1') : inner, literal };
    }
    case 'concatenation': {
      const parts = node.namedChildren.filter((c): c is SyntaxNode => c !== null).map(unquote);
      return { value: parts.map((p) => p.value).join(''), literal: parts.every((p) => p.literal) };
    }
    case 'command_name':
      return node.namedChild(0) ? unquote(node.namedChild(0) as SyntaxNode) : { value: node.text, literal: true };
    default:
      return { value: node.text, literal: false };
  }
}

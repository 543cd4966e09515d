import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { InputError } from '../../facts/finding.js';
import type { Location } from '../../facts/location.js';

export type Scalar = string | number | boolean | null;

/**
 * A YAML value with its place in the file. `keyAt` is where the key that holds
 * it was written, which is where findings about it point.
 */
export type Tree =
  | {
      kind: 'scalar';
      value: Scalar;
      at: Location;
      keyAt?: Location;
      /** The text before interpolation, kept when interpolation changed it. */
      raw?: string;
    }
  | { kind: 'map'; entries: Map<string, Tree>; at: Location; keyAt?: Location }
  | { kind: 'seq'; items: Tree[]; at: Location; keyAt?: Location };

export interface ParsedYaml {
  tree?: Tree;
  errors: InputError[];
  /** Line spans of every mapping entry: a suppression comment above a key covers them. */
  spans: { start: number; end: number }[];
}

/**
 * Parses YAML into a located tree. Aliases are resolved, `<<` merge keys are
 * applied (a merged key keeps the location where it was written, i.e. under
 * the anchor), and string scalars go through `transform` (interpolation).
 */
export function parseYamlTree(text: string, file: string, transform: (s: string) => string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: false, prettyErrors: false });
  const errors: InputError[] = [];
  for (const error of doc.errors) {
    // The yaml package reports its own stack overflow on deep nesting as an ordinary error, many times over.
    const tooDeep = error.message.includes('Maximum call stack size exceeded');
    if (tooDeep && errors.some((e) => e.message === TOO_DEEP)) continue;
    // An unclosed quote is found at the end of the file; the user needs the line where it was opened.
    const quote = error.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(error.message)?.[1] : undefined;
    const offset = (quote === undefined ? undefined : quoteOpener(text, error.pos[0], quote)) ?? error.pos[0];
    const pos = quote ? lineCounter.linePos(offset) : (error.linePos?.[0] ?? lineCounter.linePos(offset));
    errors.push({ file, line: pos.line, column: pos.col, message: tooDeep ? TOO_DEEP : firstLine(error.message) });
  }
  if (errors.length > 0) return { errors, spans: [] };
  const builder = new TreeBuilder(doc, file, lineCounter, transform);
  try {
    const tree = doc.contents ? builder.build(doc.contents as YamlNode, 0) : undefined;
    return { ...(tree ? { tree } : {}), errors: builder.errors, spans: builder.spans };
  } catch (error) {
    if (!(error instanceof AliasBudgetExceeded)) throw error;
    const at = error.at ?? { line: 1, column: 1 };
    return {
      errors: [{ file, line: at.line, column: at.column, message: `aliases expand to more than ${MAX_NODES} nodes` }],
      spans: [],
    };
  }
}

const TOO_DEEP = 'the YAML is nested too deeply to read';

/** The quote that opens the unclosed scalar ending at `end`: inside it every quote is escaped. */
function quoteOpener(text: string, end: number, quote: string): number | undefined {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"' && text[i - 1] === '\\') continue;
    if (quote === "'" && text[i - 1] === "'") {
      i--;
      continue;
    }
    return i;
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

const MAX_ALIAS_DEPTH = 64;
/** Bounds alias expansion, so a "billion laughs" file fails fast instead of exhausting memory. */
const MAX_NODES = 500_000;

class AliasBudgetExceeded extends Error {
  /** The outermost alias whose expansion went over the budget. */
  at?: Location;
}

class TreeBuilder {
  readonly errors: InputError[] = [];
  readonly spans: { start: number; end: number }[] = [];
  private nodes = 0;
  /** `Alias.resolve` walks the whole document on every call; each alias is resolved once. */
  private readonly resolved = new Map<YamlNode, YamlNode | undefined>();

  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly transform: (s: string) => string,
  ) {}

  build(node: YamlNode, depth: number): Tree {
    if (++this.nodes > MAX_NODES) throw new AliasBudgetExceeded();
    const at = this.locate(node.range?.[0] ?? 0, node.range?.[1]);
    if (isAlias(node)) {
      if (!this.resolved.has(node)) this.resolved.set(node, node.resolve(this.doc) as YamlNode | undefined);
      const target = this.resolved.get(node);
      if (!target || depth > MAX_ALIAS_DEPTH) {
        this.errors.push({ file: this.file, line: at.line, column: at.column, message: `alias *${node.source} cannot be resolved` });
        return { kind: 'scalar', value: null, at };
      }
      try {
        return this.build(target, depth + 1);
      } catch (error) {
        if (error instanceof AliasBudgetExceeded) error.at = at;
        throw error;
      }
    }
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') {
        const transformed = this.transform(value);
        return transformed === value
          ? { kind: 'scalar', value, at }
          : { kind: 'scalar', value: transformed, at, raw: value };
      }
      if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
        return { kind: 'scalar', value, at };
      }
      return { kind: 'scalar', value: String(value), at };
    }
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item) => this.build(item as YamlNode, depth)), at };
    }
    if (isMap(node)) return this.buildMap(node, at, depth);
    return { kind: 'scalar', value: null, at };
  }

  private buildMap(node: YamlNode & { items: unknown[] }, at: Location, depth: number): Tree {
    const entries = new Map<string, Tree>();
    const merged: Tree[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '');
      const keyAt = this.locate(keyNode?.range?.[0] ?? 0, keyNode?.range?.[1]);
      const valueNode = pair.value as YamlNode | null;
      const value: Tree = valueNode
        ? this.build(valueNode, depth)
        : { kind: 'scalar', value: null, at: keyAt };
      if (key === '<<' && isScalar(keyNode) && !keyNode.type?.includes('QUOTE')) {
        merged.push(...(value.kind === 'seq' ? value.items : [value]));
        continue;
      }
      const end = valueNode?.range?.[1] ?? keyNode?.range?.[1] ?? 0;
      this.spans.push({ start: keyAt.line, end: this.lines.linePos(Math.max(end - 1, 0)).line });
      // build() returns a new node each time (an alias too), so the key's place can be set on it
      // rather than on a copy; it becomes the last key, where the spread put it.
      value.keyAt = keyAt;
      entries.set(key, value);
    }
    for (const source of merged) {
      if (source.kind !== 'map') continue;
      for (const [key, value] of source.entries) {
        if (!entries.has(key)) entries.set(key, value);
      }
    }
    return { kind: 'map', entries, at };
  }

  private locate(start: number, end: number | undefined): Location {
    const from = this.lines.linePos(start);
    const to = this.lines.linePos(end ?? start);
    return { file: this.file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }
}

/** The location a finding about this value should point at: its key when it has one. */
export function anchorOf(tree: Tree): Location {
  return tree.keyAt ?? tree.at;
}

export function scalarString(tree: Tree | undefined): string | undefined {
  if (!tree || tree.kind !== 'scalar' || tree.value === null) return undefined;
  return String(tree.value);
}

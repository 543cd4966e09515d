import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ContainerFacts } from '../facts/container.js';
import type { Location } from '../facts/location.js';
import { HARDEN_MARK, type Change, type HardenPlan, type Kept, type ListKey } from './plan.js';
import { bindPortSpec } from './ports.js';

/**
 * Applies hardening plans to a Compose file as small text edits at the
 * places the `yaml` parser reports, so that comments, key order, quoting and
 * indentation stay as the user wrote them everywhere else. A key inherited
 * through a `<<` merge or `extends` is never edited where it was written
 * (that would change the other services sharing it): the service gets its own
 * key instead.
 */
export interface RewriteResult {
  text: string;
  /** Changes that could not be written, per service, with why. */
  notes: Map<string, Kept[]>;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  order: number;
}

interface Style {
  /** Spaces per nesting level. */
  step: number;
  /** Columns between a key and the dash of its block sequence items (0: `key:\n- a`). */
  seqOffset: number;
}

export function rewriteCompose(text: string, services: { plan: HardenPlan; facts: ContainerFacts }[]): RewriteResult {
  const rewriter = new ComposeRewriter(text);
  for (const { plan, facts } of services) rewriter.apply(plan, facts);
  return { text: rewriter.result(), notes: rewriter.notes };
}

class ComposeRewriter {
  private readonly doc: Document;
  private readonly lines = new LineCounter();
  private readonly edits: Edit[] = [];
  readonly notes = new Map<string, Kept[]>();
  private readonly style: Style;
  /** Every pair by the offset of its key, every sequence item by its own offset. */
  private readonly pairsAt = new Map<number, { pair: Pair; parent: YAMLMap }>();
  private readonly itemsAt = new Map<number, { item: Node; parent: YAMLSeq }>();

  constructor(private readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, keepSourceTokens: true });
    visit(this.doc, {
      Pair: (_key, pair, path) => {
        const parent = path[path.length - 1];
        const start = (pair.key as Node | null)?.range?.[0];
        if (start !== undefined && isMap(parent)) this.pairsAt.set(start, { pair: pair as Pair, parent });
      },
      Seq: (_key, seq) => {
        for (const item of seq.items) {
          const start = (item as Node | null)?.range?.[0];
          if (start !== undefined) this.itemsAt.set(start, { item: item as Node, parent: seq });
        }
      },
    });
    this.style = this.detectStyle();
  }

  result(): string {
    const ordered = [...this.edits].sort((a, b) => b.start - a.start || b.order - a.order);
    let out = this.text;
    for (const edit of ordered) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
  }

  apply(plan: HardenPlan, facts: ContainerFacts): void {
    const service = this.serviceMap(plan.service);
    if (!service) {
      this.note(plan.service, { rule: 'harden', reason: `service "${plan.service}" is not written as a mapping (an alias or a scalar), so nothing was written for it; harden the service it refers to` });
      return;
    }
    const rebound = new Set(plan.changes.flatMap((c) => (c.op === 'bind-port' ? [`${c.at.line}:${c.at.column}`] : [])));
    const context = new ServiceEdit(this, service, plan.service, facts, rebound);
    // Removals first, so that a list emptied by them is removed whole and later additions start it afresh.
    for (const change of plan.changes) if (change.op === 'remove') context.apply(change);
    context.removeCollected();
    for (const change of plan.changes) if (change.op !== 'remove') context.apply(change);
    context.flush();
  }

  note(service: string, kept: Kept): void {
    const list = this.notes.get(service) ?? [];
    list.push(kept);
    this.notes.set(service, list);
  }

  edit(start: number, end: number, text: string): void {
    // A file written with CRLF line ends gets CRLF in the lines harden adds too.
    const lines = this.text.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
    this.edits.push({ start, end, text: lines, order: this.edits.length });
  }

  source(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  get styleInfo(): Style {
    return this.style;
  }

  offsetOf(at: Location): number {
    return (this.lines.lineStarts[at.line - 1] ?? 0) + at.column - 1;
  }

  pairAt(at: Location): { pair: Pair; parent: YAMLMap } | undefined {
    return this.pairsAt.get(this.offsetOf(at));
  }

  itemAt(at: Location): { item: Node; parent: YAMLSeq } | undefined {
    return this.itemsAt.get(this.offsetOf(at));
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The offset just after the newline that ends the line holding `offset` (the text's end if none). */
  lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', Math.max(offset - 1, 0));
    return nl < 0 ? this.text.length : nl + 1;
  }

  indentAt(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start))?.[0] ?? '';
  }

  columnOf(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** The items of the sequence an alias points at, as strings. */
  aliasItems(node: Node): string[] | undefined {
    if (!isAlias(node)) return undefined;
    const target = node.resolve(this.doc);
    return isSeq(target) ? target.items.map((item) => (isScalar(item) ? String(item.value) : '')) : undefined;
  }

  get length(): number {
    return this.text.length;
  }

  endsWithNewline(): boolean {
    return this.text.endsWith('\n');
  }

  private serviceMap(name: string): YAMLMap | undefined {
    const services = this.doc.get('services', true);
    if (!isMap(services)) return undefined;
    const pair = services.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
    return pair && isMap(pair.value) ? pair.value : undefined;
  }

  private detectStyle(): Style {
    let step: number | undefined;
    let seqOffset: number | undefined;
    visit(this.doc, {
      Pair: (_key, pair) => {
        const keyStart = (pair.key as Node | null)?.range?.[0];
        const value = pair.value as Node | null;
        if (keyStart === undefined || !value || (!isMap(value) && !isSeq(value)) || value.flow) return;
        const first = value.items[0];
        const firstStart = isPair(first) ? (first.key as Node | null)?.range?.[0] : (first as Node | undefined)?.range?.[0];
        if (firstStart === undefined) return;
        const keyColumn = this.columnOf(keyStart);
        if (isMap(value) && step === undefined) step = this.columnOf(firstStart) - keyColumn;
        if (isSeq(value) && seqOffset === undefined) seqOffset = this.indentAt(firstStart).length - keyColumn;
      },
    });
    const usedStep = step && step > 0 ? step : 2;
    return { step: usedStep, seqOffset: seqOffset !== undefined && seqOffset >= 0 ? seqOffset : usedStep };
  }
}

/** The edits for one service. New keys are collected and written together at the end of its mapping. */
class ServiceEdit {
  private readonly added: [string, string | string[]][] = [];
  private readonly removedItems = new Map<YAMLSeq, Node[]>();
  private readonly removedPairs = new Set<Pair>();
  /** Own keys whose value is an alias: the alias is replaced by the whole list, never edited where it points. */
  private readonly rewrittenLists = new Map<Pair, string[]>();
  private readonly start: number;
  private readonly end: number;
  private readonly usesExtends: boolean;

  constructor(
    private readonly file: ComposeRewriter,
    private readonly map: YAMLMap,
    private readonly name: string,
    private readonly facts: ContainerFacts,
    /** Locations (`line:column`) of the ports the plan binds to one address. */
    private readonly rebound: Set<string>,
  ) {
    this.start = map.range?.[0] ?? 0;
    this.end = map.range?.[2] ?? 0;
    this.usesExtends = this.ownPair('extends') !== undefined;
  }

  apply(change: Change): void {
    switch (change.op) {
      case 'add':
        return this.addItems(change.key, change.items);
      case 'set':
        return this.set(change.key, change.value, change.at);
      case 'bind-port':
        return this.bindPort(change.at, change.address);
      case 'replace':
        return this.replaceItem(change.key, change.at, change.from, change.to);
      case 'remove':
        return this.remove(change.key, change.at, change.reason, change.rule);
      case 'comment':
        return this.comment(change.at, change.text);
    }
  }

  private own(offset: number | undefined): boolean {
    return offset !== undefined && offset >= this.start && offset < this.end;
  }

  /** The service's own entry for `key`, unless harden removes it. */
  private ownPair(key: string): Pair | undefined {
    return this.map.items.find((p) => isScalar(p.key) && String(p.key.value) === key && !this.removedPairs.has(p));
  }

  private addItems(key: ListKey, items: string[]): void {
    const pair = this.ownPair(key);
    const value = pair?.value as Node | null | undefined;
    if (pair && isSeq(value)) {
      const present = new Set(value.items.map((item) => (isScalar(item) ? String(item.value) : '')));
      this.appendToSeq(value, items.filter((item) => !present.has(item)));
      return;
    }
    const aliased = pair ? this.aliasedList(pair) : undefined;
    if (aliased) {
      aliased.push(...items.filter((i) => !aliased.includes(i)));
      return;
    }
    if (pair) {
      const existing = isScalar(value) && value.value !== null ? [String(value.value)] : [];
      this.replaceValue(pair, flowList([...existing, ...items.filter((i) => !existing.includes(i))]));
      return;
    }
    // Not written in the service: inherited (a merge replaces lists, `extends` adds to them) or absent.
    const pending = this.added.find(([k]) => k === key);
    if (pending && Array.isArray(pending[1])) {
      pending[1].push(...items.filter((i) => !(pending[1] as string[]).includes(i)));
      return;
    }
    const inherited = this.usesExtends ? [] : this.inheritedItems(key);
    this.added.push([key, [...inherited, ...items.filter((i) => !inherited.includes(i))]]);
  }

  /** The list a service gets through `<<` merge keys (not written in the service), which its own key would replace. */
  private inheritedItems(key: ListKey): string[] {
    const host = this.facts.request.HostConfig ?? {};
    const inherited = (values: string[] | undefined, at: (i: number) => Location | undefined) =>
      (values ?? []).filter((_, i) => {
        const where = at(i);
        return where !== undefined && !this.own(this.file.offsetOf(where));
      });
    switch (key) {
      case 'cap_drop': return inherited(host.CapDrop, (i) => this.facts.capDrop[i]?.at);
      case 'cap_add': return inherited(host.CapAdd, (i) => this.facts.capAdd[i]?.at);
      case 'security_opt': return inherited(host.SecurityOpt, (i) => this.facts.securityOpts[i]?.at);
      case 'tmpfs': {
        const entries = Object.entries(host.Tmpfs ?? {}).map(([target, options]) => (options ? `${target}:${options}` : target));
        return inherited(entries, (i) => this.facts.tmpfs[i]?.at);
      }
      default: return [];
    }
  }

  private appendToSeq(seq: YAMLSeq, items: string[]): void {
    if (items.length === 0) return;
    const [start = 0, end = 0] = seq.range ?? [];
    if (seq.flow) {
      const close = this.file.source(start, end).lastIndexOf(']');
      const at = start + close;
      const before = this.file.source(start + 1, at).trim();
      const leading = before === '' ? '' : before.endsWith(',') ? ' ' : ', ';
      this.file.edit(at, at, `${leading}${items.map(plainOrQuoted).join(', ')}`);
      return;
    }
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const lastStart = last?.range?.[0] ?? start;
    const indent = this.file.indentAt(lastStart);
    const at = this.file.lineEnd(last?.range?.[1] ?? end);
    const newline = at === this.file.length && !this.file.endsWithNewline() ? '\n' : '';
    this.file.edit(at, at, `${newline}${items.map((item) => `${indent}- ${plainOrQuoted(item)}\n`).join('')}`);
  }

  private replaceValue(pair: Pair, text: string): void {
    const value = pair.value as Node | null;
    if (value?.range && !(isScalar(value) && value.value === null && value.range[0] === value.range[1])) {
      this.file.edit(value.range[0], value.range[1], text);
      return;
    }
    // `key:` with no value: write it after the colon.
    const keyEnd = (pair.key as Node).range?.[1] ?? 0;
    const colon = this.file.source(keyEnd, this.end).indexOf(':');
    const at = keyEnd + colon + 1;
    this.file.edit(at, at, ` ${text}`);
  }

  private set(key: string, value: string | number | boolean, at: Location | undefined): void {
    const target = at ? this.file.pairAt(at) : undefined;
    const pair = target && this.own((target.pair.key as Node).range?.[0]) ? target.pair : this.ownPair(key);
    const text = scalarText(key, value, pair?.value as Node | null | undefined);
    if (pair) this.replaceValue(pair, text);
    else this.added.push([key, text]);
  }

  private bindPort(at: Location, address: string): void {
    const found = this.file.itemAt(at);
    if (!found || !this.own(found.item.range?.[0])) {
      this.inheritedPort(at, address);
      return;
    }
    const { item } = found;
    if (isScalar(item)) {
      this.replaceScalar(item, bindPortSpec(String(item.value), address));
    } else if (isMap(item)) {
      const hostIp = item.items.find((p) => isScalar(p.key) && p.key.value === 'host_ip');
      if (hostIp) this.replaceValue(hostIp, address);
      else this.addPairTo(item, 'host_ip', address);
    }
  }

  /** A port from a `<<` merge: the service's own `ports` replaces the merged list, so it lists them all. */
  /** The list to write for a key whose own value is an alias of a sequence, started from the alias's items. */
  private aliasedList(pair: Pair): string[] | undefined {
    const existing = this.rewrittenLists.get(pair);
    if (existing) return existing;
    const items = this.file.aliasItems(pair.value as Node);
    if (items) this.rewrittenLists.set(pair, items);
    return items;
  }

  private inheritedPort(at: Location, address: string): void {
    const own = this.ownPair('ports');
    if (own && isAlias(own.value)) {
      if (!this.rewrittenLists.has(own)) this.rewrittenLists.set(own, this.portSpecs(address));
      return;
    }
    if (this.usesExtends || own) {
      this.file.note(this.name, { rule: 'no-ports-on-all-interfaces', reason: 'a port inherited through extends cannot be overridden in the service; bind it to 127.0.0.1 where it is written', at });
      return;
    }
    if (this.added.some(([key]) => key === 'ports')) return;
    this.added.push(['ports', this.portSpecs(address)]);
  }

  /** Every port of the service in short syntax, the ones the plan rebinds bound to `address`. */
  private portSpecs(address: string): string[] {
    return this.facts.ports.map((port) => {
      const { hostIp, hostPort, containerPort, protocol } = port.value;
      const spec = `${hostIp ? `${hostIp.includes(':') ? `[${hostIp}]` : hostIp}:` : ''}${hostPort ? `${hostPort}:` : hostIp ? ':' : ''}${containerPort}${protocol === 'tcp' ? '' : `/${protocol}`}`;
      return this.rebound.has(`${port.at.line}:${port.at.column}`) ? bindPortSpec(spec, address) : spec;
    });
  }

  private replaceItem(key: ListKey, at: Location, from: string, to: string): void {
    const found = this.file.itemAt(at);
    if (found && this.own(found.item.range?.[0]) && isScalar(found.item)) {
      this.replaceScalar(found.item, to);
      return;
    }
    const ownKey = this.ownPair(key);
    const aliased = ownKey ? this.aliasedList(ownKey) : undefined;
    if (aliased) {
      aliased.splice(0, aliased.length, ...aliased.map((item) => (item === from ? to : item)));
      return;
    }
    if (this.usesExtends || ownKey) {
      this.file.note(this.name, { rule: 'harden', reason: `"${from}" is inherited through extends; replace it with "${to}" where it is written`, at });
      return;
    }
    const items = this.inheritedItems(key).map((item) => (item === from ? to : item));
    this.added.push([key, items]);
  }

  private replaceScalar(node: Scalar, value: string): void {
    const [start = 0, end = 0] = node.range ?? [];
    this.file.edit(start, end, quoteLike(node, value));
  }

  private remove(key: string, at: Location, reason: string, rule: string | undefined): void {
    const item = this.file.itemAt(at);
    if (item && this.own(item.item.range?.[0])) {
      const list = this.removedItems.get(item.parent) ?? [];
      list.push(item.item);
      this.removedItems.set(item.parent, list);
      return;
    }
    const pair = this.file.pairAt(at);
    if (pair && this.own((pair.pair.key as Node).range?.[0]) && pair.parent === this.map) {
      this.removePair(pair.pair);
      return;
    }
    this.file.note(this.name, { rule: rule ?? 'harden', reason: `not removed: it is inherited (a merge key or extends); remove it where it is written. ${reason}`, at });
  }

  /** Removes the collected list items; a list that loses every item loses its key too. */
  removeCollected(): void {
    for (const [seq, items] of this.removedItems) {
      const pair = this.map.items.find((p) => p.value === seq);
      if (pair && items.length === seq.items.length) this.removePair(pair);
      else for (const item of items) this.removeItem(item, seq);
    }
  }

  private removePair(pair: Pair): void {
    this.removedPairs.add(pair);
    const keyStart = (pair.key as Node).range?.[0] ?? 0;
    const value = pair.value as Node | null;
    const valueEnd = value?.range?.[1] ?? (pair.key as Node).range?.[1] ?? keyStart;
    if (this.map.flow) {
      this.removeFlowEntry(keyStart, valueEnd);
      return;
    }
    this.file.edit(this.file.lineStart(keyStart), this.file.lineEnd(valueEnd), '');
  }

  private removeItem(item: Node, seq: YAMLSeq): void {
    const [start = 0, end = 0] = item.range ?? [];
    if (seq.flow) {
      this.removeFlowEntry(start, end);
      return;
    }
    this.file.edit(this.file.lineStart(start), this.file.lineEnd(end), '');
  }

  /** Removes `entry` from a flow collection with the comma that separates it from a neighbour. */
  private removeFlowEntry(start: number, end: number): void {
    const after = /^\s*,\s*/.exec(this.file.source(end, end + 200));
    if (after) {
      this.file.edit(start, end + after[0].length, '');
      return;
    }
    const before = /,\s*$/.exec(this.file.source(Math.max(0, start - 200), start));
    this.file.edit(before ? start - before[0].length : start, end, '');
  }

  private comment(at: Location, text: string): void {
    const offset = this.file.offsetOf(at);
    const lineStart = this.file.lineStart(offset);
    if (this.commentedAbove(lineStart)) return;
    const indent = this.file.indentAt(offset);
    const lines = wrap(text, Math.max(40, 100 - indent.length - 2));
    this.file.edit(lineStart, lineStart, lines.map((line) => `${indent}# ${line}\n`).join(''));
  }

  /** True when the comment lines right above the line starting at `lineStart` hold harden's mark. */
  private commentedAbove(lineStart: number): boolean {
    let end = lineStart;
    while (end > 0) {
      const start = this.file.lineStart(end - 1);
      const line = this.file.source(start, end).trim();
      if (!line.startsWith('#')) return false;
      if (line.includes(HARDEN_MARK)) return true;
      end = start;
    }
    return false;
  }

  private addPairTo(map: YAMLMap, key: string, value: string): void {
    const [start = 0, end = 0] = map.range ?? [];
    if (map.flow) {
      const close = start + this.file.source(start, end).lastIndexOf('}');
      const empty = this.file.source(start + 1, close).trim() === '';
      this.file.edit(close, close, `${empty ? '' : ', '}${key}: ${value}`);
      return;
    }
    const first = map.items[0];
    const last = map.items[map.items.length - 1];
    const indent = ' '.repeat(this.file.columnOf((first?.key as Node | undefined)?.range?.[0] ?? start));
    const at = this.file.lineEnd((last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1] ?? end);
    this.file.edit(at, at, `${indent}${key}: ${value}\n`);
  }

  /** Writes the keys the service did not have, after its last entry, in the file's style. */
  flush(): void {
    for (const [pair, items] of this.rewrittenLists) this.replaceValue(pair, flowList(items));
    if (this.added.length === 0) return;
    const [start = 0, end = 0] = this.map.range ?? [];
    if (this.map.flow) {
      const close = start + this.file.source(start, end).lastIndexOf('}');
      const empty = this.file.source(start + 1, close).trim() === '';
      const entries = this.added.map(([key, value]) => `${key}: ${Array.isArray(value) ? flowList(value) : value}`);
      this.file.edit(close, close, `${empty ? '' : ', '}${entries.join(', ')}`);
      return;
    }
    const first = this.map.items[0];
    const last = this.map.items[this.map.items.length - 1];
    const column = this.file.columnOf((first?.key as Node | undefined)?.range?.[0] ?? start);
    const indent = ' '.repeat(column);
    const itemIndent = ' '.repeat(column + this.file.styleInfo.seqOffset);
    const lastEnd = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1] ?? end;
    const at = this.file.lineEnd(lastEnd);
    const atEnd = at >= this.file.length && !this.file.endsWithNewline();
    const lines = this.added.map(([key, value]) =>
      Array.isArray(value)
        ? `${indent}${key}:\n${value.map((item) => `${itemIndent}- ${plainOrQuoted(item)}`).join('\n')}\n`
        : `${indent}${key}: ${value}\n`,
    );
    this.file.edit(at, at, `${atEnd ? '\n' : ''}${lines.join('')}`);
  }
}

/** Splits text into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function flowList(items: string[]): string {
  return `[${items.map(plainOrQuoted).join(', ')}]`;
}

/** Plain when YAML reads it back as the same string in block and flow context, else double-quoted. */
export function plainOrQuoted(value: string): string {
  const safe = /^[\w/.][\w./=+@-]*(?::[\w./=+@-]+)*$/.test(value);
  const ambiguous = /^(true|false|yes|no|on|off|y|n|null|~)$/i.test(value) || /^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value);
  const sexagesimal = /^\d+(:\d+)+$/.test(value);
  return safe && !ambiguous && !sexagesimal ? value : JSON.stringify(value);
}

/** A value for `key`, quoted the way the value it replaces was, and numbers left as numbers where Compose reads them. */
function scalarText(key: string, value: string | number | boolean, replaced: Node | null | undefined): string {
  if (typeof value !== 'string') return String(value);
  if ((key === 'cpus' || key === 'pids_limit') && /^\d+(\.\d+)?$/.test(value)) return value;
  if (replaced && isScalar(replaced)) return quoteLike(replaced, value);
  return plainOrQuoted(value);
}

function quoteLike(node: Scalar, value: string): string {
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (node.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return plainOrQuoted(value);
}

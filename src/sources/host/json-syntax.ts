/**
 * Where JSON text first breaks the grammar, and how. JSON.parse says where only
 * in some messages of some V8 versions; daemon.json errors need a line and
 * column every time. Nesting is bounded so deep input cannot exhaust the stack.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxAt)) throw error;
    return { offset: error.offset, message: error.message };
  }
}

const MAX_NESTING = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

class SyntaxAt extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

class JsonScanner {
  private i = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.value(0);
    this.space();
    if (this.i < this.text.length) this.fail('unexpected text after the JSON value');
  }

  private value(depth: number): void {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    const literal = LITERALS.find((word) => this.text.startsWith(word, this.i));
    if (literal === undefined) this.fail('expected a value');
    this.i += literal.length;
  }

  private object(depth: number): void {
    this.enter(depth);
    if (this.closes('}')) return;
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail('expected a double-quoted key');
      this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail('expected ":" after the key');
      this.i++;
      this.value(depth);
      if (this.separator('}')) return;
    }
  }

  private array(depth: number): void {
    this.enter(depth);
    if (this.closes(']')) return;
    for (;;) {
      this.value(depth);
      if (this.separator(']')) return;
    }
  }

  private enter(depth: number): void {
    if (depth > MAX_NESTING) this.fail('nested too deeply');
    this.i++;
  }

  /** An empty object or array: the closing bracket right away. */
  private closes(bracket: string): boolean {
    this.space();
    if (this.text[this.i] !== bracket) return false;
    this.i++;
    return true;
  }

  /** After an item: true at the closing bracket, false after a comma (another item follows). */
  private separator(bracket: string): boolean {
    this.space();
    const c = this.text[this.i];
    if (c !== bracket && c !== ',') this.fail(`expected "," or "${bracket}"`);
    this.i++;
    return c === bracket;
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') break;
      if (c < ' ') this.fail('control character in a string');
      this.i += c === '\\' ? this.escapeLength() : 1;
    }
    this.i++;
  }

  private escapeLength(): number {
    const next = this.text[this.i + 1] ?? '';
    if ('"\\/bfnrt'.includes(next) && next !== '') return 2;
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) return 6;
    this.i++;
    return this.fail('invalid escape in a string');
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    if (!NUMBER.test(this.text)) this.fail('invalid number');
    this.i = NUMBER.lastIndex;
  }

  private space(): void {
    while (' \t\n\r'.includes(this.text[this.i] ?? 'x')) this.i++;
  }

  private fail(message: string): never {
    const found = this.i < this.text.length ? `${message}, found ${JSON.stringify(this.text[this.i])}` : `${message}, found the end of the file`;
    throw new SyntaxAt(this.i, found);
  }
}

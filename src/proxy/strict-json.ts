/**
 * A JSON reader that refuses every input the engine's Go decoder could read
 * differently from us. JSON.parse keeps the last of two equal keys and treats
 * `privileged` and `Privileged` as different keys; Go's encoding/json matches
 * struct fields case-insensitively (with Unicode folding: the Kelvin sign
 * matches `k`, long s matches `s`) and lets the last match win. A body that
 * exploits the difference passes a check on one value and runs with another,
 * so the reader rejects duplicate keys, invalid UTF-8, lone surrogates,
 * numbers beyond what both sides read exactly, and anything that is not
 * strict RFC 8259 JSON. Shapes (strict-json-shapes.ts) then reject field
 * names that are not spelled canonically.
 */

export class StrictJsonError extends Error {
  constructor(
    message: string,
    /** Character offset for syntax problems, JSON path for shape problems. */
    readonly where?: number | string,
  ) {
    super(message);
    this.name = 'StrictJsonError';
  }
}

export interface StrictJsonOptions {
  /** Deepest nesting of objects and arrays accepted. */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses a request body; throws StrictJsonError (and nothing else) when it is not unambiguous JSON. */
export function parseStrictJson(input: Uint8Array | string, options: StrictJsonOptions = {}): unknown {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = utf8.decode(input);
    } catch {
      throw new StrictJsonError('body is not valid UTF-8');
    }
  }
  try {
    return new Reader(text, options.maxDepth ?? DEFAULT_MAX_DEPTH).document();
  } catch (error) {
    if (error instanceof StrictJsonError) throw error;
    // A RangeError from a runaway stack or similar: still our error, never theirs.
    throw new StrictJsonError(`body cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  document(): unknown {
    this.skipWhitespace();
    const value = this.value(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('unexpected data after the JSON value');
    return value;
  }

  private fail(message: string): never {
    throw new StrictJsonError(`${message} at offset ${this.pos}`, this.pos);
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.pos++;
    }
  }

  private value(depth: number): unknown {
    const code = this.text.charCodeAt(this.pos);
    switch (code) {
      case 0x7b: // {
        return this.object(depth + 1);
      case 0x5b: // [
        return this.array(depth + 1);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default: {
        if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return this.number();
        const c = this.text[this.pos];
        return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected character ${JSON.stringify(c)}`);
      }
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('invalid literal');
    this.pos += word.length;
    return value;
  }

  private checkDepth(depth: number): void {
    if (depth > this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
  }

  private object(depth: number): Record<string, unknown> {
    this.checkDepth(depth);
    this.pos++;
    const result: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a string key');
      const keyAt = this.pos;
      const key = this.string();
      if (hasOwn(result, key)) {
        this.pos = keyAt;
        this.fail(`duplicate key ${JSON.stringify(key)}`);
      }
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail('expected ":"');
      this.pos++;
      this.skipWhitespace();
      const value = this.value(depth);
      // Assigning "__proto__" would set the prototype: define it, as JSON.parse does, as a plain key.
      if (key === '__proto__') Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else result[key] = value;
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 0x7d) return result;
      if (next !== 0x2c) {
        this.pos--;
        this.fail('expected "," or "}"');
      }
    }
  }

  private array(depth: number): unknown[] {
    this.checkDepth(depth);
    this.pos++;
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.value(depth));
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 0x5d) return result;
      if (next !== 0x2c) {
        this.pos--;
        this.fail('expected "," or "]"');
      }
    }
  }

  private string(): string {
    this.pos++;
    let result = '';
    let runStart = this.pos;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail('unterminated string');
      if (code === 0x22) {
        result += this.text.slice(runStart, this.pos);
        this.pos++;
        return result;
      }
      if (code < 0x20) this.fail('control character in string');
      if (code >= 0xd800 && code <= 0xdfff) this.surrogatePair(code, this.text.charCodeAt(this.pos + 1));
      if (code === 0x5c) {
        result += this.text.slice(runStart, this.pos);
        result += this.escape();
        runStart = this.pos;
        continue;
      }
      this.pos += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
  }

  /** A string given to us as text may still hold lone surrogates; the UTF-8 path cannot. */
  private surrogatePair(high: number, low: number): void {
    if (high > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) this.fail('lone surrogate in string');
  }

  private escape(): string {
    const kind = this.text[this.pos + 1];
    if (kind === 'u') {
      const high = this.hex4(this.pos + 2);
      this.pos += 6;
      if (high < 0xd800 || high > 0xdfff) return String.fromCharCode(high);
      // Go replaces a lone surrogate with U+FFFD where JavaScript keeps it: refuse both readings.
      if (high > 0xdbff || this.text[this.pos] !== '\\' || this.text[this.pos + 1] !== 'u') this.fail('lone surrogate escape');
      const low = this.hex4(this.pos + 2);
      if (low < 0xdc00 || low > 0xdfff) this.fail('lone surrogate escape');
      this.pos += 6;
      return String.fromCharCode(high, low);
    }
    const plain = kind === undefined ? undefined : ESCAPES[kind];
    if (plain === undefined) this.fail('invalid escape');
    this.pos += 2;
    return plain;
  }

  private hex4(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('invalid \\u escape');
    return parseInt(digits, 16);
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    const raw = match[0];
    const value = Number(raw);
    if (raw.length > 15 || raw.includes('e') || raw.includes('E')) this.checkRange(raw, value);
    this.pos += raw.length;
    return value;
  }

  /** Only long numbers and exponents can leave the range both readers agree on. */
  private checkRange(raw: string, value: number): void {
    if (!Number.isFinite(value)) this.fail(`number ${raw} is out of range`);
    // Integers past 2^53 round in JavaScript but not in Go's int64 fields: the two would disagree.
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && !/[.eE]/.test(raw)) this.fail(`integer ${raw} is too large to read exactly`);
    if (value === 0 && /[1-9]/.test(raw.replace(/[eE].*$/, ''))) this.fail(`number ${raw} underflows to zero`);
  }
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

const foldCache = new Map<number, number>();

/**
 * The fold class of one code point, as Go's encoding/json compares field
 * names: the smallest code point reachable by case mapping. ASCII letters
 * fold to upper case; the Kelvin sign folds with `K`, long s with `S`.
 */
function foldCodePoint(code: number): number {
  if (code < 0x80) return code >= 0x61 && code <= 0x7a ? code - 0x20 : code;
  const cached = foldCache.get(code);
  if (cached !== undefined) return cached;
  const orbit = new Set([code]);
  const queue = [code];
  while (queue.length > 0) {
    const current = String.fromCodePoint(queue.pop()!);
    for (const mapped of [current.toLowerCase(), current.toUpperCase()]) {
      const points = [...mapped];
      if (points.length !== 1) continue;
      const next = points[0]!.codePointAt(0)!;
      if (!orbit.has(next)) {
        orbit.add(next);
        queue.push(next);
      }
    }
  }
  const smallest = Math.min(...orbit);
  foldCache.set(code, smallest);
  return smallest;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Two keys with the same fold key are the same field to the engine. */
export function foldKey(key: string): string {
  // ASCII folds by upper-casing, and field names are ASCII: the common case stays cheap.
  if (ASCII.test(key)) return key.toUpperCase();
  let result = '';
  for (const char of key) result += String.fromCodePoint(foldCodePoint(char.codePointAt(0)!));
  return result;
}

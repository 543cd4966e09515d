import type { KeyValueFact } from '../../facts/build.js';
import { locationOf, textIn } from './ranges.js';
import { wordsRange, type Range, type Word } from './tokenize.js';

/**
 * Reads the `name=value` pairs of ENV, ARG and LABEL. Values may be quoted
 * (`A="two words"`), so words are joined until their quotes balance. The old
 * one-pair form `ENV NAME value with spaces` (and `LABEL`) is read too.
 */
export function keyValuePairs(keyword: string, words: Word[], lines: string[], file: string): KeyValueFact[] {
  const first = words[0];
  if (!first) return [];
  if (keyword !== 'ARG' && !first.value.includes('=')) return [legacyPair(words, lines, file)];
  return quotedTokens(words, lines).map(({ text, range }) => {
    const eq = text.indexOf('=');
    const name = unquote(eq < 0 ? text : text.slice(0, eq));
    return {
      name,
      ...(eq < 0 ? {} : { value: unquote(text.slice(eq + 1)) }),
      at: locationOf(range, file),
    };
  });
}

function legacyPair(words: Word[], lines: string[], file: string): KeyValueFact {
  const [name, ...rest] = words as [Word, ...Word[]];
  const last = rest[rest.length - 1];
  const value = last ? textIn(lines, wordsRange(rest[0] as Word, last)) : '';
  return { name: name.value, value: unquote(value), at: locationOf(wordsRange(name, last ?? name), file) };
}

/** Words joined while a quote is open, with the original text between them. */
function quotedTokens(words: Word[], lines: string[]): { text: string; range: Range }[] {
  const tokens: { text: string; range: Range }[] = [];
  let open: { start: Word; end: Word } | undefined;
  for (const word of words) {
    open = open ? { start: open.start, end: word } : { start: word, end: word };
    const range = wordsRange(open.start, open.end);
    const text = open.start === open.end ? word.value : textIn(lines, range);
    if (quotesBalanced(text)) {
      tokens.push({ text, range });
      open = undefined;
    }
  }
  if (open) tokens.push({ text: textIn(lines, wordsRange(open.start, open.end)), range: wordsRange(open.start, open.end) });
  return tokens;
}

function quotesBalanced(text: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && quote !== "'") i++;
    else if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
  }
  return quote === undefined;
}

/** Removes quotes and backslash escapes the way the builder reads a value. */
export function unquote(raw: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
    } else if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1] as string;
      if (next === '\n') {
        i++;
        continue;
      }
      out += next;
      i++;
    } else if (quote === '"' && ch === '"') {
      quote = undefined;
    } else if (!quote && (ch === '"' || ch === "'")) {
      quote = ch;
    } else {
      out += ch;
    }
  }
  return out;
}

import fc from 'fast-check';
import { parse, type Word } from 'unbash';
import { describe, expect, it } from 'vitest';
import { hasOnlyLiteralParts, plainReading, unquotedText } from '../../src/sources/shell/parse-shell.js';
import { PROPERTY_TIMEOUT } from './support.js';

// Characters that matter to expansions, quoting and globs, and some that do not.
const CHARACTERS = ['$', '{', '}', '(', ')', '[', ']', '"', "'", '\\', 'a', 'Z', '_', '1', '0', '@', '*', '#', '?', '!', '-', '/', '.', ':', '=', '`', '<', '>', '%', '~', ',', '+'];
const wordText = fc.array(fc.constantFrom(...CHARACTERS), { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));

/** The word unbash reads as `echo`'s only argument, when it reads the text as exactly that one word. */
function argumentWord(text: string): Word | undefined {
  const script = parse(`echo ${text}`);
  if (script.errors?.length) return undefined;
  const statement = script.commands[0];
  const command = statement?.type === 'Statement' ? statement.command : undefined;
  if (command?.type !== 'Command' || command.suffix.length !== 1) return undefined;
  const word = command.suffix[0];
  return word?.type === 'Word' && word.text === text ? word : undefined;
}

/**
 * Checks a fast path against unbash's own answer on generated words, wherever the fast
 * path answers and unbash reads the text as one whole word.
 */
function agreesWithUnbash<T>(texts: fc.Arbitrary<string>, fastPath: (text: string) => T | undefined, unbashAnswer: (word: Word) => T): void {
  let compared = 0;
  fc.assert(
    fc.property(texts, (text) => {
      const word = argumentWord(text);
      const answer = fastPath(text);
      if (!word || answer === undefined) return;
      compared++;
      expect([text, answer]).toEqual([text, unbashAnswer(word)]);
    }),
    { numRuns: 30_000 },
  );
  // Most generated words are whole, valid and answered: the property was not checked vacuously.
  expect(compared).toBeGreaterThan(3_000);
}

describe('reading a shell word from its text alone (the fast path in parseShell)', () => {
  it(
    'gives the value and literalness unbash gives, whenever it answers',
    () => agreesWithUnbash(wordText, plainReading, (word) => ({ value: word.value, literal: hasOnlyLiteralParts(word) })),
    PROPERTY_TIMEOUT,
  );

  it('answers the usual cases, and leaves quoted, bracketed and brace-expanded words to unbash', () => {
    const literal = (text: string) => plainReading(text)?.literal;
    expect(['$HOME', '${A:-b}', '$1', '$@', '`id`', 'x$?'].map(literal)).toEqual([false, false, false, false, false, false]);
    expect(['/usr/bin', 'a$', 'cost$/x', '*.tgz', '~/x', 'a=b'].map(literal)).toEqual([true, true, true, true, true, true]);
    expect(['"$A"', "'$A'", 'a\\$b', '[$1]', '@($A)', '{a,$b}', '$(id)'].map(plainReading)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

// Quoted and escaped words without expansions, with the characters unquotedText leaves to unbash now and then.
const QUOTING = ['"', "'", '\\', '\n', ' ', 'a', 'Z', '~', '*', '?', '-', '=', '/', '.', ',', ':', '[', '{', '('];
const quotedText = fc.array(fc.constantFrom(...QUOTING), { minLength: 1, maxLength: 14 }).map((chars) => chars.join(''));

describe('unquoting a word without expansions (the other fast path in parseShell)', () => {
  it('gives the value unbash gives, whenever it answers', () => agreesWithUnbash(quotedText, unquotedText, (word) => word.value), PROPERTY_TIMEOUT);

  it('unquotes the usual cases, and leaves globs, braces and unterminated quotes to unbash', () => {
    expect(['"a b"', "'a\"b'", 'a\\ b', '"a\\"b"', '"a\\xb"', "'a\\'", '"a\\\nb"'].map(unquotedText)).toEqual(['a b', 'a"b', 'a b', 'a"b', 'a\\xb', 'a\\', 'ab']);
    expect(['"[a]"', "'{x}'", '"(', "'a"].map(unquotedText)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

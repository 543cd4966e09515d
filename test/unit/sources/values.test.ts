import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../src/sources/compose/dotenv.js';
import { interpolate } from '../../../src/sources/compose/interpolate.js';
import { parsePortSpec } from '../../../src/sources/port-spec.js';
import { parseBytes, parseNanoCpus } from '../../../src/sources/units.js';

describe('.env files', () => {
  it('reads export, quotes, comments and blank lines', () => {
    const text = ['# comment', '', 'export A=1', 'B = "x y" # note', "C='single $X'", 'D=bare # note', 'E=', 'NOT A LINE', '=nokey', 'F=1\r'].join('\n');
    expect(Object.fromEntries(parseDotenv(text))).toEqual({ A: '1', B: 'x y', C: 'single $X', D: 'bare', E: '', F: '1' });
  });

  it('reads escapes in double quotes in one pass', () => {
    // bug fixed: `\\n` became a backslash and a newline instead of a backslash and an n
    expect(Object.fromEntries(parseDotenv(['A="a\\\\nb"', 'B="line1\\nline2"', 'C="say \\"hi\\""', 'D="end\\\\"'].join('\n')))).toEqual({
      A: 'a\\nb',
      B: 'line1\nline2',
      C: 'say "hi"',
      D: 'end\\',
    });
  });

  it('ends a quoted value at its closing quote, not at a quote in a comment', () => {
    // bug fixed: the value ran to the last quote on the line
    expect(Object.fromEntries(parseDotenv(['A="v" # say "hi"', "B='w' # it's"].join('\n')))).toEqual({ A: 'v', B: 'w' });
  });

  it('reads values holding Unicode line separators', () => {
    // bug fixed: U+2028 in a value made the whole line unreadable
    expect(Object.fromEntries(parseDotenv('A="x\u2028y"\nB=ok'))).toEqual({ A: 'x\u2028y', B: 'ok' });
  });
});

describe('Compose interpolation', () => {
  const env = new Map([
    ['SET', 'value'],
    ['EMPTY', ''],
  ]);

  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${UNSET}', ''],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET:?needed}', ''],
    ['${UNSET:-${ALSO_UNSET:-${SET}}}', 'value'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['${SET}}', 'value}'],
    ['cost: $5', 'cost: $5'],
    ['${UNCLOSED', '${UNCLOSED'],
    // bug fixed: a bare `{` in a default counted as nesting, so the reference was never closed
    ['${UNSET:-{}', '{'],
    ['${UNSET:-{"a":1}}', '{"a":1}'],
  ])('%s -> %s', (text, expected) => {
    expect(interpolate(text, env)).toBe(expected);
  });
});

describe('sizes and CPUs', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['10 k', 10 * 1024],
    ['1048576', 1048576],
    ['2b', 2],
  ])('reads %s', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it.each(['', 'lots', '-1m', '1x', '1e3', '1constructor', '2toString', '3__proto__'])('refuses %j as a size', (text) => {
    expect(parseBytes(text)).toBeUndefined();
  });

  it('reads CPUs as Go reads a float, refusing what Number() alone would take', () => {
    expect(parseNanoCpus('1.5')).toBe(1_500_000_000);
    expect(parseNanoCpus('.5')).toBe(500_000_000);
    expect(parseNanoCpus('1e-1')).toBe(100_000_000);
    expect(parseNanoCpus(2)).toBe(2_000_000_000);
    // bug fixed: "" and "0x10" were read as 0 (unlimited) and 16 CPUs
    for (const text of ['', ' ', '0x10', 'Infinity', '-1', 'one']) expect(parseNanoCpus(text)).toBeUndefined();
  });
});

describe('port specs', () => {
  it.each([
    ['80', { containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '' }],
    ['8080:80', { containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '8080' }],
    ['127.0.0.1:8080:80/UDP', { containerPort: '80', protocol: 'udp', hostIp: '127.0.0.1', hostPort: '8080' }],
    ['127.0.0.1::80', { containerPort: '80', protocol: 'tcp', hostIp: '127.0.0.1', hostPort: '' }],
    ['[::1]:8080:80', { containerPort: '80', protocol: 'tcp', hostIp: '::1', hostPort: '8080' }],
    ['::1:8080:80', { containerPort: '80', protocol: 'tcp', hostIp: '::1', hostPort: '8080' }],
    ['9000-9001:9000-9001/sctp', { containerPort: '9000-9001', protocol: 'sctp', hostIp: '', hostPort: '9000-9001' }],
    ['0:65535', { containerPort: '65535', protocol: 'tcp', hostIp: '', hostPort: '0' }],
    [':80', { containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '' }],
  ])('reads %s', (text, spec) => {
    expect(parsePortSpec(text)).toEqual(spec);
  });

  // bug fixed: ports above 65535 and backwards ranges were accepted
  it.each(['', 'abc', '65536', '99999:80', '80:70000', '9001-9000', '80/icmp', '80:', '1-2-3'])('refuses %j', (text) => {
    expect(parsePortSpec(text)).toBeUndefined();
  });
});

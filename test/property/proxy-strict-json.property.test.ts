import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictJson, StrictJsonError } from '../../src/proxy/strict-json.js';
import { checkShape, CREATE_BODY_SHAPE, HOST_CONFIG_FIELDS } from '../../src/proxy/strict-json-shapes.js';
import { PROPERTY_TIMEOUT, RUNS } from './support.js';

/** JSON values both readers agree on exactly: numbers stay within what JavaScript reads without rounding. */
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const nonEmptyObject = fc.dictionary(fc.string(), value, { minKeys: 1, maxKeys: 4 });

/** Wraps JSON text in layers of arrays and objects. */
const wrappers = fc.array(fc.oneof(fc.constant<['array']>(['array']), fc.tuple(fc.constant('object' as const), fc.string())), { maxLength: 4 });

function wrap(text: string, layers: readonly (['array'] | ['object', string])[]): string {
  return layers.reduce((inner, layer) => (layer[0] === 'array' ? `[1,${inner}]` : `{${JSON.stringify(layer[1])}:${inner}}`), text);
}

function onlyOwnErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StrictJsonError);
  }
}

describe('strict JSON properties', () => {
  it('every JSON.stringify of a value without duplicate keys parses as JSON.parse reads it', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 2), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
        expect(parseStrictJson(Buffer.from(text, 'utf8'))).toEqual(JSON.parse(text));
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);

  it('a duplicate key inserted at any depth is rejected', () => {
    fc.assert(
      fc.property(nonEmptyObject, fc.nat(), value, wrappers, (object, pick, duplicateValue, layers) => {
        const keys = Object.keys(object);
        const key = keys[pick % keys.length]!;
        const withDuplicate = `${JSON.stringify(object).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(duplicateValue)}}`;
        expect(() => parseStrictJson(wrap(withDuplicate, layers))).toThrow(`duplicate key ${JSON.stringify(key)}`);
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);

  it('never throws anything but StrictJsonError, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => onlyOwnErrors(() => parseStrictJson(bytes))),
      RUNS,
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (text) => onlyOwnErrors(() => checkShape(parseStrictJson(text), CREATE_BODY_SHAPE))),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);

  it('cutting or changing one character of valid JSON never throws anything else', () => {
    fc.assert(
      fc.property(value, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (v, at, replacement) => {
        const text = JSON.stringify(v);
        const i = at % (text.length + 1);
        onlyOwnErrors(() => parseStrictJson(text.slice(0, i)));
        onlyOwnErrors(() => parseStrictJson(text.slice(0, i) + replacement + text.slice(i + 1)));
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);

  it('a HostConfig field in any other case is rejected; in its own spelling it is accepted', () => {
    const fields = Object.keys(HOST_CONFIG_FIELDS);
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (field, flips) => {
        const variant = [...field].map((c, i) => (flips[i] ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c)).join('');
        const body = parseStrictJson(`{"HostConfig":{${JSON.stringify(variant)}:null}}`);
        if (variant === field) checkShape(body, CREATE_BODY_SHAPE);
        else expect(() => checkShape(body, CREATE_BODY_SHAPE)).toThrow(`must be spelled HostConfig.${field}`);
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);
});

import { describe, expect, it } from 'vitest';
import { foldKey, parseStrictJson, StrictJsonError } from '../../../src/proxy/strict-json.js';
import { checkShape, CREATE_BODY_SHAPE, EXEC_BODY_SHAPE } from '../../../src/proxy/strict-json-shapes.js';

const reject = (text: string | Uint8Array) => {
  try {
    parseStrictJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(StrictJsonError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${String(text)}`);
};

const shapeError = (body: string) => {
  try {
    checkShape(parseStrictJson(body), CREATE_BODY_SHAPE);
  } catch (error) {
    expect(error).toBeInstanceOf(StrictJsonError);
    return (error as Error).message;
  }
  return undefined;
};

describe('parseStrictJson', () => {
  it('reads plain JSON as JSON.parse does', () => {
    const text = '{"Image":"nginx:1.27","HostConfig":{"Binds":["/srv:/srv:ro"],"Memory":268435456},"Env":[],"n":-1.5e3,"u":"\\u00e9\\ud83d\\ude00\\n","z":null,"t":true}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    expect(parseStrictJson(Buffer.from(text))).toEqual(JSON.parse(text));
  });

  it('keeps "__proto__" as a plain key', () => {
    const value = parseStrictJson('{"__proto__":{"Privileged":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { Privileged?: unknown }).Privileged).toBeUndefined();
  });

  it.each([
    ['{"a":1,"a":2}', 'duplicate key "a" at offset 7'],
    ['{"HostConfig":{"Privileged":false,"Privileged":true}}', 'duplicate key "Privileged" at offset 34'],
    ['{"a":1,"\\u0061":2}', 'duplicate key "a" at offset 7'],
    ['[{"x":{"y":[{"k":1,"k":1}]}}]', 'duplicate key "k"'],
    ['', 'unexpected end of JSON at offset 0'],
    ['{"a":1,}', 'expected a string key at offset 7'],
    ['{"a":1} x', 'unexpected data after the JSON value at offset 8'],
    ["{'a':1}", 'expected a string key at offset 1'],
    ['{"a":01}', 'expected "," or "}" at offset 6'],
    ['{"a":NaN}', 'unexpected character "N" at offset 5'],
    ['{"a":1e400}', 'number 1e400 is out of range at offset 5'],
    ['{"a":-1e400}', 'number -1e400 is out of range'],
    ['{"a":9223372036854775808}', 'integer 9223372036854775808 is too large to read exactly'],
    ['{"a":1e-400}', 'number 1e-400 underflows to zero'],
    ['{"a":"\\ud800"}', 'lone surrogate escape'],
    ['{"a":"\\udc00\\ud800"}', 'lone surrogate escape'],
    ['{"a":"\\x41"}', 'invalid escape'],
    ['{"a":"tab\there"}', 'control character in string'],
    ['{"a":"open', 'unterminated string'],
    ['\ufeff{}', 'unexpected character "\ufeff" at offset 0'],
    ['{"a":tru}', 'invalid literal'],
    ['{"a"\u00a0:1}', 'expected ":"'],
    ['[1 2]', 'expected "," or "]"'],
  ])('rejects %s', (text, message) => {
    expect(reject(text)).toContain(message);
  });

  it('rejects invalid UTF-8 and lone surrogates in text', () => {
    expect(reject(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).toBe('body is not valid UTF-8');
    expect(reject(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]))).toBe('body is not valid UTF-8');
    expect(reject('{"a":"\ud800"}')).toContain('lone surrogate in string');
  });

  it('limits nesting depth', () => {
    expect(reject('['.repeat(65) + ']'.repeat(65))).toContain('nested deeper than 64 levels');
    expect(parseStrictJson('['.repeat(64) + ']'.repeat(64))).toBeDefined();
    expect(() => parseStrictJson('['.repeat(100_000))).toThrow(StrictJsonError);
  });
});

describe('foldKey', () => {
  it('folds as Go encoding/json does for field names', () => {
    expect(foldKey('privileged')).toBe(foldKey('Privileged'));
    expect(foldKey('\u212aernelMemory')).toBe(foldKey('KernelMemory'));
    expect(foldKey('\u017fysctls')).toBe(foldKey('Sysctls'));
    expect(foldKey('Binds')).not.toBe(foldKey('Bind'));
  });
});

describe('checkShape on a create body', () => {
  it.each([
    ['{"Image":"a","HostConfig":{"Privileged":true}}', undefined],
    ['{"Image":"a","HostConfig":{"privileged":true}}', 'field HostConfig.privileged must be spelled HostConfig.Privileged'],
    ['{"image":"a"}', 'field image must be spelled Image'],
    ['{"Image":"a","hostconfig":{}}', 'field hostconfig must be spelled HostConfig'],
    ['{"HostConfig":{"Privileged":false,"PRIVILEGED":true}}', 'keys "Privileged" and "PRIVILEGED" name the same field HostConfig.PRIVILEGED'],
    ['{"HostConfig":{"\u017fysctls":{"kernel.x":"1"}}}', 'field HostConfig["\u017fysctls"] must be spelled HostConfig.Sysctls'],
    ['{"HostConfig":{"\u212aernelMemory":1}}', 'must be spelled'],
    ['{"Image":"a","Extra":1}', 'unknown field Extra'],
    ['{"HostConfig":{"Privilegedd":true}}', 'unknown field HostConfig.Privilegedd'],
    ['{"HostConfig":{"Mounts":[{"Type":"bind","source":"/","Target":"/h"}]}}', 'field HostConfig.Mounts[0].source must be spelled HostConfig.Mounts[0].Source'],
    ['{"HostConfig":{"Mounts":[{"Type":"volume","VolumeOptions":{"DriverConfig":{"name":"local"}}}]}}', 'must be spelled HostConfig.Mounts[0].VolumeOptions.DriverConfig.Name'],
    ['{"HostConfig":{"Devices":[{"pathonhost":"/dev/sda"}]}}', 'must be spelled'],
    ['{"Labels":{"team":"a","TEAM":"b"},"HostConfig":{"Sysctls":{"net.a":"1","NET.A":"2"}}}', undefined],
    ['{"NetworkingConfig":{"EndpointsConfig":{"n":{"aliases":["x"]}}}}', 'must be spelled NetworkingConfig.EndpointsConfig.n.Aliases'],
    ['{"HostConfig":{"LogConfig":{"Config":{"k":"1","K":"2"}}}}', undefined],
    ['{"HostConfig":{"ClusterThing":{"a":1,"A":2}}}', 'unknown field HostConfig.ClusterThing'],
    ['{"Healthcheck":{"test":["NONE"]}}', 'must be spelled Healthcheck.Test'],
  ])('%s', (body, message) => {
    const error = shapeError(body);
    if (message === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(message);
  });

  it('exec bodies: Privileged only in its canonical spelling', () => {
    expect(() => checkShape(parseStrictJson('{"Cmd":["sh"],"privileged":true}'), EXEC_BODY_SHAPE)).toThrow('field privileged must be spelled Privileged');
  });
});

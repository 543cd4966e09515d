import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DaemonValue } from '../../src/facts/host.js';
import { parseDaemonJson } from '../../src/sources/host/daemon-json.js';
import { parseDockerdFlags } from '../../src/sources/host/dockerd-flags.js';
import { jsonSyntaxError } from '../../src/sources/host/json-syntax.js';
import { anyText, expectLocationsInside, expectWellFormedErrors, PROPERTY_TIMEOUT, RUNS } from './support.js';

const FLAG_WORDS = [
  '-H', '--host', '--host=', '-D', '-DH', '-Dl', '-l', '--icc', '--icc=', '--icc=false', '--tlsverify', '--log-opt', '--log-opt=',
  '--default-ulimit', '--default-ulimit=nofile=', '--insecure-registry', '--feature', '--add-runtime', '--mtu', '--', '-', '=',
  '--config-file', '-g', '--graph=', 'unix:///run/docker.sock', 'fd://', 'a=b', 'nofile=1:2', ':', 'true', 'false', '__proto__',
  '--__proto__', '--constructor=1', '--log-opt=__proto__=x',
];

const argvWord = fc.oneof(fc.constantFrom(...FLAG_WORDS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
const argv = fc.array(argvWord, { maxLength: 30 }).map((words) => ['dockerd', ...words]);

function isDaemonValue(value: unknown): value is DaemonValue {
  if (['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string');
  return typeof value === 'object' && value !== null && Object.values(value).every(isDaemonValue);
}

describe('dockerd flags and daemon.json never break', () => {
  it(
    'parseDockerdFlags takes any argv, and every setting points at a word of it',
    () => {
      fc.assert(
        fc.property(argv, (words) => {
          const settings = parseDockerdFlags(words, 'process:dockerd[1]');
          for (const setting of settings.values()) {
            expect(isDaemonValue(setting.value)).toBe(true);
            for (const at of [setting.at, ...Object.values(setting.itemAt ?? {})]) {
              const index = Number(/^argv\.(\d+)$/.exec(at.path ?? '')?.[1]);
              expect(index).toBeGreaterThanOrEqual(1);
              expect(index).toBeLessThan(words.length);
            }
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'parseDaemonJson takes any text: settings located inside it, or located errors',
    () => {
      fc.assert(
        fc.property(fc.oneof(anyText, fc.json()), (text) => {
          const parsed = parseDaemonJson(text, '/etc/docker/daemon.json');
          expectWellFormedErrors(parsed.errors, '/etc/docker/daemon.json', text);
          expectLocationsInside(text, [...parsed.settings.values()]);
          if (parsed.errors.length > 0) expect(parsed.settings.size).toBe(0);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'the JSON grammar check agrees with JSON.parse',
    () => {
      const nearlyJson = fc.oneof(
        fc.json(),
        anyText,
        fc.json().map((j) => j.slice(0, -1)),
        fc.json().map((j) => `${j},`),
        // A trailing comma inside the last object or array: YAML takes it, JSON does not.
        fc.json().map((j) => j.replace(/([}\]])$/, ',$1')),
      );
      fc.assert(
        fc.property(nearlyJson, (text) => {
          let parses = true;
          try {
            JSON.parse(text);
          } catch {
            parses = false;
          }
          expect(jsonSyntaxError(text) === undefined).toBe(parses);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a valid daemon.json object gives its top-level values, each at its key',
    () => {
      const scalar = fc.oneof(fc.string(), fc.boolean(), fc.integer());
      fc.assert(
        fc.property(fc.dictionary(fc.string({ minLength: 1 }), scalar), (object) => {
          const text = JSON.stringify(object, null, 2);
          const { settings, errors } = parseDaemonJson(text, 'daemon.json');
          expect(errors).toEqual([]);
          expect(Object.fromEntries([...settings].map(([key, s]) => [key, s.value]))).toEqual(object);
          const lines = text.split('\n');
          for (const [key, setting] of settings) {
            const line = lines[setting.at.line - 1] ?? '';
            expect(line.slice(setting.at.column - 1)).toMatch(new RegExp(`^${escapeRegExp(JSON.stringify(key))}:`));
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

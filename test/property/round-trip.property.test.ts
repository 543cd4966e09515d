import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/sources/compose/dotenv.js';
import { interpolate } from '../../src/sources/compose/interpolate.js';
import { substituteArgs } from '../../src/sources/dockerfile/substitute.js';
import { parsePortSpec, type PortSpec } from '../../src/sources/port-spec.js';
import { joinArgv, parseRunCommand } from '../../src/sources/run-command/parse-run.js';
import { parseBytes, parseNanoCpus } from '../../src/sources/units.js';
import { anyText, PROPERTY_TIMEOUT, RUNS } from './support.js';

describe('port specs', () => {
  const port = fc.integer({ min: 0, max: 65535 });
  const portOrRange = fc.oneof(
    port.map(String),
    fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
  );
  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
  const parts = fc.record({
    hostIp: fc.oneof(fc.constant(''), ipv4, fc.ipV6()),
    hostPort: fc.oneof(fc.constant(''), portOrRange),
    containerPort: portOrRange,
    protocol: fc.constantFrom('tcp', 'udp', 'sctp', 'TCP', 'Udp', ''),
  });

  function specOf(p: { hostIp: string; hostPort: string; containerPort: string; protocol: string }): string {
    const ip = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
    const address = ip !== '' ? `${ip}:${p.hostPort}:${p.containerPort}` : p.hostPort !== '' ? `${p.hostPort}:${p.containerPort}` : p.containerPort;
    return p.protocol === '' ? address : `${address}/${p.protocol}`;
  }

  it('a spec built from parts parses back to those parts', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const expected: PortSpec = { hostIp: p.hostIp, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol.toLowerCase() || 'tcp' };
        expect(parsePortSpec(specOf(p))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('refuses a port above 65535 or a range that runs backwards', () => {
    const bad = fc.oneof(
      fc.integer({ min: 65536, max: 10_000_000 }).map(String),
      fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 65534 })).filter(([a, b]) => a > b).map(([a, b]) => `${a}-${b}`),
    );
    fc.assert(
      fc.property(bad, port, fc.boolean(), (badPort, good, onHost) => {
        expect(parsePortSpec(onHost ? `${badPort}:${good}` : `${good}:${badPort}`)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('never throws, and what it accepts is in range', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const spec = parsePortSpec(text);
        if (!spec) return;
        for (const p of [spec.containerPort, spec.hostPort].filter(Boolean).flatMap((x) => x.split('-'))) {
          expect(Number(p)).toBeLessThanOrEqual(65535);
        }
        expect(['tcp', 'udp', 'sctp']).toContain(spec.protocol);
      }),
      RUNS,
    );
  });
});

describe('Compose interpolation', () => {
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
  const env = fc.dictionary(name, fc.string({ maxLength: 10 }), { maxKeys: 5 });
  /** A default word without the characters that end or start an expansion. */
  const word = fc.string({ maxLength: 10 }).filter((w) => !/[$}]/.test(w));

  it('is the identity on text without $', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }).filter((t) => !t.includes('$')), env, (text, vars) => {
        expect(interpolate(text, new Map(Object.entries(vars)))).toBe(text);
      }),
      RUNS,
    );
  });

  it('turns $$ back into $: escaping every $ gives the text back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), env, (text, vars) => {
        expect(interpolate(text.replace(/\$/g, '$$$$'), new Map(Object.entries(vars)))).toBe(text);
      }),
      RUNS,
    );
  });

  it('expands ${NAME}, $NAME and the default operators as Compose does', () => {
    fc.assert(
      fc.property(name, fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), word, (n, value, dflt) => {
        const vars = new Map(value === undefined ? [] : [[n, value]]);
        const set = value !== undefined;
        const nonEmpty = set && value !== '';
        expect(interpolate(`\${${n}}`, vars)).toBe(value ?? '');
        expect(interpolate(`<$${n}>`, vars)).toBe(`<${value ?? ''}>`);
        expect(interpolate(`\${${n}:-${dflt}}`, vars)).toBe(nonEmpty ? value : dflt);
        expect(interpolate(`\${${n}-${dflt}}`, vars)).toBe(set ? value : dflt);
        expect(interpolate(`\${${n}:+${dflt}}`, vars)).toBe(nonEmpty ? dflt : '');
        expect(interpolate(`\${${n}+${dflt}}`, vars)).toBe(set ? dflt : '');
        expect(interpolate(`\${UNSET_${n}:-\${${n}:-${dflt}}}`, vars)).toBe(nonEmpty ? value : dflt);
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(anyText, env, (text, vars) => {
        expect(typeof interpolate(text, new Map(Object.entries(vars)))).toBe('string');
      }),
      RUNS,
    );
  });
});

describe('Dockerfile ARG substitution', () => {
  it('is the identity on text without $', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }).filter((t) => !t.includes('$')), (text) => {
        expect(substituteArgs(text, [{ name: 'A', value: 'x', at: { file: 'f', line: 1, column: 1 } }])).toEqual({ value: text, unresolved: false });
      }),
      RUNS,
    );
  });
});

describe('docker run words', () => {
  /** Any word a shell can pass: everything but NUL. */
  const shellWord = fc.string({ unit: 'binary', maxLength: 20 }).filter((w) => !w.includes('\0'));

  it(
    'joinArgv then parsing gives back the words',
    () => {
      fc.assert(
        fc.property(shellWord, shellWord, shellWord.filter((w) => w !== ''), fc.array(shellWord, { maxLength: 4 }), (name, volume, image, command) => {
          const text = `docker run ${joinArgv(['--name', name, '-v', volume, '--', image, ...command])}`;
          const result = parseRunCommand(text, 'line');
          expect(result.errors).toEqual([]);
          expect(result.container?.name).toBe(name);
          expect(result.container?.request.HostConfig?.Binds).toEqual([volume]);
          expect(result.container?.request.Image).toBe(image);
          expect(result.container?.request.Cmd ?? []).toEqual(command);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('joinArgv leaves plain words alone', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[\w@%+=:,./-]+$/), { maxLength: 6 }), (words) => {
        expect(joinArgv(words)).toBe(words.join(' '));
      }),
      RUNS,
    );
  });
});

describe('byte and CPU units', () => {
  const UNITS: [string, number][] = [
    ['', 1], ['b', 1], ['k', 1024], ['kb', 1024], ['m', 1024 ** 2], ['mb', 1024 ** 2],
    ['g', 1024 ** 3], ['gb', 1024 ** 3], ['t', 1024 ** 4], ['tb', 1024 ** 4],
  ];
  const unitText = fc.constantFrom(...UNITS).chain(([unit, factor]) =>
    fc.array(fc.boolean(), { minLength: unit.length, maxLength: unit.length }).map((upper) => ({
      text: [...unit].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''),
      factor,
    })),
  );

  it('reads a number with any unit in any case', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.option(fc.nat(99), { nil: undefined }), unitText, fc.constantFrom('', ' '), (whole, fraction, unit, space) => {
        const number = fraction === undefined ? `${whole}` : `${whole}.${fraction}`;
        expect(parseBytes(`${number}${space}${unit.text}`)).toBe(Math.floor(Number(number) * unit.factor));
      }),
      RUNS,
    );
  });

  it('passes finite numbers through and refuses the rest', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        expect(parseBytes(n)).toBe(Number.isFinite(n) ? n : undefined);
      }),
      RUNS,
    );
  });

  it('never gives NaN, and only non-negative sizes for text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const bytes = parseBytes(text);
        if (bytes !== undefined) expect(bytes).toBeGreaterThanOrEqual(0);
        const cpus = parseNanoCpus(text);
        if (cpus !== undefined) expect(Number.isInteger(cpus) && cpus >= 0).toBe(true);
      }),
      RUNS,
    );
  });

  it('reads CPUs written the way Go prints floats', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1_000, noNaN: true }), (cpus) => {
        expect(parseNanoCpus(String(cpus))).toBe(Math.round(cpus * 1e9));
        expect(parseNanoCpus(cpus)).toBe(Math.round(cpus * 1e9));
      }),
      RUNS,
    );
  });
});

describe('.env files', () => {
  const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/);
  /** Printable values; a newline is written as \n inside double quotes. */
  const value = fc.string({ unit: 'grapheme', maxLength: 15 }).filter((v) => !/[\r\n]/.test(v));
  type Entry = { key: string; value: string; style: 'double' | 'single' | 'bare'; exported: boolean; comment: boolean; spaces: boolean };
  const entry: fc.Arbitrary<Entry> = fc
    .record({
      key,
      value: fc.oneof(value, value.map((v) => `${v}\n${v}`), fc.stringMatching(/^[\w./:@-]{1,12}$/)),
      style: fc.constantFrom('double' as const, 'single' as const, 'bare' as const),
      exported: fc.boolean(),
      comment: fc.boolean(),
      spaces: fc.boolean(),
    })
    .map((e) => {
      // Single quotes cannot hold a quote or a newline; bare values are single plain words.
      if (e.style === 'single' && /['\n]/.test(e.value)) return { ...e, style: 'double' as const };
      if (e.style === 'bare' && !/^[\w./:@-]+$/.test(e.value)) return { ...e, style: 'double' as const };
      return e;
    });

  function write(e: Entry): string {
    const quoted =
      e.style === 'double'
        ? `"${e.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
        : e.style === 'single'
          ? `'${e.value}'`
          : e.value;
    const assign = e.spaces ? ' = ' : '=';
    return `${e.exported ? 'export ' : ''}${e.key}${assign}${quoted}${e.comment ? ' # a "quoted" comment' : ''}`;
  }

  it('reads back what was written, in every quoting style', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.key, maxLength: 6 }), fc.boolean(), (entries, crlf) => {
        const text = ['# header', '', ...entries.map(write)].join(crlf ? '\r\n' : '\n');
        expect(Object.fromEntries(parseDotenv(text))).toEqual(Object.fromEntries(entries.map((e) => [e.key, e.value])));
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const [k] of parseDotenv(text)) expect(k).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
      }),
      RUNS,
    );
  });
});

import fc from 'fast-check';
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { hardenCompose, readComposeServices } from '../../src/harden/harden-compose.js';
import { DEFAULT_HARDEN_OPTIONS } from '../../src/harden/plan.js';
import { parseCompose } from '../../src/sources/compose/parse-compose.js';
import { PROPERTY_TIMEOUT, RUNS } from './support.js';

/** One Compose service in a random but valid writing style: indentation, sequence style, quoting, comments. */
const service = fc.record({
  name: fc.constantFrom('web', 'db', 'cache', 'api'),
  ports: fc.array(fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 })), { maxLength: 3 }),
  flowPorts: fc.boolean(),
  quote: fc.constantFrom('"', "'", ''),
  privileged: fc.boolean(),
  readOnly: fc.constantFrom(undefined, true, false),
  pids: fc.constantFrom(undefined, 0, 50),
  capDrop: fc.constantFrom(undefined, 'NET_RAW', 'ALL'),
  comment: fc.boolean(),
});

const style = fc.record({ indent: fc.constantFrom(2, 4), indentless: fc.boolean(), services: fc.uniqueArray(service, { minLength: 1, maxLength: 3, selector: (s) => s.name }) });

type File = typeof style extends fc.Arbitrary<infer T> ? T : never;

function render(file: File): string {
  const one = ' '.repeat(file.indent);
  const two = one.repeat(2);
  const dash = file.indentless ? two : `${two}${one}`;
  const lines = ['# generated', 'services:'];
  for (const s of file.services) {
    lines.push(`${one}${s.name}:${s.comment ? '  # service' : ''}`, `${two}image: app:1`);
    if (s.comment) lines.push(`${two}# a comment inside`);
    const ports = s.ports.map(([h, c]) => `${s.quote}${h}:${c}${s.quote}`);
    if (ports.length > 0) {
      if (s.flowPorts) lines.push(`${two}ports: [${ports.join(', ')}]`);
      else lines.push(`${two}ports:`, ...ports.map((p) => `${dash}- ${p}`));
    }
    if (s.privileged) lines.push(`${two}privileged: true`);
    if (s.readOnly !== undefined) lines.push(`${two}read_only: ${s.readOnly}`);
    if (s.pids !== undefined) lines.push(`${two}pids_limit: ${s.pids}`);
    if (s.capDrop) lines.push(`${two}cap_drop:`, `${dash}- ${s.capDrop}`);
  }
  return `${lines.join('\n')}\n`;
}

function harden(text: string, aggressive: boolean, seccomp: boolean): string {
  const services = readComposeServices(text, 'compose.yaml', new Map());
  const options = { ...DEFAULT_HARDEN_OPTIONS, aggressive, ...(seccomp ? { seccomp: './seccomp.json' } : {}) };
  return hardenCompose('compose.yaml', services, new Map(), options).text;
}

describe('harden compose, any writing style', () => {
  it(
    'parses afterwards, is idempotent, keeps every comment, and removes only lines it had to change',
    () => {
      fc.assert(
        fc.property(style, fc.boolean(), fc.boolean(), (file, aggressive, seccomp) => {
          const before = render(file);
          const after = harden(before, aggressive, seccomp);
          expect(parseCompose(after, 'compose.yaml', new Map()).errors).toEqual([]);
          expect(harden(after, aggressive, seccomp)).toBe(after);
          for (const line of before.split('\n').filter((l) => l.includes('#'))) expect(after).toContain(line);
          const patch = createTwoFilesPatch('a', 'b', before, after, '', '', { context: 0 });
          const removed = patch.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
          for (const line of removed) expect(line, before).toMatch(/ports|\d+:\d+|privileged|read_only: false|pids_limit: 0|cap_drop|- (NET_RAW|ALL)/);
          const hardened = parseCompose(after, 'compose.yaml', new Map()).containers;
          for (const container of hardened) {
            expect(container.capDrop.map((c) => c.value)).toContain('ALL');
            expect(container.readOnlyRootfs?.value).toBe(true);
            expect(container.ports.every((p) => p.value.hostIp === '127.0.0.1')).toBe(true);
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

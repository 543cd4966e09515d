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

describe('harden a docker run line, any flags', () => {
  const flag = fc.oneof(
    fc.constantFrom('-d', '--rm', '-it', '--init', '--privileged', '--read-only', '--read-only=false', '--network host', '--pid=host'),
    fc.integer({ min: 1, max: 65535 }).map((port) => `-p ${port}:${port}`),
    fc.constantFrom('NET_RAW', 'SYS_ADMIN', 'CHOWN').map((cap) => `--cap-add ${cap}`),
    fc.constantFrom('0', '50').map((n) => `--pids-limit ${n}`),
    fc.stringMatching(/^[a-z]{1,6}$/).map((value) => `-e 'NAME=${value} x'`),
    fc.constantFrom('--user 1000', '-u 0', '--memory 1g', '--cpus 2', '-v /data:/data', '--tmpfs /tmp'),
  );
  const line = fc.tuple(fc.array(flag, { maxLength: 8 }), fc.constantFrom('app:1', 'nginx', 'registry.local:5000/team/app@sha256:' + 'a'.repeat(64)), fc.constantFrom('', ' sh -c "echo $HOME"', ' --port 80'))
    .map(([flags, image, command]) => `docker run ${flags.join(' ')} ${image}${command}`);

  it(
    'gives a line that parses, hardens to itself, and keeps the image and its command',
    async () => {
      const { parseRunCommand } = await import('../../src/sources/run-command/parse-run.js');
      const { rewriteRunLine } = await import('../../src/harden/run-rewrite.js');
      const { planHardening } = await import('../../src/harden/plan.js');
            const harden = (text: string, aggressive: boolean) => {
        const parsed = parseRunCommand(text, 'command-line');
        expect(parsed.errors, text).toEqual([]);
        const facts = parsed.container;
        if (!facts) throw new Error(text);
        const plan = planHardening({ facts, command: facts.request.Cmd ?? [], options: { ...DEFAULT_HARDEN_OPTIONS, aggressive } });
        return { facts, command: rewriteRunLine(text, plan) };
      };
      fc.assert(
        fc.property(line, fc.boolean(), (text, aggressive) => {
          const first = harden(text, aggressive);
          const second = harden(first.command, aggressive);
          expect(second.command, text).toBe(first.command);
          expect(second.facts.image?.value).toBe(first.facts.image?.value);
          expect(second.facts.request.Cmd).toEqual(first.facts.request.Cmd);
          expect(second.facts.capDrop.map((c) => c.value)).toContain('ALL');
          expect(second.facts.readOnlyRootfs?.value).toBe(true);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

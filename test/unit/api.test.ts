import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules, scanFiles, scanText, VERSION, type ScanResult } from '../../src/index.js';
import * as api from '../../src/index.js';
import noPrivileged from '../../src/rules/container/no-privileged.js';
import { containerRule } from '../../src/rules/rule.js';

const root = join(import.meta.dirname, '../..');

describe('library API', () => {
  it('scanText reports a privileged Compose service at the key', async () => {
    const result: ScanResult = await scanText({
      kind: 'compose',
      text: 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n',
    });
    const finding = result.findings.find((f) => f.ruleId === 'no-privileged');
    expect(finding).toMatchObject({ severity: 'critical', subject: 'app', at: { file: 'compose.yaml', line: 4, column: 5 } });
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(result.errors).toEqual([]);
    expect(result.inputs).toEqual([{ path: 'compose.yaml', kind: 'compose' }]);
  });

  it('scanText reads a run line and returns errors instead of throwing', async () => {
    const good = await scanText({ kind: 'run', text: 'docker run --privileged alpine:3.20' });
    expect(good.findings.map((f) => f.ruleId)).toContain('no-privileged');
    const bad = await scanText({ kind: 'run', text: 'ls -la' });
    expect(bad.findings).toEqual([]);
    expect(bad.errors).toEqual([{ file: 'command-line', line: 1, column: 1, message: 'no `docker run` or `docker create` command found' }]);
  });

  it('scanFiles scans the shipped examples', async () => {
    const result = await scanFiles(['examples'], { cwd: root });
    expect(result.errors).toEqual([]);
    expect(result.inputs.map((i) => i.path)).toEqual(['examples/api/Dockerfile', 'examples/compose.yaml', 'examples/worker/Dockerfile']);
  });

  it('fingerprints do not change when lines move', async () => {
    const text = 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n';
    const moved = `# a comment added above\n\n${text}`;
    const print = async (t: string) => (await scanText({ kind: 'compose', text: t })).findings.find((f) => f.ruleId === 'no-privileged')?.fingerprint;
    expect(await print(moved)).toBe(await print(text));
  });

  it('exports every rule, and the version matches package.json', () => {
    expect(rules.length).toBeGreaterThanOrEqual(30);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('a rule that throws', () => {
  it('becomes one error naming the rule and the file; the other rules still report', async () => {
    const broken = containerRule({
      meta: { ...noPrivileged.meta, id: 'broken-rule' },
      check() {
        throw new Error('boom');
      },
    });
    const result = await scanText(
      { kind: 'compose', text: 'services:\n  app:\n    image: nginx:1.27\n    privileged: true\n' },
      { rules: [broken, noPrivileged] },
    );
    expect(result.errors).toEqual([{ file: 'compose.yaml', message: 'rule broken-rule failed (a hullcheck bug, please report it): boom' }]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['no-privileged']);
  });
});

describe('audit through the library', () => {
  it('rejects with an EngineError naming an unreachable engine', async () => {
    const host = 'unix:///nonexistent/hullcheck-test.sock';
    const failure = await api.audit({ endpoint: { host } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(api.EngineError);
    expect((failure as Error).message).toBe(`cannot reach the Docker engine at ${host}: connect ENOENT`);
  });
});

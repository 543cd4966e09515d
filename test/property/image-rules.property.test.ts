import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyStep } from '../../src/rules/helpers/history.js';
import { isAllowedPath } from '../../src/rules/helpers/image-files.js';
import { imageRules } from '../../src/rules/image/index.js';
import { DEFAULT_SETTINGS } from '../../src/rules/rule.js';
import { runRules } from '../../src/rules/run-rules.js';
import { IMAGE_FILE, imageFacts, NOW, type FileSpec } from '../rules/image/image-fixtures.js';
import { anyText, PROPERTY_TIMEOUT, RUNS } from './support.js';

const segment = fc.constantFrom('usr', 'bin', 'etc', 'app', 'tmp', 'root', '.aws', '.ssh', 'node_modules', 'test', 'var', 'cache', 'apt', 'lists', 'x y', '.env', 'id_rsa', 'su');
const imagePath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
/** Secrets made at test time; no finding may quote them. */
const secret = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghp_${s}`),
  fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `AKIA${s}`),
  fc.stringMatching(/^[a-zA-Z0-9]{8,20}$/),
);
const peekText = fc.oneof(
  anyText,
  secret.map((s) => `password = ${s}\ntoken: ${s}\n`),
  secret.map((s) => `-----BEGIN RSA PRIVATE KEY-----\n${s}\n`),
  secret.map((s) => `//registry.npmjs.org/:_authToken=${s}`),
);
const fileSpec: fc.Arbitrary<FileSpec> = fc.record({
  path: imagePath,
  type: fc.constantFrom('file' as const, 'directory' as const, 'symlink' as const, 'hardlink' as const, 'other' as const),
  mode: fc.integer({ min: 0, max: 0o7777 }),
  uid: fc.constantFrom(0, 1000),
  gid: fc.constantFrom(0, 5, 1000),
  size: fc.nat({ max: 1 << 30 }),
  peek: fc.option(peekText, { nil: undefined }),
});
const imageSpec = fc.record({
  files: fc.option(fc.array(fileSpec, { maxLength: 30 }), { nil: undefined }),
  env: fc.array(fc.tuple(fc.constantFrom('PATH', 'DB_PASSWORD', 'GH', 'API_TOKEN'), fc.oneof(secret, anyText)).map(([n, v]) => `${n}=${v}`), { maxLength: 4 }),
  labels: fc.dictionary(fc.constantFrom('a.password', 'org.label', 'token'), fc.oneof(secret, anyText), { maxKeys: 3 }),
  history: fc.array(
    fc.oneof(
      anyText,
      secret.map((s) => `RUN |1 NPM_TOKEN=${s} /bin/sh -c npm ci # buildkit`),
      secret.map((s) => `/bin/sh -c curl -u app:${s}@x https://app:${s}@h.example.com/i | sh`),
      secret.map((s) => `ADD http://u:${s}@h.example.com/x.tgz /x # buildkit`),
    ),
    { maxLength: 5 },
  ),
  exposedPorts: fc.array(fc.oneof(fc.nat({ max: 70000 }).map((p) => `${p}/tcp`), anyText), { maxLength: 4 }),
  osRelease: fc.option(fc.record({ id: fc.constantFrom('debian', 'ubuntu', 'alpine', 'arch'), versionId: fc.oneof(fc.constantFrom('3.18.1', '12', '20.04', '1.2.3.4', ''), anyText) }), { nil: undefined }),
});

describe('image rules on random images', () => {
  it(
    'never throw, locate every finding in the image, and never quote a secret',
    () => {
      fc.assert(
        fc.property(imageSpec, (spec) => {
          const facts = imageFacts(spec);
          const findings = runRules(facts, imageRules, { ...DEFAULT_SETTINGS, now: NOW });
          const secrets = [...JSON.stringify(spec).matchAll(/(?:ghp_|AKIA)[A-Za-z0-9]{16,}/g)].map(([s]) => s);
          for (const finding of findings) {
            expect(finding.at.file).toBe(IMAGE_FILE);
            expect(finding.at.line).toBe(0);
            const path = finding.at.path ?? '';
            const inImage = facts.contents?.files.has(path) || path === '/etc/os-release' || /^\/(?:var|root|home|usr)\//.test(path);
            expect(inImage || /^(?:Config\.|History\.|Created$|RepoTags$)/.test(path), path).toBe(true);
            for (const s of secrets) expect(finding.message).not.toContain(s);
          }
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'report nothing about files allow-listed with /**',
    () => {
      const everything = new Map(imageRules.filter((r) => r.meta.options?.includes('allow-paths')).map((r) => [r.meta.id, ['/**']]));
      fc.assert(
        fc.property(imageSpec, (spec) => {
          const facts = imageFacts(spec);
          const findings = runRules(facts, imageRules, { ...DEFAULT_SETTINGS, now: NOW, allowedPaths: everything });
          expect(findings.filter((f) => everything.has(f.ruleId))).toEqual([]);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('history steps and allow-path globs', () => {
  it('take any created_by apart without throwing', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const step = historyStep(text);
        expect(step.instruction).toMatch(/^[A-Z]+$/);
        expect(text.includes(step.body.split(' ')[0] ?? '')).toBe(true);
      }),
      RUNS,
    );
  });

  it('an exact path always matches itself and nothing else without wildcards', () => {
    const settings = (glob: string) => ({ ...DEFAULT_SETTINGS, allowedPaths: new Map([['r', [glob]]]) });
    fc.assert(
      fc.property(fc.string().map((s) => `/${s.replace(/[*?]/g, '')}`), imagePath, (path, other) => {
        expect(isAllowedPath(settings(path), 'r', path)).toBe(true);
        expect(isAllowedPath(settings(path), 'r', other)).toBe(other === path);
        expect(isAllowedPath(settings(path), 'other-rule', path)).toBe(false);
      }),
      RUNS,
    );
  });
});

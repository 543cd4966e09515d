import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/facts/finding.js';
import noSecretsInImageEnv from '../../../src/rules/image/no-secrets-in-image-env.js';
import noStaleImage from '../../../src/rules/image/no-stale-image.js';
import noUntaggedImage from '../../../src/rules/image/no-untagged-image.js';
import requireImageHealthcheck from '../../../src/rules/image/require-image-healthcheck.js';
import requireImageUser from '../../../src/rules/image/require-image-user.js';
import { DEFAULT_SETTINGS, type ImageRule } from '../../../src/rules/rule.js';
import { runRules } from '../../../src/rules/run-rules.js';
import { imageFactsFromInspect, type ImageInspect } from '../../../src/sources/engine/image-to-facts.js';

const ID = `sha256:4773cd9357e6${'0'.repeat(52)}`;
const NOW = new Date('2026-11-23T00:00:00Z');
const FILE = 'image:app:1@4773cd9357e6';

function inspect(config: ImageInspect['Config'], extra: Partial<ImageInspect> = {}): ImageInspect {
  return { Id: ID, RepoTags: ['app:1'], Created: '2026-11-01T00:00:00Z', Config: config, ...extra };
}

function check(rule: ImageRule, image: ImageInspect): Pick<Finding, 'message' | 'at'>[] {
  return runRules(imageFactsFromInspect(image), [rule], { ...DEFAULT_SETTINGS, now: NOW }).map(({ message, at }) => ({ message, at }));
}

const at = (path: string) => ({ file: FILE, line: 0, column: 0, path });

describe('require-image-user', () => {
  it.each(['app', '10001:10001', 'nobody:0'])('does not report user %s', (user) => {
    expect(check(requireImageUser, inspect({ User: user }))).toEqual([]);
  });
  it('reports an image with no user, at Config.User', () => {
    expect(check(requireImageUser, inspect({ User: '' }))).toEqual([{ message: 'image app:1@4773cd9357e6 names no user, so its containers run as root', at: at('Config.User') }]);
  });
  it.each(['root', '0', '0:0', 'root:app'])('reports user %s as root', (user) => {
    expect(check(requireImageUser, inspect({ User: user }))).toEqual([{ message: `image app:1@4773cd9357e6 runs as root (user "${user}")`, at: at('Config.User') }]);
  });
  it('names an untagged image by its short id', () => {
    expect(check(requireImageUser, inspect(null, { RepoTags: ['<none>:<none>'] }))[0]?.at.file).toBe('image:<none>@4773cd9357e6');
  });
});

describe('require-image-healthcheck', () => {
  it('does not report an image with a health check', () => {
    expect(check(requireImageHealthcheck, inspect({ Healthcheck: { Test: ['CMD', '/healthz'] } }))).toEqual([]);
  });
  it.each([null, { Test: ['NONE'] }, { Test: [] }])('reports healthcheck %j', (healthcheck) => {
    expect(check(requireImageHealthcheck, inspect({ Healthcheck: healthcheck }))).toEqual([
      { message: 'image app:1@4773cd9357e6 defines no health check', at: at('Config.Healthcheck') },
    ]);
  });
});

describe('no-stale-image', () => {
  it('does not report an image built within 90 days, or one with no build date', () => {
    expect(check(noStaleImage, inspect({}, { Created: '2026-08-25T00:00:00Z' }))).toEqual([]);
    expect(check(noStaleImage, inspect({}, { Created: '0001-01-01T00:00:00Z' }))).toEqual([]);
    expect(check(noStaleImage, inspect({}, { Created: null }))).toEqual([]);
  });
  it('reports an image built 91 days ago', () => {
    expect(check(noStaleImage, inspect({}, { Created: '2026-08-24T00:00:00Z' }))).toEqual([
      { message: 'image app:1@4773cd9357e6 was built 91 days ago (2026-08-24), more than 90', at: at('Created') },
    ]);
  });
});

describe('no-secrets-in-image-env', () => {
  it('does not report settings, references and files', () => {
    expect(check(noSecretsInImageEnv, inspect({ Env: ['PATH=/bin', 'DB_PASSWORD_FILE=/run/secrets/db', 'TOKEN=${TOKEN}', 'PASSWORD='] }))).toEqual([]);
  });
  it('reports literal secrets and passwords in URLs, at their Env index', () => {
    expect(check(noSecretsInImageEnv, inspect({ Env: ['PATH=/bin', 'DB_PASSWORD=hunter2', 'DATABASE_URL=postgres://app:s3cret@db/app'] }))).toEqual([
      { message: 'image app:1@4773cd9357e6 stores DB_PASSWORD in its environment: its name marks it as a secret', at: at('Config.Env.1') },
      { message: 'image app:1@4773cd9357e6 stores DATABASE_URL in its environment: its value is a URL with a password in it', at: at('Config.Env.2') },
    ]);
  });
});

describe('no-untagged-image', () => {
  it('does not report a tagged image', () => {
    expect(check(noUntaggedImage, inspect({}))).toEqual([]);
  });
  it.each([[['<none>:<none>']], [[]], [null]])('reports an image with tags %j, by its short id', (tags) => {
    expect(check(noUntaggedImage, inspect({}, { RepoTags: tags }))).toEqual([
      {
        message: 'image 4773cd9357e6 has no tag: an unused build or pull leftover that nothing rebuilds',
        at: { file: 'image:<none>@4773cd9357e6', line: 0, column: 0, path: 'RepoTags' },
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { isFromRegistryEntry, normalizeRegistryHost, parseImageReference } from '../../../src/rules/helpers/image-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx', implicitRegistry: true }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', implicitRegistry: true }],
    ['nginx:latest', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest', implicitRegistry: true }],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2', implicitRegistry: true }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx', implicitRegistry: false }],
    ['index.docker.io/library/nginx:1', { registry: 'docker.io', repository: 'library/nginx', tag: '1', implicitRegistry: false }],
    ['registry-1.docker.io/bitnami/redis', { registry: 'docker.io', repository: 'bitnami/redis', implicitRegistry: false }],
    ['ghcr.io/org/team/app:v2', { registry: 'ghcr.io', repository: 'org/team/app', tag: 'v2', implicitRegistry: false }],
    ['localhost/app', { registry: 'localhost', repository: 'app', implicitRegistry: false }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', implicitRegistry: false }],
    ['localhost:5000/app:1.0', { registry: 'localhost:5000', repository: 'app', tag: '1.0', implicitRegistry: false }],
    ['Registry.Example.com:443/team/app', { registry: 'registry.example.com:443', repository: 'team/app', implicitRegistry: false }],
    ['[::1]:5000/app:dev', { registry: '[::1]:5000', repository: 'app', tag: 'dev', implicitRegistry: false }],
    [`nginx@${DIGEST}`, { registry: 'docker.io', repository: 'library/nginx', digest: DIGEST, implicitRegistry: true }],
    [`ghcr.io/org/app:1.2@${DIGEST}`, { registry: 'ghcr.io', repository: 'org/app', tag: '1.2', digest: DIGEST, implicitRegistry: false }],
    ['my_org/my-app__x.y', { registry: 'docker.io', repository: 'my_org/my-app__x.y', implicitRegistry: true }],
    ['  nginx:1.27  ', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', implicitRegistry: true }],
  ])('%s', (ref, expected) => {
    expect(parseImageReference(ref)).toEqual(expected);
  });

  it.each([
    '',
    'nginx:',
    'nginx@',
    'nginx@sha256:',
    'nginx@sha256:abc',
    ':1.0',
    '${IMAGE}',
    'nginx:${TAG}',
    '${REGISTRY}/app:1',
    'registry.example.com/${APP}',
    'Nginx:1.0',
    'ghcr.io/Org/app',
    'app//x',
    'app/',
    '/app',
    'nginx:-bad',
    'ghcr.io:abc/app',
    'https://ghcr.io/app',
    'nginx:1.0:2.0',
  ])('rejects %j', (ref) => {
    expect(parseImageReference(ref)).toBeUndefined();
  });
});

describe('normalizeRegistryHost', () => {
  it('folds Docker Hub aliases and lower-cases', () => {
    expect(normalizeRegistryHost('INDEX.docker.io')).toBe('docker.io');
    expect(normalizeRegistryHost('registry-1.docker.io')).toBe('docker.io');
    expect(normalizeRegistryHost('GHCR.io')).toBe('ghcr.io');
  });
});

describe('isFromRegistryEntry', () => {
  const ref = (text: string) => {
    const parsed = parseImageReference(text);
    if (!parsed) throw new Error(`bad fixture ${text}`);
    return parsed;
  };

  it.each([
    ['ghcr.io/myorg/app:1', 'ghcr.io'],
    ['ghcr.io/myorg/app:1', 'ghcr.io/'],
    ['ghcr.io/myorg/app:1', 'GHCR.IO/myorg'],
    ['ghcr.io/myorg/team/app:1', 'ghcr.io/myorg/team'],
    ['ghcr.io/myorg/app:1', 'ghcr.io/myorg/app'],
    ['nginx:1.27', 'docker.io'],
    ['nginx:1.27', 'index.docker.io'],
    ['nginx:1.27', 'docker.io/library'],
    ['index.docker.io/library/nginx', 'registry-1.docker.io'],
    ['myorg/app:1', 'myorg'],
    ['myorg/app:1', 'docker.io/myorg'],
    ['localhost:5000/app', 'localhost:5000'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1', '*.dkr.ecr.eu-west-1.amazonaws.com'],
  ])('%s is from %s', (image, entry) => {
    expect(isFromRegistryEntry(ref(image), entry)).toBe(true);
  });

  it.each([
    ['ghcr.io/myorg-evil/app:1', 'ghcr.io/myorg'],
    ['ghcr.io/other/app:1', 'ghcr.io/myorg'],
    ['evilghcr.io/myorg/app:1', 'ghcr.io'],
    ['ghcr.io.evil.com/myorg/app:1', 'ghcr.io'],
    ['nginx:1.27', 'ghcr.io'],
    ['nginx:1.27', 'myorg'],
    ['myorg/app:1', 'docker.io/library'],
    ['localhost:5001/app', 'localhost:5000'],
    ['localhost/app', 'localhost:5000'],
    ['ghcr.io/myorg/app', ''],
    ['dkr.ecr.eu-west-1.amazonaws.com.evil/app', '*.dkr.ecr.eu-west-1.amazonaws.com'],
  ])('%s is not from %s', (image, entry) => {
    expect(isFromRegistryEntry(ref(image), entry)).toBe(false);
  });
});

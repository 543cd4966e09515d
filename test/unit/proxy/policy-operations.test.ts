import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, OPERATIONS, operationOf, pathTarget, ROUTES, UNKNOWN_OPERATION } from '../../../src/proxy/operations.js';
import { PRESETS } from '../../../src/proxy/presets.js';

const q = (text = '') => new URLSearchParams(text);

describe('operationOf', () => {
  it.each([
    ['GET', '/_ping', '', 'ping'],
    ['HEAD', '/_ping', '', 'ping'],
    ['GET', '/version', '', 'version'],
    ['GET', '/events', 'filters={}', 'events'],
    ['GET', '/containers/json', 'all=1', 'containers:list'],
    ['POST', '/containers/create', 'name=web', 'containers:create'],
    ['GET', '/containers/web/json', '', 'containers:inspect'],
    ['POST', '/containers/3f2a1b9c0d12/start', '', 'containers:start'],
    ['DELETE', '/containers/web', 'force=1', 'containers:remove'],
    ['PUT', '/containers/web/archive', 'path=/tmp', 'containers:archive-put'],
    ['HEAD', '/containers/web/archive', 'path=/tmp', 'containers:archive-get'],
    ['GET', '/containers/web/attach/ws', '', 'containers:attach'],
    ['POST', '/containers/prune', '', 'containers:prune'],
    ['POST', '/containers/web/exec', '', 'exec:create'],
    ['POST', '/exec/abc/start', '', 'exec:start'],
    ['POST', '/images/create', 'fromImage=nginx&tag=1.27', 'images:pull'],
    ['POST', '/images/create', 'fromSrc=-', 'images:import'],
    ['GET', '/images/registry.example.com:5000/team/app:1.2/json', '', 'images:inspect'],
    ['DELETE', '/images/registry.example.com/team/app:1.2', '', 'images:remove'],
    ['POST', '/images/team/app/push', 'tag=1', 'images:push'],
    ['GET', '/images/search', 'term=nginx', 'images:search'],
    ['GET', '/distribution/docker.io/library/nginx:1.27/json', '', 'distribution'],
    ['POST', '/build', 'remote=https://example.com/x.git', 'images:build'],
    ['POST', '/build/prune', '', 'build:prune'],
    ['GET', '/networks', '', 'networks:list'],
    ['POST', '/networks/create', '', 'networks:create'],
    ['GET', '/networks/bridge', '', 'networks:inspect'],
    ['POST', '/volumes/create', '', 'volumes:create'],
    ['POST', '/plugins/pull', 'remote=vieux/sshfs', 'plugins:install'],
    ['POST', '/plugins/vieux/sshfs:latest/enable', '', 'plugins:enable'],
    ['POST', '/services/create', '', 'services:create'],
    ['GET', '/swarm', '', 'swarm:inspect'],
    ['POST', '/session', '', 'session'],
  ])('%s %s?%s is %s', (method, path, query, expected) => {
    expect(operationOf(method, path, q(query))).toBe(expected);
  });

  it.each([
    ['GET', '/containers/create'],
    ['POST', '/containers/json'],
    ['PATCH', '/containers/web'],
    ['GET', '/containers/web/start'],
    ['POST', '/containers/web/copy'],
    ['GET', '/containers//json'],
    ['GET', '/v1.43/containers/json'],
    ['GET', '/_ping/'],
    ['GET', '/'],
    ['GET', ''],
    ['POST', '/containers/a/b/start'],
    ['get', '/nothing'],
  ])('%s %s is unknown', (method, path) => {
    expect(operationOf(method, path, q())).toBe(UNKNOWN_OPERATION);
  });

  it('methods match exactly, as in the engine router: a lower-case method is unknown', () => {
    expect(operationOf('get', '/version')).toBe(UNKNOWN_OPERATION);
  });

  it('every route reaches its own operation with a sample path', () => {
    for (const route of ROUTES) {
      const path = route.path.replace('**', 'registry.example.com/team/app:1').replace(/\*/g, 'abc123');
      const query = route.when?.present ? q(`${route.when.query}=x`) : q();
      expect(operationOf(route.method, path, query), `${route.method} ${route.path}`).toBe(route.operation);
    }
  });

  it('the routes and the operation list name the same operations', () => {
    expect(new Set(ROUTES.map((r) => r.operation))).toEqual(new Set(OPERATION_NAMES));
    expect(OPERATION_NAMES.size).toBe(OPERATIONS.length);
  });
});

describe('presets', () => {
  it('name only known operations, each once', () => {
    for (const preset of PRESETS) {
      for (const op of preset.operations) expect(OPERATION_NAMES.has(op), `${preset.name}: ${op}`).toBe(true);
      expect(new Set(preset.operations).size).toBe(preset.operations.length);
    }
  });

  it('read-only presets change nothing and hand out no secrets', () => {
    const changing = /:(create|start|stop|restart|kill|update|remove|prune|install|pull|push|build|set|exec|attach|archive-put|connect|disconnect|commit|rename|pause|unpause)$|^exec:|^swarm:|^configs:|^secrets:/;
    for (const name of ['read-only', 'portainer-readonly', 'traefik', 'traefik-swarm']) {
      const preset = PRESETS.find((p) => p.name === name)!;
      expect(preset.operations.filter((op) => changing.test(op)), name).toEqual([]);
    }
  });

  it('no preset allows an operation that grants host access on its own', () => {
    const grants = new Set(OPERATIONS.filter((op) => op.grantsHostAccess).map((op) => op.name));
    for (const preset of PRESETS) expect(preset.operations.filter((op) => grants.has(op)), preset.name).toEqual([]);
  });
});

describe('pathTarget', () => {
  it.each([
    ['/containers/web/start', { kind: 'container', id: 'web' }],
    ['/containers/web', { kind: 'container', id: 'web' }],
    ['/containers/web/exec', { kind: 'container', id: 'web' }],
    ['/exec/abc/start', { kind: 'exec', id: 'abc' }],
    ['/containers/json', undefined],
    ['/containers/create', undefined],
    ['/images/web/json', undefined],
    ['/containers/%E0%A4%A/json', { kind: 'container', id: '%E0%A4%A' }],
  ])('%s', (path, expected) => {
    expect(pathTarget(path)).toEqual(expected);
  });
});

/**
 * Engine API requests named the way users think of them: `containers:create`,
 * `images:pull`, `exec:start`. Policies allow operations, never paths, so a
 * user cannot write a path pattern that lets more through than intended.
 * Anything the table does not name is `unknown`, which no policy can allow.
 */

export interface OperationRoute {
  method: string;
  /** Path after the version prefix; `*` is one segment, `**` one or more (image and plugin names hold slashes). */
  path: string;
  operation: string;
  /** Narrows a route by its query (`POST /images/create?fromSrc=` imports, without it pulls). */
  when?: { query: string; present: boolean };
}

export interface OperationInfo {
  name: string;
  /** What the operation lets a client do, for the docs and `hullcheck proxy` errors. */
  summary: string;
  /** True when allowing it hands out host-level power on its own, whatever the body says. */
  grantsHostAccess?: boolean;
}

export const UNKNOWN_OPERATION = 'unknown';

const route = (method: string, path: string, operation: string, when?: OperationRoute['when']): OperationRoute =>
  when ? { method, path, operation, when } : { method, path, operation };

/** Order matters only where two patterns overlap: the first match wins. */
export const ROUTES: readonly OperationRoute[] = [
  route('GET', '/_ping', 'ping'),
  route('HEAD', '/_ping', 'ping'),
  route('GET', '/version', 'version'),
  route('GET', '/info', 'info'),
  route('GET', '/events', 'events'),
  route('GET', '/system/df', 'system:df'),
  route('POST', '/auth', 'auth'),

  route('GET', '/containers/json', 'containers:list'),
  route('POST', '/containers/create', 'containers:create'),
  route('POST', '/containers/prune', 'containers:prune'),
  route('GET', '/containers/*/json', 'containers:inspect'),
  route('GET', '/containers/*/top', 'containers:top'),
  route('GET', '/containers/*/logs', 'containers:logs'),
  route('GET', '/containers/*/changes', 'containers:changes'),
  route('GET', '/containers/*/export', 'containers:export'),
  route('GET', '/containers/*/stats', 'containers:stats'),
  route('POST', '/containers/*/resize', 'containers:resize'),
  route('POST', '/containers/*/start', 'containers:start'),
  route('POST', '/containers/*/stop', 'containers:stop'),
  route('POST', '/containers/*/restart', 'containers:restart'),
  route('POST', '/containers/*/kill', 'containers:kill'),
  route('POST', '/containers/*/update', 'containers:update'),
  route('POST', '/containers/*/rename', 'containers:rename'),
  route('POST', '/containers/*/pause', 'containers:pause'),
  route('POST', '/containers/*/unpause', 'containers:unpause'),
  route('POST', '/containers/*/attach', 'containers:attach'),
  route('GET', '/containers/*/attach/ws', 'containers:attach'),
  route('POST', '/containers/*/wait', 'containers:wait'),
  route('GET', '/containers/*/archive', 'containers:archive-get'),
  route('HEAD', '/containers/*/archive', 'containers:archive-get'),
  route('PUT', '/containers/*/archive', 'containers:archive-put'),
  route('DELETE', '/containers/*', 'containers:remove'),
  route('POST', '/commit', 'containers:commit'),

  route('POST', '/containers/*/exec', 'exec:create'),
  route('POST', '/exec/*/start', 'exec:start'),
  route('POST', '/exec/*/resize', 'exec:resize'),
  route('GET', '/exec/*/json', 'exec:inspect'),

  route('GET', '/images/json', 'images:list'),
  route('GET', '/images/search', 'images:search'),
  route('GET', '/images/get', 'images:save'),
  route('POST', '/images/load', 'images:load'),
  route('POST', '/images/prune', 'images:prune'),
  route('POST', '/images/create', 'images:import', { query: 'fromSrc', present: true }),
  route('POST', '/images/create', 'images:pull', { query: 'fromSrc', present: false }),
  route('GET', '/images/**/json', 'images:inspect'),
  route('GET', '/images/**/history', 'images:history'),
  route('GET', '/images/**/get', 'images:save'),
  route('POST', '/images/**/push', 'images:push'),
  route('POST', '/images/**/tag', 'images:tag'),
  route('DELETE', '/images/**', 'images:remove'),
  route('GET', '/distribution/**/json', 'distribution'),

  route('POST', '/build', 'images:build'),
  route('POST', '/build/prune', 'build:prune'),
  route('POST', '/build/cancel', 'build:cancel'),
  route('POST', '/session', 'session'),
  route('POST', '/grpc', 'grpc'),

  route('GET', '/networks', 'networks:list'),
  route('POST', '/networks/create', 'networks:create'),
  route('POST', '/networks/prune', 'networks:prune'),
  route('GET', '/networks/*', 'networks:inspect'),
  route('POST', '/networks/*/connect', 'networks:connect'),
  route('POST', '/networks/*/disconnect', 'networks:disconnect'),
  route('DELETE', '/networks/*', 'networks:remove'),

  route('GET', '/volumes', 'volumes:list'),
  route('POST', '/volumes/create', 'volumes:create'),
  route('POST', '/volumes/prune', 'volumes:prune'),
  route('GET', '/volumes/*', 'volumes:inspect'),
  route('PUT', '/volumes/*', 'volumes:update'),
  route('DELETE', '/volumes/*', 'volumes:remove'),

  route('GET', '/plugins', 'plugins:list'),
  route('GET', '/plugins/privileges', 'plugins:privileges'),
  route('POST', '/plugins/pull', 'plugins:install'),
  route('POST', '/plugins/create', 'plugins:create'),
  route('GET', '/plugins/**/json', 'plugins:inspect'),
  route('POST', '/plugins/**/enable', 'plugins:enable'),
  route('POST', '/plugins/**/disable', 'plugins:disable'),
  route('POST', '/plugins/**/upgrade', 'plugins:upgrade'),
  route('POST', '/plugins/**/push', 'plugins:push'),
  route('POST', '/plugins/**/set', 'plugins:set'),
  route('DELETE', '/plugins/**', 'plugins:remove'),

  route('GET', '/swarm', 'swarm:inspect'),
  route('POST', '/swarm/init', 'swarm:init'),
  route('POST', '/swarm/join', 'swarm:join'),
  route('POST', '/swarm/leave', 'swarm:leave'),
  route('POST', '/swarm/update', 'swarm:update'),
  route('GET', '/swarm/unlockkey', 'swarm:unlockkey'),
  route('POST', '/swarm/unlock', 'swarm:unlock'),

  route('GET', '/nodes', 'nodes:list'),
  route('GET', '/nodes/*', 'nodes:inspect'),
  route('POST', '/nodes/*/update', 'nodes:update'),
  route('DELETE', '/nodes/*', 'nodes:remove'),

  route('GET', '/services', 'services:list'),
  route('POST', '/services/create', 'services:create'),
  route('GET', '/services/*', 'services:inspect'),
  route('POST', '/services/*/update', 'services:update'),
  route('GET', '/services/*/logs', 'services:logs'),
  route('DELETE', '/services/*', 'services:remove'),

  route('GET', '/tasks', 'tasks:list'),
  route('GET', '/tasks/*', 'tasks:inspect'),
  route('GET', '/tasks/*/logs', 'tasks:logs'),

  route('GET', '/secrets', 'secrets:list'),
  route('POST', '/secrets/create', 'secrets:create'),
  route('GET', '/secrets/*', 'secrets:inspect'),
  route('POST', '/secrets/*/update', 'secrets:update'),
  route('DELETE', '/secrets/*', 'secrets:remove'),

  route('GET', '/configs', 'configs:list'),
  route('POST', '/configs/create', 'configs:create'),
  route('GET', '/configs/*', 'configs:inspect'),
  route('POST', '/configs/*/update', 'configs:update'),
  route('DELETE', '/configs/*', 'configs:remove'),
];

const HOST = true;

/** Every operation name, with what it lets a client do. The docs list is generated from this. */
export const OPERATIONS: readonly OperationInfo[] = [
  { name: 'ping', summary: 'check that the engine answers (`GET`/`HEAD /_ping`)' },
  { name: 'version', summary: 'read the engine version' },
  { name: 'info', summary: 'read engine-wide information (`docker info`)' },
  { name: 'events', summary: 'follow the engine event stream' },
  { name: 'system:df', summary: 'read disk usage' },
  { name: 'auth', summary: 'check registry credentials' },
  { name: 'containers:list', summary: 'list containers' },
  { name: 'containers:create', summary: 'create a container (the body is checked against `containers:` rules)' },
  { name: 'containers:inspect', summary: 'inspect a container (its environment included)' },
  { name: 'containers:top', summary: 'list a container\'s processes' },
  { name: 'containers:logs', summary: 'read a container\'s output' },
  { name: 'containers:changes', summary: 'list files changed in a container' },
  { name: 'containers:export', summary: 'export a container\'s file system' },
  { name: 'containers:stats', summary: 'read resource usage' },
  { name: 'containers:resize', summary: 'resize a container\'s TTY' },
  { name: 'containers:start', summary: 'start a container' },
  { name: 'containers:stop', summary: 'stop a container' },
  { name: 'containers:restart', summary: 'restart a container' },
  { name: 'containers:kill', summary: 'send a signal to a container' },
  { name: 'containers:update', summary: 'change a container\'s resources and restart policy (the body is checked)' },
  { name: 'containers:rename', summary: 'rename a container' },
  { name: 'containers:pause', summary: 'pause a container' },
  { name: 'containers:unpause', summary: 'unpause a container' },
  { name: 'containers:attach', summary: 'attach to a container\'s input and output' },
  { name: 'containers:wait', summary: 'wait for a container to stop' },
  { name: 'containers:archive-get', summary: 'copy files out of a container (`docker cp` from)' },
  { name: 'containers:archive-put', summary: 'copy files into a container (`docker cp` to)' },
  { name: 'containers:remove', summary: 'remove a container' },
  { name: 'containers:prune', summary: 'remove every stopped container' },
  { name: 'containers:commit', summary: 'make an image from a container' },
  { name: 'exec:create', summary: 'prepare a command in a running container (the body is checked)' },
  { name: 'exec:start', summary: 'run a prepared command' },
  { name: 'exec:resize', summary: 'resize an exec TTY' },
  { name: 'exec:inspect', summary: 'inspect an exec instance' },
  { name: 'images:list', summary: 'list images' },
  { name: 'images:search', summary: 'search a registry' },
  { name: 'images:save', summary: 'export images as a tar archive' },
  { name: 'images:load', summary: 'load images from a tar archive' },
  { name: 'images:prune', summary: 'remove unused images' },
  { name: 'images:import', summary: 'import a file system as an image (`POST /images/create?fromSrc=`)' },
  { name: 'images:pull', summary: 'pull an image' },
  { name: 'images:inspect', summary: 'inspect an image' },
  { name: 'images:history', summary: 'read an image\'s history' },
  { name: 'images:push', summary: 'push an image' },
  { name: 'images:tag', summary: 'tag an image' },
  { name: 'images:remove', summary: 'remove an image' },
  { name: 'images:build', summary: 'build an image (remote contexts and host networking are checked)' },
  { name: 'distribution', summary: 'read an image\'s manifest from its registry' },
  { name: 'build:prune', summary: 'remove the build cache' },
  { name: 'build:cancel', summary: 'cancel a build' },
  { name: 'session', summary: 'open a BuildKit session; builds run through it are not visible to the proxy', grantsHostAccess: HOST },
  { name: 'grpc', summary: 'talk to BuildKit directly; builds run through it are not visible to the proxy', grantsHostAccess: HOST },
  { name: 'networks:list', summary: 'list networks' },
  { name: 'networks:create', summary: 'create a network' },
  { name: 'networks:prune', summary: 'remove unused networks' },
  { name: 'networks:inspect', summary: 'inspect a network' },
  { name: 'networks:connect', summary: 'connect a container to a network' },
  { name: 'networks:disconnect', summary: 'disconnect a container from a network' },
  { name: 'networks:remove', summary: 'remove a network' },
  { name: 'volumes:list', summary: 'list volumes' },
  { name: 'volumes:create', summary: 'create a volume (driver options that bind host paths are checked)' },
  { name: 'volumes:prune', summary: 'remove unused volumes' },
  { name: 'volumes:inspect', summary: 'inspect a volume' },
  { name: 'volumes:update', summary: 'update a cluster volume' },
  { name: 'volumes:remove', summary: 'remove a volume' },
  { name: 'plugins:list', summary: 'list plugins' },
  { name: 'plugins:privileges', summary: 'read the privileges a plugin asks for' },
  { name: 'plugins:install', summary: 'install a plugin (its privileges are checked)', grantsHostAccess: HOST },
  { name: 'plugins:create', summary: 'create a plugin from a tar archive', grantsHostAccess: HOST },
  { name: 'plugins:inspect', summary: 'inspect a plugin' },
  { name: 'plugins:enable', summary: 'enable a plugin' },
  { name: 'plugins:disable', summary: 'disable a plugin' },
  { name: 'plugins:upgrade', summary: 'upgrade a plugin (its privileges are checked)', grantsHostAccess: HOST },
  { name: 'plugins:push', summary: 'push a plugin' },
  { name: 'plugins:set', summary: 'change a plugin\'s settings (mounts and devices included)', grantsHostAccess: HOST },
  { name: 'plugins:remove', summary: 'remove a plugin' },
  { name: 'swarm:inspect', summary: 'inspect the swarm (join tokens included)' },
  { name: 'swarm:init', summary: 'create a swarm' },
  { name: 'swarm:join', summary: 'join a swarm' },
  { name: 'swarm:leave', summary: 'leave the swarm' },
  { name: 'swarm:update', summary: 'change swarm settings' },
  { name: 'swarm:unlockkey', summary: 'read the swarm unlock key' },
  { name: 'swarm:unlock', summary: 'unlock a locked swarm manager' },
  { name: 'nodes:list', summary: 'list swarm nodes' },
  { name: 'nodes:inspect', summary: 'inspect a node' },
  { name: 'nodes:update', summary: 'change a node (role, availability, labels)' },
  { name: 'nodes:remove', summary: 'remove a node' },
  { name: 'services:list', summary: 'list services' },
  { name: 'services:create', summary: 'create a service (its container spec is checked)' },
  { name: 'services:inspect', summary: 'inspect a service' },
  { name: 'services:update', summary: 'update a service (its container spec is checked)' },
  { name: 'services:logs', summary: 'read a service\'s output' },
  { name: 'services:remove', summary: 'remove a service' },
  { name: 'tasks:list', summary: 'list tasks' },
  { name: 'tasks:inspect', summary: 'inspect a task' },
  { name: 'tasks:logs', summary: 'read a task\'s output' },
  { name: 'secrets:list', summary: 'list secrets (names, not values)' },
  { name: 'secrets:create', summary: 'create a secret' },
  { name: 'secrets:inspect', summary: 'inspect a secret (not its value)' },
  { name: 'secrets:update', summary: 'update a secret\'s labels' },
  { name: 'secrets:remove', summary: 'remove a secret' },
  { name: 'configs:list', summary: 'list configs' },
  { name: 'configs:create', summary: 'create a config' },
  { name: 'configs:inspect', summary: 'inspect a config (its data included)' },
  { name: 'configs:update', summary: 'update a config' },
  { name: 'configs:remove', summary: 'remove a config' },
];

export const OPERATION_NAMES: ReadonlySet<string> = new Set(OPERATIONS.map((op) => op.name));

interface CompiledRoute extends OperationRoute {
  pattern: RegExp;
}

const SEGMENT = '[^/]+';

function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part === '*' ? SEGMENT : part === '**' ? `${SEGMENT}(?:/${SEGMENT})*` : escapeRegExp(part)))
    .join('/');
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const COMPILED: readonly CompiledRoute[] = ROUTES.map((r) => ({ ...r, pattern: compile(r.path) }));

/** The operation a request is, or `unknown`. The path must already be canonical and without its version prefix. */
export function operationOf(method: string, path: string, query?: URLSearchParams): string {
  for (const candidate of COMPILED) {
    // Exact method match: the engine's router does not fold case either.
    if (candidate.method !== method || !candidate.pattern.test(path)) continue;
    if (candidate.when && (query?.has(candidate.when.query) ?? false) !== candidate.when.present) continue;
    return candidate.operation;
  }
  return UNKNOWN_OPERATION;
}

/** The container id or name in a `/containers/{id}/...` path, or the exec id in `/exec/{id}/...`. */
export function pathTarget(path: string): { kind: 'container' | 'exec'; id: string } | undefined {
  const match = /^\/(containers|exec)\/([^/]+)(?:\/|$)/.exec(path);
  if (!match || !match[2]) return undefined;
  if (match[1] === 'containers' && ['json', 'create', 'prune'].includes(match[2])) return undefined;
  return { kind: match[1] === 'exec' ? 'exec' : 'container', id: safeDecode(match[2]) };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

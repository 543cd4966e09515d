/**
 * Named sets of operations for the clients people usually put behind the
 * socket. A policy names them as `preset:traefik` in its `allow:` list;
 * they only widen the operation list: container bodies are still checked.
 */

export interface Preset {
  name: string;
  summary: string;
  operations: readonly string[];
}

const OBSERVE = [
  'ping', 'version', 'info', 'events', 'system:df',
  'containers:list', 'containers:inspect', 'containers:top', 'containers:stats', 'containers:changes',
  'images:list', 'images:inspect', 'images:history',
  'networks:list', 'networks:inspect',
  'volumes:list', 'volumes:inspect',
  'plugins:list', 'plugins:inspect',
  'services:list', 'services:inspect', 'tasks:list', 'tasks:inspect', 'nodes:list', 'nodes:inspect',
] as const;

export const PRESETS: readonly Preset[] = [
  {
    name: 'read-only',
    summary: 'look at containers, images, networks, volumes and services without changing anything; no logs, no swarm join tokens, no config data',
    operations: OBSERVE,
  },
  {
    name: 'portainer-readonly',
    summary: 'read-only plus container, service and task logs, for dashboards',
    operations: [...OBSERVE, 'containers:logs', 'services:logs', 'tasks:logs'],
  },
  {
    name: 'traefik',
    summary: 'what Traefik\'s docker provider reads: ping, version, events, container list and inspect',
    operations: ['ping', 'version', 'events', 'containers:list', 'containers:inspect'],
  },
  {
    name: 'traefik-swarm',
    summary: 'what Traefik\'s docker provider reads in swarm mode: the traefik preset plus services, tasks, networks and nodes',
    operations: [
      'ping', 'version', 'info', 'events', 'containers:list', 'containers:inspect',
      'services:list', 'services:inspect', 'tasks:list', 'networks:list', 'networks:inspect', 'nodes:list',
    ],
  },
  {
    name: 'ci-runner',
    summary: 'run build and test jobs in containers: pull and build images, create, start, attach, exec, wait and remove containers, with their networks and volumes',
    operations: [
      'ping', 'version', 'info', 'events',
      'containers:list', 'containers:inspect', 'containers:create', 'containers:start', 'containers:stop',
      'containers:kill', 'containers:wait', 'containers:logs', 'containers:attach', 'containers:resize',
      'containers:remove', 'containers:archive-get', 'containers:archive-put',
      'exec:create', 'exec:start', 'exec:inspect', 'exec:resize',
      'images:list', 'images:inspect', 'images:pull', 'images:build', 'images:tag', 'images:remove', 'images:history',
      'networks:list', 'networks:inspect', 'networks:create', 'networks:connect', 'networks:disconnect', 'networks:remove',
      'volumes:list', 'volumes:inspect', 'volumes:create', 'volumes:remove',
    ],
  },
  {
    name: 'watchtower',
    summary: 'keep containers up to date: pull new images and recreate containers with the same settings',
    operations: [
      'ping', 'version', 'info', 'events',
      'containers:list', 'containers:inspect', 'containers:create', 'containers:start', 'containers:stop',
      'containers:kill', 'containers:remove', 'containers:rename', 'containers:wait',
      'images:list', 'images:inspect', 'images:pull', 'images:remove',
      'networks:list', 'networks:connect', 'networks:disconnect',
    ],
  },
];

export const PRESET_PREFIX = 'preset:';

export function presetNamed(name: string): Preset | undefined {
  return PRESETS.find((preset) => preset.name === name);
}

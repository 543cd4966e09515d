import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicyConfig } from '../../src/proxy/policy-config.js';
import { createPolicy } from '../../src/proxy/policy.js';
import type { EngineLookup, ProxyRequest } from '../../src/proxy/types.js';

/**
 * The bodies the real docker CLI sends, recorded by a stand-in socket that
 * answers like an engine, must pass the strict decoder (no false positives on
 * fields the CLI always sends), and the policy must judge them as scan judges
 * the same flags.
 */
interface Recorded {
  method: string;
  url: string;
  body: Buffer;
}

let dir: string;
let server: Server;
let recorded: Recorded[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-cli-bodies-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      recorded.push({ method: req.method ?? '', url, body: Buffer.concat(chunks) });
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': '1.47' });
        res.end(JSON.stringify(body));
      };
      if (url.endsWith('/_ping')) {
        res.writeHead(200, { 'Api-Version': '1.47', Ostype: 'linux' });
        res.end(req.method === 'HEAD' ? undefined : 'OK');
      } else if (url.includes('/containers/create')) json(201, { Id: 'c0ffee', Warnings: [] });
      else if (/\/containers\/[^/]+\/exec/.test(url)) json(201, { Id: 'e0ffee' });
      else if (/\/exec\/[^/]+\/start/.test(url)) res.writeHead(200).end();
      else if (/\/containers\/[^/]+\/update/.test(url)) json(200, { Warnings: [] });
      else if (url.includes('/volumes/create')) json(201, { Name: 'v', Driver: 'local', Mountpoint: '/x', Scope: 'local' });
      else if (/\/containers\/[^/]+\/json/.test(url)) json(200, { Id: 'c0ffee', State: { Running: true }, Config: {} });
      else json(404, { message: 'not recorded' });
    });
  });
  await new Promise<void>((resolve) => server.listen(join(dir, 'docker.sock'), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a docker CLI command against the recorder; returns the requests the policy judges. */
async function capture(...args: string[]): Promise<ProxyRequest[]> {
  recorded = [];
  await promisify(execFile)('docker', ['-H', `unix://${join(dir, 'docker.sock')}`, ...args], { env: { ...process.env, DOCKER_CONFIG: dir } });
  return recorded
    .filter((r) => r.method === 'POST')
    .map((r) => {
      const url = new URL(r.url, 'http://engine');
      return { method: r.method, path: url.pathname.replace(/^\/v\d+\.\d+/, ''), query: url.searchParams, headers: {}, body: r.body, streamedBody: false };
    });
}

const engine: EngineLookup = { containerLabels: async () => ({}), execContainerLabels: async () => ({}) };
const client = { listener: 'unix:///t.sock', peer: 'unix' };
const ALL = 'allow: [containers:create, containers:update, exec:create, exec:start, volumes:create]\n';
const permissive = createPolicy(parsePolicyConfig(`${ALL}containers:\n  rules: { fail-on: none }\n  allow: { devices: [/dev/fuse, device-requests], device-cgroup-rules: ['c 10:229 rwm'], shared-containers: ['*'], runtimes: [runc], bind-sources: [/] }\nexec: { privileged: true }\n`, 'permissive.yaml'));
const strict = createPolicy(parsePolicyConfig(ALL, 'default.yaml'));

/** name, docker arguments, rule ids the default policy denies with, rule ids even the permissive policy denies with. */
const COMMANDS: [string, string[], string[], string[]?][] = [
  ['plain create', ['create', 'hullcheck-test/busybox:1'], []],
  [
    'create with most flags',
    [
      'create', '--name', 'job', '-m', '256m', '--memory-reservation', '128m', '--memory-swap', '512m', '--cpus', '1', '--cpu-shares', '512',
      '--pids-limit', '100', '--read-only', '--tmpfs', '/tmp:size=64m', '--restart', 'on-failure:3', '-p', '127.0.0.1:8080:80',
      '-e', 'A=1', '-l', 'team=ci', '--user', '1000:1000', '--health-cmd', 'true', '--health-interval', '5s', '--ulimit', 'nofile=1024:2048',
      '--dns', '1.1.1.1', '--dns-search', 'example.com', '--dns-option', 'ndots:1', '--add-host', 'a:1.2.3.4', '--hostname', 'h', '--domainname', 'd',
      '--workdir', '/w', '--entrypoint', 'sh', '--init', '--shm-size', '64m', '--sysctl', 'net.ipv4.ip_forward=1', '--oom-score-adj', '10',
      '--memory-swappiness', '10', '--blkio-weight', '300', '--device-read-bps', '/dev/null:1mb', '--cpuset-cpus', '0', '--stop-signal', 'SIGTERM',
      '--stop-timeout', '5', '--log-driver', 'json-file', '--log-opt', 'max-size=1m', '--ipc', 'private', '--cgroupns', 'private',
      '--security-opt', 'no-new-privileges', '--security-opt', 'apparmor=docker-default', '--cap-drop', 'ALL', '--cap-add', 'NET_BIND_SERVICE',
      '--group-add', '10', '--expose', '9000', '-v', 'data:/data', '--mount', 'type=tmpfs,dst=/run', '--network', 'none', '--label', 'x=y',
      '--device', '/dev/fuse', '--device-cgroup-rule', 'c 10:229 rwm', '--runtime', 'runc', '--isolation', 'default', '--platform', 'linux/amd64',
      '-it', '--volumes-from', 'cache:ro',
      'hullcheck-test/busybox:1', 'sleep', '1',
    ],
    ['device-not-allowed', 'device-cgroup-rule', 'volumes-from'],
  ],
  [
    'create with the grants',
    ['create', '--privileged', '--pid', 'host', '-v', '/:/host', '--cap-add', 'SYS_ADMIN', '--security-opt', 'seccomp=unconfined', '--gpus', 'all', '--annotation', 'a=b', '--cgroup-parent', 'x', 'hullcheck-test/busybox:1'],
    ['no-privileged', 'no-host-namespaces', 'no-sensitive-host-mount', 'no-docker-socket-mount', 'no-dangerous-capabilities', 'no-disabled-security-profile', 'device-requests', 'annotations', 'cgroup-parent'],
    ['annotations', 'cgroup-parent'],
  ],
  ['create in another container\'s namespaces', ['create', '--network', 'container:other', '--pid', 'container:other', '--ipc', 'container:other', 'hullcheck-test/busybox:1'], ['namespace-join']],
  [
    'create with a volume mount binding /etc',
    ['create', '--mount', 'type=volume,dst=/x,volume-driver=local,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/etc', 'hullcheck-test/busybox:1'],
    ['volume-host-path', 'no-sensitive-host-mount'],
  ],
  ['privileged exec as root', ['exec', '-d', '-u', 'root', '--privileged', '-e', 'A=1', '-w', '/', 'c0ffee', 'sh'], ['exec-privileged']],
  ['update', ['update', '--memory', '300m', '--memory-swap', '600m', '--cpus', '2', '--pids-limit', '200', '--restart', 'unless-stopped', 'c0ffee'], []],
  ['volume binding /etc', ['volume', 'create', '--opt', 'type=none', '--opt', 'o=bind', '--opt', 'device=/etc', 'v'], ['volume-host-path']],
];

describe('docker CLI bodies', () => {
  it.each(COMMANDS)('%s', async (_name, args, denials, alwaysDenied = []) => {
    const requests = await capture(...args);
    expect(requests.length).toBeGreaterThan(0);
    const rules: string[] = [];
    const looseRules: string[] = [];
    for (const request of requests) {
      const loose = await permissive.decide(request, client, engine);
      expect(loose.rules, loose.message).not.toContain('strict-json');
      if (!loose.allow) looseRules.push(...loose.rules);
      const judged = await strict.decide(request, client, engine);
      if (!judged.allow) rules.push(...judged.rules);
    }
    expect([...new Set(rules)].sort()).toEqual([...denials].sort());
    expect([...new Set(looseRules)].sort()).toEqual([...alwaysDenied].sort());
  });
});

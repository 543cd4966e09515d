import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type DecisionLogEntry, type RunningProxy } from '../../src/proxy/server.js';
import { loadPolicy } from '../../src/proxy/policy.js';
import type { ProxyPolicy } from '../../src/proxy/types.js';
import { startEngine, type TestEngine } from './engines.js';

/**
 * The real docker CLI through the proxy to a private engine: with a
 * permissive policy every everyday command works (streams and attach
 * included); with a strict one the denied command fails and its error names
 * the rule.
 */

const IMAGE = 'hullcheck-test/busybox:1';
const run = promisify(execFile);

const permissive: ProxyPolicy = {
  async decide(request) {
    return { allow: true, status: 200, message: '', operation: `${request.method} ${request.path}`, rules: [] };
  },
};

let engine: TestEngine;
let proxy: RunningProxy;
let dir: string;
const log: DecisionLogEntry[] = [];
let viaProxy: Record<string, string>;
let viaStrict: Record<string, string>;
const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`;

beforeAll(async () => {
  engine = await startEngine();
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-cli-'));
  // The strict listener: a CI runner's operations, create bodies checked by every rule of high severity or above.
  writeFileSync(join(dir, 'strict.yaml'), 'allow: [preset:ci-runner]\n');
  const strict = loadPolicy(join(dir, 'strict.yaml'));
  proxy = await startProxy({
    listeners: [
      { address: `unix://${dir}/open.sock`, policy: permissive },
      { address: `unix://${dir}/strict.sock`, policy: strict },
    ],
    upstream: { host: engine.socket, source: 'test' },
    log: (entry) => log.push(entry),
    warn: () => undefined,
  });
  viaProxy = { ...process.env, DOCKER_HOST: `unix://${dir}/open.sock`, DOCKER_BUILDKIT: '0' } as Record<string, string>;
  viaStrict = { ...process.env, DOCKER_HOST: `unix://${dir}/strict.sock` } as Record<string, string>;
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

const docker = (env: Record<string, string>, ...args: string[]) => run('docker', args, { env, timeout: 60_000 });

/** Runs docker with stdin, resolving with its output once it exits. */
function dockerWithInput(env: Record<string, string>, input: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('docker', args, { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts a long-running docker command and waits until its output contains `text`. */
async function streamUntil(child: ChildProcess, text: string): Promise<string> {
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" in: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
  return out;
}

describe('docker CLI through the proxy, permissive policy', () => {
  const name = `px-${suffix}`;

  it('ps, create, start, inspect, logs -f, exec, exec -i, rm', async () => {
    expect((await docker(viaProxy, 'ps', '-a', '--format', '{{.Names}}')).stdout).toBe('');
    const created = await docker(viaProxy, 'create', '--name', name, '--network', 'host', IMAGE, 'sh', '-c', 'i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.2; done');
    expect(created.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    await docker(viaProxy, 'start', name);
    expect((await docker(viaProxy, 'inspect', '--format', '{{.State.Running}} {{.Name}}', name)).stdout.trim()).toBe(`true /${name}`);

    const follow = spawn('docker', ['logs', '-f', name], { env: viaProxy });
    await streamUntil(follow, 'line-3');
    follow.kill();

    expect((await docker(viaProxy, 'exec', name, 'echo', 'from-exec')).stdout).toBe('from-exec\n');
    const interactive = await dockerWithInput(viaProxy, 'piped through stdin\n', 'exec', '-i', name, 'cat');
    expect(interactive).toMatchObject({ code: 0, stdout: 'piped through stdin\n' });

    // exec -it needs a terminal on the client side: script(1) gives docker one.
    const tty = await run('script', ['-qec', `docker exec -it ${name} sh -c 'test -t 0 && echo tty-ok'`, '/dev/null'], { env: viaProxy, timeout: 30_000 });
    expect(tty.stdout).toContain('tty-ok');

    await docker(viaProxy, 'rm', '-f', name);
    expect((await docker(viaProxy, 'ps', '-a', '--format', '{{.Names}}')).stdout).toBe('');
  });

  it('run -i attaches stdin and stdout through the upgrade', async () => {
    const result = await dockerWithInput(viaProxy, 'hello attach\n', 'run', '--rm', '-i', '--network', 'host', IMAGE, 'sh', '-c', 'read line; echo "got: $line"');
    expect(result).toMatchObject({ code: 0, stdout: 'got: hello attach\n' });
  });

  it('attach to a running container', async () => {
    const attached = `${name}-attach`;
    await docker(viaProxy, 'run', '-d', '--name', attached, '--network', 'host', IMAGE, 'sh', '-c', 'sleep 1; for i in 1 2 3 4 5 6 7 8 9; do echo tick-$i; sleep 0.3; done');
    const child = spawn('docker', ['attach', '--no-stdin', attached], { env: viaProxy });
    await streamUntil(child, 'tick-5');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    await docker(viaProxy, 'rm', '-f', attached);
  });

  it('events streams while another client creates a container', async () => {
    const events = spawn('docker', ['events', '--filter', 'type=container', '--format', '{{.Action}} {{.Actor.Attributes.name}}'], { env: viaProxy });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await docker(viaProxy, 'create', '--name', `${name}-ev`, IMAGE, 'true');
    await streamUntil(events, `create ${name}-ev`);
    events.kill();
    await docker(viaProxy, 'rm', `${name}-ev`);
  });

  it('build uploads its context as a stream', async () => {
    const context = join(dir, 'context');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, 'Dockerfile'), `FROM ${IMAGE}\nCOPY payload /payload\nRUN wc -c /payload\n`);
    writeFileSync(join(context, 'payload'), Buffer.alloc(6 * 1024 * 1024, 7)); // beyond the 4 MiB body cap: streamed, not buffered
    const built = await docker(viaProxy, 'build', '-q', '-t', `hullcheck-proxy-build:${suffix}`, context);
    expect(built.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await docker(viaProxy, 'image', 'inspect', '--format', '{{.Size}}', `hullcheck-proxy-build:${suffix}`)).stdout.trim()).not.toBe('');
    const build = log.find((entry) => entry.path.endsWith('/build'));
    expect(build).toMatchObject({ method: 'POST', decision: 'allow', status: 200 });
  });

  it('save and load stream an image archive both ways', async () => {
    const archive = join(dir, 'image.tar');
    await docker(viaProxy, 'save', '-o', archive, IMAGE);
    const loaded = await docker(viaProxy, 'load', '-i', archive);
    expect(loaded.stdout).toContain(`Loaded image: ${IMAGE}`);
    expect(log.find((entry) => entry.path.endsWith('/images/load'))).toMatchObject({ decision: 'allow', status: 200 });
  });
});

describe('docker CLI through the proxy, strict policy', () => {
  it('a denied create fails and the error names the rule', async () => {
    const denied = await docker(viaStrict, 'create', '--privileged', IMAGE, 'true').catch((error: { code: number; stderr: string }) => error);
    expect(denied).toMatchObject({ code: 1 });
    expect((denied as { stderr: string }).stderr).toContain('hullcheck proxy: denied by no-privileged (critical): container "(unnamed)" runs privileged');
    expect((await docker(viaStrict, 'ps', '-a', '--filter', 'status=created', '--format', '{{.Names}}')).stdout.trim().split('\n').filter(Boolean).length).toBe(0);
  });

  it('an operation outside the policy fails and names the policy file', async () => {
    const denied = await docker(viaStrict, 'plugin', 'ls').catch((error: { code: number; stderr: string }) => error);
    expect(denied).toMatchObject({ code: 1 });
    expect((denied as { stderr: string }).stderr).toContain(`hullcheck proxy: denied: operation plugins:list is not allowed by ${join(dir, 'strict.yaml')}`);
  });

  it('an allowed create on the same listener still works', async () => {
    const created = await docker(viaStrict, 'create', IMAGE, 'true');
    await docker(viaStrict, 'rm', created.stdout.trim());
  });
});

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRequest } from '../../src/facts/create-request.js';
import { hardenCompose, readComposeServices } from '../../src/harden/harden-compose.js';
import { lookUpImages } from '../../src/harden/image-info.js';
import { DEFAULT_HARDEN_OPTIONS, type HardenOptions, type HardenPlan } from '../../src/harden/plan.js';
import { seccompProfile } from '../../src/harden/seccomp.js';
import { parseCompose } from '../../src/sources/compose/parse-compose.js';
import { hullcheckAsync } from '../e2e/run-cli.js';
import { freePort, startEngine, type TestEngine } from './engines.js';

/**
 * Proof that hardened services still run, against a private dockerd: three
 * images built here from the busybox test image, each run as written and as
 * hardened (`docker compose` is not installed, so the hardened service's
 * create request is turned into `docker run` flags; `--network host`
 * because the test engines have no bridge), asked over HTTP for the same
 * page, and then shown unable to do what hardening took away.
 */

const execFileAsync = promisify(execFile);
let engine: TestEngine;
let work: string;
const started: string[] = [];
const suffix = `${process.pid}-${Date.now().toString(36)}`;

async function docker(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await execFileAsync('docker', ['-H', engine.socket, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', code: typeof failed.code === 'number' ? failed.code : 1 };
  }
}

async function mustDocker(...args: string[]): Promise<string> {
  const result = await docker(...args);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** GET http://127.0.0.1:PORT/, retried while the server starts. */
async function fetchPage(port: number, attempts = 50): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await new Promise<string>((resolve, reject) => {
        const request = get({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve(body));
        });
        request.on('error', reject);
        request.on('timeout', () => request.destroy(new Error('timeout')));
      });
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function build(tag: string, dockerfile: string): Promise<void> {
  const dir = join(work, tag.replace(/[/:]/g, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  await mustDocker('build', '-q', '-t', tag, dir);
}

/** `docker run` flags for a create request, as `docker compose up` would pass them. */
function runFlags(request: CreateRequest): string[] {
  const host = request.HostConfig ?? {};
  const flags: string[] = [];
  for (const cap of host.CapDrop ?? []) flags.push('--cap-drop', cap);
  for (const cap of host.CapAdd ?? []) flags.push('--cap-add', cap);
  for (const option of host.SecurityOpt ?? []) flags.push('--security-opt', option);
  if (host.ReadonlyRootfs) flags.push('--read-only');
  for (const [target, options] of Object.entries(host.Tmpfs ?? {})) flags.push('--tmpfs', options ? `${target}:${options}` : target);
  if (request.User) flags.push('--user', request.User);
  if (host.PidsLimit) flags.push('--pids-limit', String(host.PidsLimit));
  if (host.Memory) flags.push('--memory', String(host.Memory));
  if (host.NanoCpus) flags.push('--cpus', String(host.NanoCpus / 1e9));
  for (const bind of host.Binds ?? []) flags.push('--volume', bind);
  for (const env of request.Env ?? []) flags.push('--env', env);
  return flags;
}

interface Service {
  name: string;
  image: string;
  port: number;
  command: string[];
  page: string;
}

/** Hardens a one-service Compose file with image knowledge from the test engine. */
async function harden(service: Service, options: Partial<HardenOptions> = {}): Promise<{ original: CreateRequest; hardened: CreateRequest; plan: HardenPlan; text: string }> {
  const text = [
    'services:',
    `  ${service.name}:`,
    `    image: ${service.image}`,
    '    environment:',
    `      PORT: "${service.port}"`,
    '    ports:',
    `      - "${service.port}:${service.port}"`,
    '',
  ].join('\n');
  const services = readComposeServices(text, 'compose.yaml', new Map());
  const lookup = await lookUpImages([service.image], { host: engine.socket });
  expect(lookup.note).toBeUndefined();
  const result = hardenCompose('compose.yaml', services, lookup.images, { ...DEFAULT_HARDEN_OPTIONS, ...options });
  const [original] = services.containers;
  const [hardened] = parseCompose(result.text, 'compose.yaml', new Map()).containers;
  const [plan] = result.plans;
  if (!original || !hardened || !plan) throw new Error('no service');
  return { original: original.request, hardened: hardened.request, plan, text: result.text };
}

/** Runs the service on a port of its own (the host network is shared), so one test's leftover cannot block another. */
async function run(name: string, service: Service, request: CreateRequest): Promise<{ container: string; port: number }> {
  const container = `${name}-${suffix}`;
  const port = await freePort();
  await mustDocker('run', '-d', '--name', container, '--network', 'host', ...runFlags(request), '--env', `PORT=${port}`, service.image, ...service.command);
  started.push(container);
  return { container, port };
}

async function stillRunning(container: string): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  return (await mustDocker('inspect', '-f', '{{.State.Running}}', container)) === 'true';
}

let web: Service;
let dropper: Service;
let writer: Service;

beforeAll(async () => {
  engine = await startEngine();
  work = mkdtempSync(join(tmpdir(), 'hullcheck-harden-it-'));
  const [webPort, dropperPort, writerPort] = [await freePort(), await freePort(), await freePort()];
  web = { name: 'web', image: 'hc-harden/web:1', port: webPort, command: [], page: 'hello from web\n' };
  dropper = { name: 'dropper', image: 'hc-harden/dropper:1', port: dropperPort, command: [], page: 'hello from dropper\n' };
  writer = { name: 'writer', image: 'hc-harden/writer:1', port: writerPort, command: [], page: 'hello from writer\n' };
  await build(web.image, [
    'FROM hullcheck-test/busybox:1',
    "RUN echo 'web:x:10001:10001::/www:/bin/sh' >> /etc/passwd && mkdir -p /www && echo 'hello from web' > /www/index.html",
    'USER 10001',
    'EXPOSE 8080',
    'CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]',
  ].join('\n'));
  // Starts as root, hands /data to the service user, then switches to it with su (as gosu or su-exec would).
  await build(dropper.image, [
    'FROM hullcheck-test/busybox:1',
    "RUN echo 'app:x:10002:10002::/srv:/bin/sh' >> /etc/passwd && echo 'app:x:10002:' >> /etc/group && mkdir -p /srv /data && echo 'hello from dropper' > /srv/index.html" +
      " && printf '#!/bin/sh\\nset -e\\nchown -R app:app /data\\nexec su -s /bin/sh app -c \"exec httpd -f -p $PORT -h /srv\"\\n' > /entrypoint.sh && chmod 755 /entrypoint.sh",
    'VOLUME /data',
    'ENTRYPOINT ["/entrypoint.sh"]',
  ].join('\n'));
  // Root, no user switch, writes to /tmp and to its VOLUME at start.
  await build(writer.image, [
    'FROM hullcheck-test/busybox:1',
    'RUN mkdir -p /state /tmp && chmod 1777 /tmp',
    'VOLUME /state',
    'CMD ["sh", "-c", "date > /tmp/started && echo \'hello from writer\' > /state/index.html && exec httpd -f -p $PORT -h /state"]',
  ].join('\n'));
}, 180_000);

afterAll(async () => {
  if (engine) {
    if (started.length > 0) await docker('rm', '-f', '-v', ...started);
    await engine.stop();
  }
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('a hardened non-root web server', () => {
  it('gets ALL dropped and nothing added back, keeps its user, and answers as before', async () => {
    const { original, hardened, plan } = await harden(web);
    expect(plan.imageSource).toBe('engine');
    expect(hardened.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(hardened.HostConfig?.CapAdd).toBeUndefined();
    expect(hardened.User).toBe('10001');
    const before = await run('web-original', web, original);
    expect(await fetchPage(before.port)).toBe(web.page);
    const after = await run('web-hardened', web, hardened);
    expect(await fetchPage(after.port)).toBe(web.page);
    expect(await stillRunning(after.container)).toBe(true);
    const status = await mustDocker('exec', after.container, 'sh', '-c', 'grep -E "^(CapEff|NoNewPrivs)" /proc/1/status');
    expect(status.split('\n')).toEqual(['CapEff:\t0000000000000000', 'NoNewPrivs:\t1']);
  }, 60_000);

  it('still answers under the seccomp profile harden writes, and the filter is on', async () => {
    const profile = join(work, 'seccomp.json');
    writeFileSync(profile, JSON.stringify(seccompProfile()));
    const { hardened } = await harden(web, { seccomp: profile });
    expect(hardened.HostConfig?.SecurityOpt).toEqual(['no-new-privileges:true', `seccomp=${profile}`]);
    const { container, port } = await run('web-seccomp', web, hardened);
    expect(await fetchPage(port)).toBe(web.page);
    expect(await stillRunning(container)).toBe(true);
    expect(await mustDocker('exec', container, 'sh', '-c', 'grep ^Seccomp: /proc/1/status')).toBe('Seccomp:\t2');
  }, 60_000);
});

describe('a hardened service that starts as root and switches user', () => {
  it('gets exactly the capabilities its entrypoint needs, runs as its user, and answers as before', async () => {
    const { original, hardened, plan } = await harden(dropper);
    expect(hardened.HostConfig?.CapAdd).toEqual(['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER']);
    expect(hardened.User).toBeUndefined();
    expect(plan.kept.map((k) => k.rule)).toContain('no-root-user');
    const before = await run('dropper-original', dropper, original);
    expect(await fetchPage(before.port)).toBe(dropper.page);
    const after = await run('dropper-hardened', dropper, hardened);
    expect(await fetchPage(after.port)).toBe(dropper.page);
    expect(await stillRunning(after.container)).toBe(true);
    expect(await mustDocker('exec', after.container, 'sh', '-c', 'ls -ld /data')).toMatch(/^drwx\S+\s+\d+\s+app\s+app\s/);
    // The server itself runs as the service user, with no capability left.
    expect(await mustDocker('exec', after.container, 'sh', '-c', 'grep -E "^(Uid|CapEff)" /proc/1/status')).toMatch(/^Uid:\t10002\t10002\t10002\t10002\nCapEff:\t0000000000000000$/);
  }, 60_000);

  it('fails to start without those capabilities, which is why harden adds them', async () => {
    const { hardened } = await harden(dropper);
    const bare = { ...hardened, HostConfig: { ...hardened.HostConfig, CapAdd: [] } };
    const { container } = await run('dropper-bare', dropper, bare);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await mustDocker('inspect', '-f', '{{.State.Running}}', container)).toBe('false');
    expect((await docker('logs', container)).stderr).toMatch(/Operation not permitted/);
  }, 60_000);
});

describe('a hardened root service that writes to /tmp and a VOLUME', () => {
  let original: CreateRequest;
  let hardened: CreateRequest;
  let container: string;

  beforeAll(async () => {
    ({ original, hardened } = await harden(writer));
  }, 60_000);

  it('answers as before with a read-only root: /tmp is a tmpfs and the VOLUME stays a writable volume', async () => {
    expect(hardened.HostConfig?.ReadonlyRootfs).toBe(true);
    expect(Object.keys(hardened.HostConfig?.Tmpfs ?? {})).toEqual(['/tmp', '/run']);
    const before = await run('writer-original', writer, original);
    expect(await fetchPage(before.port)).toBe(writer.page);
    const after = await run('writer-hardened', writer, hardened);
    container = after.container;
    expect(await fetchPage(after.port)).toBe(writer.page);
    expect(await stillRunning(container)).toBe(true);
    expect(await mustDocker('exec', container, 'sh', '-c', 'test -s /tmp/started && echo yes')).toBe('yes');
  }, 60_000);

  it('cannot write to its root file system, where the original could', async () => {
    const denied = await docker('exec', container, 'sh', '-c', 'touch /planted');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/Read-only file system/);
    const probe = await run('writer-probe', writer, original);
    expect((await docker('exec', probe.container, 'sh', '-c', 'touch /planted')).code).toBe(0);
  }, 60_000);

  it('cannot chown without CAP_CHOWN, although it runs as root', async () => {
    const denied = await docker('exec', container, 'sh', '-c', 'chown 1:1 /tmp/started');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/Operation not permitted/);
  }, 60_000);

  it('stops at the pids limit in a fork loop', async () => {
    const result = await docker('exec', container, 'sh', '-c', 'i=0; while [ $i -lt 400 ]; do sleep 30 & i=$((i+1)); done; echo forked $i');
    expect(`${result.stdout}${result.stderr}`).toMatch(/can't fork|Resource temporarily unavailable/);
    expect(await mustDocker('inspect', '-f', '{{.HostConfig.PidsLimit}}', container)).toBe('200');
  }, 60_000);
});

describe('hullcheck harden compose.yaml against the engine', () => {
  it('reads the images from the engine with GET only and writes what they need', async () => {
    const file = join(work, 'compose.yaml');
    writeFileSync(file, `services:\n  web:\n    image: ${web.image}\n  dropper:\n    image: ${dropper.image}\n  gone:\n    image: not-on-this-engine:1\n`);
    const images = await mustDocker('images', '-q');
    const cli = await hullcheckAsync(['harden', '-H', engine.socket, '-f', 'json', file]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toBe('');
    const json = JSON.parse(cli.stdout) as { services: HardenPlan[] };
    expect(json.services.map((s) => [s.service, s.imageSource ?? 'unknown'])).toEqual([['web', 'engine'], ['dropper', 'engine'], ['gone', 'unknown']]);
    expect(json.services[0]?.changes.find((c) => c.key === 'user')).toMatchObject({ value: '10001' });
    expect(json.services[1]?.changes.find((c) => c.key === 'cap_add')).toMatchObject({ items: ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'] });
    // Nothing was pulled or changed on the engine.
    expect(await mustDocker('images', '-q')).toBe(images);
  }, 60_000);
});

describe('hullcheck harden -- docker run ... against the engine', () => {
  it('prints a command that runs the service hardened, reading the image from the engine', async () => {
    const name = `web-cli-${suffix}`;
    const port = await freePort();
    const cli = await hullcheckAsync(['harden', '-q', '-H', engine.socket, '--', 'docker', 'run', '-d', '--name', name, '--network', 'host', '-e', `PORT=${port}`, web.image]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toBe('');
    const command = cli.stdout.trim();
    expect(command).toContain('--cap-drop ALL');
    expect(command).toContain('--user 10001');
    await execFileAsync('sh', ['-c', command], { env: { ...process.env, DOCKER_HOST: engine.socket } });
    started.push(name);
    expect(await fetchPage(port)).toBe(web.page);
    expect(await stillRunning(name)).toBe(true);
  }, 60_000);
});

describe('the seccomp profile harden writes', () => {
  it('blocks namespace creation that Docker\'s default profile allows a container with SYS_ADMIN', async () => {
    const profile = join(work, 'seccomp-unshare.json');
    writeFileSync(profile, JSON.stringify(seccompProfile()));
    const image = 'hullcheck-test/busybox:1';
    const withDefault = await docker('run', '--rm', '--network', 'host', '--cap-add', 'SYS_ADMIN', image, 'sh', '-c', 'unshare -n sh -c "exit 0"');
    expect(withDefault.code).toBe(0);
    const withProfile = await docker('run', '--rm', '--network', 'host', '--cap-add', 'SYS_ADMIN', '--security-opt', `seccomp=${profile}`, image, 'sh', '-c', 'unshare -n sh -c "exit 0"');
    expect(withProfile.code).not.toBe(0);
    expect(withProfile.stderr).toMatch(/unshare.*Operation not permitted/);
  }, 60_000);
});

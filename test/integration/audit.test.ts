import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { audit, type AuditResult } from '../../src/audit/audit.js';
import { hullcheckAsync } from '../e2e/run-cli.js';
import { renderReport } from '../../src/report/index.js';
import { rules } from '../../src/rules/index.js';

/**
 * `hullcheck audit` against the private engine `npm test` starts. One container
 * per risky configuration is created (never started: the sandbox cannot run
 * privileged containers), plus a hardened one that must yield nothing.
 */
const host = process.env.HULLCHECK_TEST_DOCKER_HOST;
if (!host) throw new Error('HULLCHECK_TEST_DOCKER_HOST is not set: run the tests with `npm test`');

const IMAGE = 'hullcheck-test/busybox:1';
const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', ['-H', host, ...args]);
const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const label = `hullcheck.test=${suffix}`;

/** Every container also gets these findings: created with the defaults, they have no limits. */
const UNLIMITED = ['require-cpu-limit', 'require-memory-limit', 'require-pids-limit'];
const DEFAULTS = ['require-cap-drop-all', 'require-no-new-privileges', 'require-read-only-rootfs', 'no-root-user', 'no-unpinned-image', ...UNLIMITED];

/** Name -> docker create flags, and the exact rule ids audit must report for it. */
const CASES: Record<string, { flags: string[]; rules: string[] }> = {
  privileged: { flags: ['--privileged'], rules: ['no-privileged'] },
  sysadmin: { flags: ['--cap-add', 'SYS_ADMIN'], rules: ['no-dangerous-capabilities'] },
  socket: { flags: ['-v', '/var/run/docker.sock:/var/run/docker.sock'], rules: ['no-docker-socket-mount'] },
  'socket-parent': { flags: ['-v', '/var/run:/x'], rules: ['no-docker-socket-mount'] },
  'root-ro': { flags: ['-v', '/:/host:ro'], rules: ['no-sensitive-host-mount', 'no-docker-socket-mount'] },
  shadow: { flags: ['-v', '/etc/shadow:/shadow'], rules: ['no-sensitive-host-mount'] },
  'host-pid': { flags: ['--pid', 'host'], rules: ['no-host-namespaces'] },
  'host-net': { flags: ['--network', 'host'], rules: ['no-host-namespaces'] },
  'host-ipc': { flags: ['--ipc', 'host'], rules: ['no-host-namespaces'] },
  'host-uts': { flags: ['--uts', 'host'], rules: ['no-host-namespaces'] },
  seccomp: { flags: ['--security-opt', 'seccomp=unconfined'], rules: ['no-disabled-security-profile'] },
  apparmor: { flags: ['--security-opt', 'apparmor=unconfined'], rules: ['no-disabled-security-profile'] },
  device: { flags: ['--device', '/dev/null:/dev/xnull'], rules: ['no-host-devices'] },
  ports: { flags: ['-p', '8080:80'], rules: ['no-ports-on-all-interfaces'] },
  'user-0-0': { flags: ['--user', '0:0'], rules: [] },
};

const HARDENED = [
  '--cap-drop', 'ALL', '--read-only', '--user', '1000:1000', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '50',
  '--security-opt', 'no-new-privileges', '--restart', 'on-failure:3', '--cgroupns', 'private', '--network', 'none',
];

let imageId = '';
let result: AuditResult;
const idOf = new Map<string, string>();

beforeAll(async () => {
  imageId = (await docker('image', 'inspect', '-f', '{{.Id}}', IMAGE)).stdout.trim();
  for (const [name, { flags }] of Object.entries(CASES)) {
    // A private cgroup namespace everywhere, so cgroup v1 hosts (where host is the default) report the same.
    const id = (await docker('create', '--name', `hc-${name}-${suffix}`, '--label', label, '--cgroupns', 'private', ...flags, IMAGE)).stdout.trim();
    idOf.set(name, id);
  }
  const hardened = (await docker('create', '--name', `hc-hardened-${suffix}`, '--label', label, ...HARDENED, imageId)).stdout.trim();
  idOf.set('hardened', hardened);
  // Containers in every state: docker-bench-security looks only at running ones.
  const plain = ['--label', label, '--cgroupns', 'private', '--network', 'none', IMAGE];
  idOf.set('running', (await docker('run', '-d', '--name', `hc-running-${suffix}`, ...plain, 'sleep', '600')).stdout.trim());
  idOf.set('paused', (await docker('run', '-d', '--name', `hc-paused-${suffix}`, ...plain, 'sleep', '600')).stdout.trim());
  await docker('pause', `hc-paused-${suffix}`);
  idOf.set('exited', (await docker('run', '-d', '--name', `hc-exited-${suffix}`, ...plain, 'sleep', '0')).stdout.trim());
  await docker('wait', `hc-exited-${suffix}`);
  result = await audit({ endpoint: { host }, containers: [`label=${label}`], host: { skip: true } });
}, 60_000);

afterAll(async () => {
  await docker('rm', '--force', ...[...idOf.values()]).catch(() => undefined);
});

function rulesFor(name: string): string[] {
  const file = `container:hc-${name}-${suffix}@${idOf.get(name)?.slice(0, 12)}`;
  return [...new Set(result.findings.filter((f) => f.at.file === file).map((f) => f.ruleId))].sort();
}

describe('audit of containers on a real engine', () => {
  it.each(Object.entries(CASES))('%s: exactly the expected rules', (name, { rules }) => {
    expect(rulesFor(name)).toEqual([...new Set([...DEFAULTS, ...rules])].sort());
  });

  it.each(['running', 'paused', 'exited'])('audits a %s container like a created one', async (state) => {
    const inspect = await docker('inspect', '-f', '{{.State.Status}}', idOf.get(state) ?? '');
    expect(inspect.stdout.trim()).toBe(state);
    expect(rulesFor(state)).toEqual([...DEFAULTS].sort());
  });

  it('a hardened container has no findings', () => {
    expect(rulesFor('hardened')).toEqual([]);
  });

  it('reads --user 0:0 as root, naming the inspect field', () => {
    const file = `container:hc-user-0-0-${suffix}@${idOf.get('user-0-0')?.slice(0, 12)}`;
    const root = result.findings.find((f) => f.at.file === file && f.ruleId === 'no-root-user');
    expect(root).toMatchObject({ severity: 'high', at: { path: 'Config.User' }, message: `container "hc-user-0-0-${suffix}" runs as root (user "0:0")` });
  });

  it('audits only the containers the label filter selects, and counts them', () => {
    expect(result.containers.audited).toBe(Object.keys(CASES).length + 4);
    expect(result.inputs.filter((i) => i.kind === 'container')).toHaveLength(Object.keys(CASES).length + 4);
  });

  it('sends one request per audited container and image, plus four (version, info, and the two lists)', () => {
    expect(result.requests).toBe(result.containers.audited + result.images + 4);
  });

  it('audits the images on the engine by their config: the imported base image names no user and no health check', () => {
    const base = result.findings.filter((f) => f.at.file === `image:${IMAGE}@${imageId.replace('sha256:', '').slice(0, 12)}`).map((f) => f.ruleId);
    expect(base.sort()).toEqual(['require-image-healthcheck', 'require-image-user']);
  });

  it('scores each container rule check under CIS section 5 or 4', () => {
    const runtime = result.score.find((s) => s.section === '5');
    expect(runtime && runtime.passed + runtime.warned).toBeGreaterThan(0);
  });
});

describe('audit reports', () => {
  it('SARIF of a live audit passes the official SARIF 2.1.0 schema, with the inspect field as a logical location', () => {
    const schemaPath = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new AjvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false });
    ajvFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    const log = JSON.parse(renderReport('sarif', result, { color: false, showSuppressed: false, rules, toolVersion: '0.0.0' })) as {
      runs: { results: { ruleId: string; locations: { logicalLocations?: { fullyQualifiedName?: string }[] }[] }[] }[];
    };
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const privileged = log.runs[0]?.results.find((r) => r.ruleId === 'no-privileged');
    expect(JSON.stringify(privileged?.locations)).toContain('HostConfig.Privileged');
  });
});

describe('audit is read-only', () => {
  let proxy: Server;
  const methods: string[] = [];
  let proxyHost = '';
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-proxy-'));
    const socketPath = join(dir, 'proxy.sock');
    const engineSocket = host.replace(/^unix:\/\//, '');
    proxy = createServer((incoming, outgoing) => {
      methods.push(`${incoming.method} ${incoming.url?.split('?')[0]}`);
      const forward = request({ socketPath: engineSocket, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(socketPath, resolve));
    proxyHost = `unix://${socketPath}`;
  });

  afterAll(() => {
    proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends only GET requests, host checks included', async () => {
    const { code, stdout } = await hullcheckAsync(['audit', '-H', proxyHost, '--format', 'json', '--fail-on', 'none']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { audit: { requests: number } };
    expect(methods.length).toBe(report.audit.requests);
    expect(methods.filter((m) => !m.startsWith('GET ') && !m.startsWith('HEAD '))).toEqual([]);
    expect(methods).toContain('GET /containers/json');
  });
});

describe('engine failures', () => {
  it('an unreachable engine is one message naming it and exit code 2', async () => {
    const missing = `unix://${join(tmpdir(), `hc-missing-${suffix}.sock`)}`;
    const failed = await hullcheckAsync(['audit', '-H', missing]);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe(`hullcheck: error: cannot reach the Docker engine at ${missing}: connect ENOENT\n`);
  });

  it('an engine older than API 1.24 is one message and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-old-'));
    const socketPath = join(dir, 'old.sock');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Version: '1.11.2', ApiVersion: '1.23', Os: 'linux' }));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const failed = await hullcheckAsync(['audit', '-H', `unix://${socketPath}`]);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toBe(`hullcheck: error: the Docker engine at unix://${socketPath} speaks API 1.23; hullcheck audit needs 1.24 (Docker 1.12) or newer\n`);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a socket that is not a Docker engine is one message and exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-notdocker-'));
    const socketPath = join(dir, 'web.sock');
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const failed = await hullcheckAsync(['audit', '-H', `unix://${socketPath}`]);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toMatch(/^hullcheck: error: the Docker engine at unix:\/\/.*web\.sock answered GET \/(version|info) with 404: 404 page not found\n$/);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ssh:// engines', () => {
  it('reach the engine through `ssh HOST docker system dial-stdio`, as the docker CLI does', async () => {
    // A stand-in for ssh that records its arguments and relays stdio to the test engine's socket.
    const dir = mkdtempSync(join(tmpdir(), 'hc-ssh-'));
    const engineSocket = host.replace(/^unix:\/\//, '');
    const fakeSsh = join(dir, 'ssh');
    writeFileSync(
      fakeSsh,
      `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(join(dir, 'args'))}, JSON.stringify(process.argv.slice(2)) + '\\n');\n` +
        `const s = require('net').connect(${JSON.stringify(engineSocket)}); process.stdin.pipe(s); s.pipe(process.stdout); s.on('close', () => process.exit(0));\n`,
    );
    chmodSync(fakeSsh, 0o755);
    try {
      const { code, stdout } = await hullcheckAsync(['audit', '-H', 'ssh://ops@build-host:2222', '--containers', `label=${label}`, '--format', 'json', '--fail-on', 'none'], {
        env: { PATH: `${dir}:${process.env.PATH}` },
      });
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as { audit: { containers: { audited: number }; hostSkipped?: string } };
      expect(report.audit.containers.audited).toBe(Object.keys(CASES).length + 4);
      const calls = readFileSync(join(dir, 'args'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as string[]);
      expect(calls[0]).toEqual(['-o', 'BatchMode=yes', '-p', '2222', '--', 'ops@build-host', 'docker', 'system', 'dial-stdio']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

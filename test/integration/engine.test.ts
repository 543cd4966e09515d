import { execFile } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { located, type Location } from '../../src/facts/location.js';
import noPrivileged from '../../src/rules/container/no-privileged.js';
import { DEFAULT_SETTINGS } from '../../src/rules/rule.js';
import { runRules } from '../../src/rules/run-rules.js';
import { createEngineClient, EngineError } from '../../src/sources/engine/client.js';
import { containerFactsFromInspect } from '../../src/sources/engine/inspect-to-facts.js';

/**
 * Against a real Docker engine: the private one `npm test` (scripts/test.sh)
 * starts. Containers are created, never started, so nothing here needs the
 * privileges the containers ask for.
 */
const host = process.env.HULLCHECK_TEST_DOCKER_HOST;
if (!host) {
  throw new Error(
    'HULLCHECK_TEST_DOCKER_HOST is not set. Run the tests with `npm test`, which starts a private Docker engine ' +
      '(scripts/test.sh), or leave out the engine tests with `npm run test:unit`.',
  );
}

const IMAGE = 'hullcheck-test/busybox:1';
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const risky = `hc-risky-${suffix}`;
const plain = `hc-plain-${suffix}`;
const client = createEngineClient({ host });

const docker = (...args: string[]) => promisify(execFile)('docker', ['-H', host, ...args]);
const ids = new Map<string, string>();
const label = (name: string) => `container:${name}@${ids.get(name)?.slice(0, 12)}`;
const at = (name: string, path: string): Location => ({ file: label(name), line: 0, column: 0, path });

beforeAll(async () => {
  await docker(
    'create', '--name', risky,
    '--privileged', '--cap-add', 'SYS_ADMIN', '-v', '/var/run/docker.sock:/var/run/docker.sock',
    '--pid', 'host', '-p', '8080:80', '--user', '0', '--read-only', '--memory', '64m',
    '--pids-limit', '50', '--security-opt', 'no-new-privileges', '--env', 'APP_MODE=test',
    IMAGE,
  );
  await docker('create', '--name', plain, IMAGE);
  for (const name of [risky, plain]) ids.set(name, (await client.inspectContainer(name)).Id);
});

afterAll(async () => {
  // The engine is thrown away after the run; this keeps a reused engine tidy.
  await docker('rm', '--force', risky, plain).catch(() => undefined);
});

describe('containers read from a real engine', () => {
  it('lists created containers with all=true only', async () => {
    const all = (await client.listContainers(true)).flatMap((c) => c.Names);
    expect(all).toEqual(expect.arrayContaining([`/${risky}`, `/${plain}`]));
    const running = (await client.listContainers(false)).flatMap((c) => c.Names);
    expect(running).not.toContain(`/${risky}`);
  });

  it('turns the inspect of a risky container into exact facts', async () => {
    const info = await client.get('/info');
    const cgroupVersion = typeof info === 'object' && info !== null && 'CgroupVersion' in info ? info.CgroupVersion : '1';
    const facts = containerFactsFromInspect(await client.inspectContainer(risky));
    const here = (path: string) => at(risky, path);

    expect(facts).toEqual({
      kind: 'container',
      origin: 'inspect',
      name: risky,
      at: { file: label(risky), line: 0, column: 0 },
      request: expect.objectContaining({
        Image: IMAGE,
        User: '0',
        HostConfig: expect.objectContaining({ Privileged: true, PidMode: 'host', Memory: 67108864, PidsLimit: 50 }),
      }),
      image: located(IMAGE, here('Config.Image')),
      builtLocally: false,
      user: located('0', here('Config.User')),
      privileged: located(true, here('HostConfig.Privileged')),
      // Newer docker CLIs send CAP_SYS_ADMIN, older ones SYS_ADMIN: the fact is the same.
      capAdd: [located('SYS_ADMIN', here('HostConfig.CapAdd.0'))],
      capDrop: [],
      securityOpts: [
        located({ key: 'no-new-privileges', value: 'true', raw: 'no-new-privileges' }, here('HostConfig.SecurityOpt.0')),
        // The engine adds label=disable to privileged and --pid host containers.
        located({ key: 'label', value: 'disable', raw: 'label=disable' }, here('HostConfig.SecurityOpt.1')),
      ],
      namespaces: {
        pid: located('host', here('HostConfig.PidMode')),
        ipc: located('private', here('HostConfig.IpcMode')),
        network: located('default', here('HostConfig.NetworkMode')),
        // The engine's default: the host's cgroup namespace on cgroup v1, a private one on v2.
        cgroup: located(cgroupVersion === '2' ? 'private' : 'host', here('HostConfig.CgroupnsMode')),
      },
      mounts: [
        located(
          { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
          here('HostConfig.Binds.0'),
        ),
      ],
      volumesFrom: [],
      devices: [],
      deviceCgroupRules: [],
      readOnlyRootfs: located(true, here('HostConfig.ReadonlyRootfs')),
      tmpfs: [],
      memory: located(67108864, here('HostConfig.Memory')),
      cpus: located(0, here('HostConfig.NanoCpus')),
      cpuShares: located(0, here('HostConfig.CpuShares')),
      pidsLimit: located(50, here('HostConfig.PidsLimit')),
      ports: [
        located({ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '8080' }, here('HostConfig.PortBindings.80/tcp.0')),
      ],
      publishAll: located(false, here('HostConfig.PublishAllPorts')),
      restart: located({ name: 'no', maximumRetryCount: 0 }, here('HostConfig.RestartPolicy')),
      env: [
        located({ name: 'APP_MODE', value: 'test' }, here('Config.Env.0')),
        located({ name: 'PATH', value: '/bin' }, here('Config.Env.1')), // from the image
      ],
      sysctls: [],
      healthcheck: undefined,
    });
  });

  it('no-privileged reports the privileged container once, at HostConfig.Privileged, and not the plain one', async () => {
    const riskyFacts = containerFactsFromInspect(await client.inspectContainer(risky));
    expect(runRules(riskyFacts, [noPrivileged], DEFAULT_SETTINGS)).toEqual([
      {
        ruleId: 'no-privileged',
        severity: 'critical',
        message: `container "${risky}" runs privileged: it has full access to the host`,
        at: at(risky, 'HostConfig.Privileged'),
        subject: risky,
        fix: { description: 'remove privileged mode and add only the capabilities the workload needs' },
      },
    ]);

    const plainFacts = containerFactsFromInspect(await client.inspectContainer(plain));
    expect(plainFacts.privileged).toEqual(located(false, at(plain, 'HostConfig.Privileged')));
    expect(runRules(plainFacts, [noPrivileged], DEFAULT_SETTINGS)).toEqual([]);
  });

  it('takes the engine from DOCKER_HOST when no host is given', async () => {
    vi.stubEnv('DOCKER_HOST', host);
    try {
      const fromEnv = createEngineClient();
      expect(fromEnv.host).toBe(host);
      expect(await fromEnv.get('/version')).toHaveProperty('ApiVersion');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reports an engine error answer as an EngineError with the status', async () => {
    const error = await client.inspectContainer('hullcheck-no-such-container').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      statusCode: 404,
      message: `the Docker engine at ${host} answered GET /containers/hullcheck-no-such-container/json with 404: No such container: hullcheck-no-such-container`,
    });
  });
});

describe('engine client failures', () => {
  const failure = async (promise: Promise<unknown>): Promise<EngineError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(error)}`);
    expect(error.message).not.toMatch(/\n|\s{2,}at\s/); // one line, no stack trace
    return error;
  };

  it('names the host when the daemon cannot be reached', async () => {
    const missing = 'unix:///nonexistent/hullcheck/docker.sock';
    const error = await failure(createEngineClient({ host: missing }).listContainers(true));
    expect(error.message).toBe(`cannot reach the Docker engine at ${missing}: connect ENOENT`);
    expect(error.host).toBe(missing);
  });

  it('speaks plain HTTP to tcp://host:port', async () => {
    const server = createHttpServer((req, res) => res.end(JSON.stringify({ path: req.url })));
    const port = await listen(server);
    try {
      expect(await createEngineClient({ host: `tcp://127.0.0.1:${port}` }).get('/version')).toEqual({ path: '/version' });
    } finally {
      server.close();
    }
  });

  it('gives up after the timeout when the engine accepts but never answers', async () => {
    const sockets: { destroy(): void }[] = [];
    const server = createTcpServer((socket) => sockets.push(socket));
    const port = await listen(server);
    try {
      const tcpHost = `tcp://127.0.0.1:${port}`;
      const error = await failure(createEngineClient({ host: tcpHost, timeoutMs: 200 }).get('/version'));
      expect(error.message).toBe(`the Docker engine at ${tcpHost} did not answer GET /version within 200 ms`);
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });

  it('rejects hosts it cannot speak to', async () => {
    const error = await failure(createEngineClient({ host: 'npipe:////./pipe/docker_engine' }).get('/version'));
    expect(error.message).toBe('invalid Docker host npipe:////./pipe/docker_engine: only unix://, tcp:// and ssh:// hosts are supported');
  });

  it('reports why ssh failed, in one line', async () => {
    // No name resolves in this sandbox, and BatchMode forbids prompts: ssh exits 255 at once.
    const error = await failure(createEngineClient({ host: 'ssh://me@nonexistent.invalid' }).get('/version'));
    expect(error.message).toMatch(/^cannot reach the Docker engine at ssh:\/\/me@nonexistent\.invalid: ssh exited with 255: ssh: Could not resolve hostname nonexistent\.invalid: [^\n]+$/);
  });
});

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

// The proxy's own CPU per request (not part of `npm run bench`): starts a
// private engine and `hullcheck proxy` as the proxy benchmark does, sends
// GET /_ping and GET /containers/json through it one after the other and with
// 16 clients, and reads the proxy process's user + system CPU time from
// /proc before and after. PROFILE=DIR also writes a V8 CPU profile there;
// BARE=1 measures a bare byte pipe (bench/bare-pipe.mjs) instead of the proxy.
//
//   npm run build && npx tsx bench/proxy-cpu.ts
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = Number(process.env.COUNT ?? 5000);
const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function call(socketPath: string, agent: Agent, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, agent, method: 'GET', path }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** User and system CPU of a process so far, in microseconds. */
function cpuUs(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * TICK_US, system: Number(fields[12]) * TICK_US };
}

async function run(socket: string, path: string, clients: number, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const times: number[] = [];
  let left = count;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left-- > 0) {
        const start = process.hrtime.bigint();
        await call(socket, agent, path);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  agent.destroy();
  return times;
}

const dir = mkdtempSync(join(tmpdir(), 'hullcheck-engine.'));
writeFileSync(join(dir, 'owner'), String(process.pid));
const engineScript = join(root, 'scripts/engine.sh');
execFileSync('bash', [engineScript, 'start', dir], { stdio: 'inherit' });
const engineSocket = join(dir, 'docker.sock');
const proxySocket = join(dir, 'proxy.sock');
const policy = join(dir, 'policy.yaml');
writeFileSync(policy, 'allow: [preset:ci-runner]\ncontainers:\n  rules:\n    fail-on: high\n');
const profile = process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE] : [];
const proxyArgs = process.env.BARE
  ? [join(root, 'bench/bare-pipe.mjs'), proxySocket, engineSocket]
  : [join(root, 'bin/hullcheck.js'), 'proxy', '--listen', `unix://${proxySocket}`, '--policy', policy, '--upstream', `unix://${engineSocket}`, '--log', join(dir, 'decisions.log')];
const child = spawn(process.execPath, [...profile, ...proxyArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
try {
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`proxy exited ${code}: ${stderr}`)));
  });
  const pid = child.pid as number;
  await run(proxySocket, '/v1.41/_ping', 1, 2000); // warm-up
  for (const [label, path, clients] of [['ping x1', '/v1.41/_ping', 1], ['list x1', '/v1.41/containers/json?all=1', 1], ['ping x16', '/v1.41/_ping', 16], ['ping x1', '/v1.41/_ping', 1]] as const) {
    await run(proxySocket, path, clients, 500);
    await run(engineSocket, path, clients, 500);
    const before = cpuUs(pid);
    let start = performance.now();
    const proxied = await run(proxySocket, path, clients, COUNT);
    const proxiedRate = COUNT / ((performance.now() - start) / 1000);
    const after = cpuUs(pid);
    start = performance.now();
    const direct = await run(engineSocket, path, clients, COUNT);
    const directRate = COUNT / ((performance.now() - start) / 1000);
    const [user, system] = [(after.user - before.user) / COUNT, (after.system - before.system) / COUNT];
    console.log(`${label}: proxy CPU ${(user + system).toFixed(0)} us/request (user ${user.toFixed(0)}, system ${system.toFixed(0)}); median direct ${median(direct).toFixed(3)} ms, proxied ${median(proxied).toFixed(3)} ms; ${directRate.toFixed(0)} vs ${proxiedRate.toFixed(0)} req/s (${((proxiedRate / directRate) * 100).toFixed(0)}%)`);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  execFileSync('bash', [engineScript, 'stop', dir], { stdio: 'inherit' });
  rmSync(dir, { recursive: true, force: true });
}

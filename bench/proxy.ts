// The proxy part of `npm run bench` (BENCH_ONLY=proxy): added latency of
// `hullcheck proxy` versus the engine's own socket for GET /_ping, GET
// /containers/json and create+remove (p50, p99), and GET /_ping throughput at
// 1, 16 and 64 concurrent keep-alive clients, direct and proxied measured in
// the same run against a private engine. Returns a Markdown section.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../src/proxy/policy.js';

const IMAGE = 'hullcheck-test/busybox:1';
const SAMPLES = { ping: 2000, list: 1000, create: 150 };
const THROUGHPUT_MS = 3_000;
const THROUGHPUT_SLICES = 6;
const CONCURRENCY = [1, 16, 64];

type Op = 'ping' | 'list' | 'create';

function call(socketPath: string, agent: Agent, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request({ socketPath, agent, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve({ status: res.statusCode ?? 0, text }) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CREATE_BODY = JSON.stringify({
  Image: IMAGE,
  Cmd: ['true'],
  User: '1000:1000',
  HostConfig: { NetworkMode: 'none', CapDrop: ['ALL'], ReadonlyRootfs: true, SecurityOpt: ['no-new-privileges'], Memory: 64 << 20, NanoCpus: 500_000_000, PidsLimit: 50 },
});

async function once(socketPath: string, agent: Agent, op: Op): Promise<void> {
  if (op === 'ping') await call(socketPath, agent, 'GET', '/v1.41/_ping');
  else if (op === 'list') await call(socketPath, agent, 'GET', '/v1.41/containers/json?all=1');
  else {
    const { Id } = JSON.parse((await call(socketPath, agent, 'POST', '/v1.41/containers/create', CREATE_BODY)).text) as { Id: string };
    await call(socketPath, agent, 'DELETE', `/v1.41/containers/${Id}?force=1`);
  }
}

/** Latency samples, direct and proxied alternating request by request, so load from elsewhere hits both alike. */
async function latencies(targets: { direct: string; proxy: string }, op: Op, count: number): Promise<{ direct: number[]; proxy: number[] }> {
  const agents = { direct: new Agent({ keepAlive: true, maxSockets: 1 }), proxy: new Agent({ keepAlive: true, maxSockets: 1 }) };
  const times = { direct: [] as number[], proxy: [] as number[] };
  for (let i = 0; i < count; i++) {
    // Which goes first flips every time: an engine still busy with the last request slows whichever comes next.
    for (const via of i % 2 === 0 ? (['direct', 'proxy'] as const) : (['proxy', 'direct'] as const)) {
      const start = process.hrtime.bigint();
      await once(targets[via], agents[via], op);
      times[via].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  agents.direct.destroy();
  agents.proxy.destroy();
  return times;
}

/** Requests done and milliseconds taken by `clients` clients sending GET /_ping until `ms` have passed (the last ones finish after). */
async function slice(socketPath: string, agent: Agent, clients: number, ms: number): Promise<{ done: number; ms: number }> {
  const start = performance.now();
  const end = Date.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        await call(socketPath, agent, 'GET', '/v1.41/_ping');
        done++;
      }
    }),
  );
  return { done, ms: performance.now() - start };
}

/**
 * GET /_ping rates direct and proxied, THROUGHPUT_MS each, measured in alternating slices (which goes first
 * flips each time) so that load from elsewhere on the machine hits both alike, as the latencies are sampled.
 * A rate is requests over the time they actually took, the requests still under way at a slice's end included.
 */
async function throughputs(targets: { direct: string; proxy: string }, clients: number): Promise<{ direct: number; proxy: number }> {
  const agents = { direct: new Agent({ keepAlive: true, maxSockets: clients }), proxy: new Agent({ keepAlive: true, maxSockets: clients }) };
  const totals = { direct: { done: 0, ms: 0 }, proxy: { done: 0, ms: 0 } };
  for (let i = 0; i < THROUGHPUT_SLICES; i++) {
    for (const via of i % 2 === 0 ? (['direct', 'proxy'] as const) : (['proxy', 'direct'] as const)) {
      const { done, ms } = await slice(targets[via], agents[via], clients, THROUGHPUT_MS / THROUGHPUT_SLICES);
      totals[via].done += done;
      totals[via].ms += ms;
    }
  }
  agents.direct.destroy();
  agents.proxy.destroy();
  return { direct: (totals.direct.done / totals.direct.ms) * 1000, proxy: (totals.proxy.done / totals.proxy.ms) * 1000 };
}

/** The policy's own time for one create body, in-process: the part of the proxy's cost that is the rules. */
async function decideMs(policyFile: string): Promise<number> {
  const policy = loadPolicy(policyFile);
  const request = { method: 'POST', path: '/containers/create', apiVersion: '1.41', query: new URLSearchParams(), headers: { 'content-type': 'application/json' }, body: Buffer.from(CREATE_BODY), streamedBody: false };
  const lookup = { containerLabels: async () => undefined, execContainerLabels: async () => undefined };
  const client = { listener: 'bench', peer: 'unix' };
  for (let i = 0; i < 200; i++) await policy.decide(request, client, lookup);
  const start = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) {
    const decision = await policy.decide(request, client, lookup);
    if (!decision.allow) throw new Error(`the benchmark's create body is denied: ${decision.message}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6 / 2000;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function startProxy(root: string, dir: string, engineHost: string): Promise<{ socket: string; stop: () => void }> {
  const socket = join(dir, 'proxy.sock');
  const policy = join(dir, 'policy.yaml');
  // A realistic policy: operations from a preset, create bodies checked by every rule of high severity or above.
  writeFileSync(policy, 'allow: [preset:ci-runner]\ncontainers:\n  rules:\n    fail-on: high\n');
  const child = spawn(process.execPath, [join(root, 'bin/hullcheck.js'), 'proxy', '--listen', `unix://${socket}`, '--policy', policy, '--upstream', engineHost, '--log', join(dir, 'decisions.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`hullcheck proxy exited with ${code}: ${stderr}`)));
  });
  return { socket, stop: () => child.kill('SIGTERM') };
}

export async function proxyBenchmark(root: string): Promise<string> {
  const engineScript = join(root, 'scripts/engine.sh');
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-engine.'));
  writeFileSync(join(dir, 'owner'), String(process.pid));
  const engineSocket = join(dir, 'docker.sock');
  execFileSync('bash', [engineScript, 'ensure-installed'], { stdio: 'inherit' });
  execFileSync('bash', [engineScript, 'start', dir], { stdio: 'inherit' });
  const proxy = await startProxy(root, dir, `unix://${engineSocket}`);
  try {
    const targets = { direct: engineSocket, proxy: proxy.socket };
    const samples: Record<Op, Record<'direct' | 'proxy', number[]>> = {
      ping: { direct: [], proxy: [] },
      list: { direct: [], proxy: [] },
      create: { direct: [], proxy: [] },
    };
    for (const op of ['ping', 'list', 'create'] as Op[]) {
      await latencies(targets, op, 20); // warm-up
      samples[op] = await latencies(targets, op, SAMPLES[op]);
    }
    const rates: { clients: number; direct: number; proxy: number }[] = [];
    for (const clients of CONCURRENCY) {
      rates.push({ clients, ...(await throughputs(targets, clients)) });
    }
    return report(samples, rates, await decideMs(join(dir, 'policy.yaml')));
  } finally {
    proxy.stop();
    execFileSync('bash', [engineScript, 'stop', dir], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(samples: Record<Op, Record<'direct' | 'proxy', number[]>>, rates: { clients: number; direct: number; proxy: number }[], decide: number): string {
  const label: Record<Op, string> = { ping: '`GET /_ping`', list: '`GET /containers/json?all=1`', create: 'create + remove (`POST /containers/create`, `DELETE`)' };
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  const latencyRows = (Object.keys(samples) as Op[]).map((op) => {
    const { direct, proxy } = samples[op];
    const [d50, p50, d99, p99] = [percentile(direct, 50), percentile(proxy, 50), percentile(direct, 99), percentile(proxy, 99)];
    return `| ${label[op]} | ${direct.length} | ${ms(d50)} | ${ms(p50)} | **${ms(p50 - d50)}** | ${ms(d99)} | ${ms(p99)} | **${ms(p99 - d99)}** |`;
  });
  const rateRows = rates.map((r) => `| ${r.clients} | ${r.direct.toFixed(0)} | ${r.proxy.toFixed(0)} | **${((r.proxy / r.direct) * 100).toFixed(0)}%** |`);
  return `## Proxy: added latency and throughput

\`hullcheck proxy\` (its own process, the bundled CLI) in front of a private dockerd, with a policy of \`preset:ci-runner\` and every
container rule of high severity or above checked on create bodies, decisions logged to a file. The benchmark process is the
client: one keep-alive connection each to the engine's socket and to the proxy, requests one after the other, alternating
direct and proxied request by request (which goes first flips each time). Overhead is proxy minus direct at the same percentile. Create + remove is dominated by
the engine (vfs storage), whose own spread is larger than the proxy's cost; the policy's decision on that create body alone
(strict JSON decoding and every container rule, in-process, mean of 2,000) takes **${decide.toFixed(3)} ms**.

| request | samples each | direct p50 | proxy p50 | added p50 | direct p99 | proxy p99 | added p99 |
|---|---|---|---|---|---|---|---|
${latencyRows.join('\n')}

Throughput: \`GET /_ping\` for ${THROUGHPUT_MS / 1000} s with N concurrent keep-alive clients (client, proxy and engine share the machine's cores),
direct and proxied in ${THROUGHPUT_SLICES} alternating slices of ${THROUGHPUT_MS / THROUGHPUT_SLICES / 1000} s each (which goes first flips each time); a rate is the requests over the time they took.
With one client, throughput is one over the latency, so it falls by the added latency's share of the round trip.

| clients | direct req/s | proxy req/s | proxy / direct |
|---|---|---|---|
${rateRows.join('\n')}

Targets: added p50 under 0.3 ms, added p99 under 2 ms, throughput at least 80% of direct.
Command: \`npm run build && npm run bench\` (writes BENCHMARKS.md with every part; \`BENCH_ONLY=proxy\` runs this part alone and writes only it).
`;
}

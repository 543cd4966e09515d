// The audit part of `npm run bench`: `hullcheck audit` against a private engine
// with 0, 100 and 1,000 created containers and with 100 running, wall time of a
// fresh process and the number of API requests; and, as the peer, the docker CLI
// calls docker-bench-security makes per container. Returns a Markdown section.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './stats.js';

const IMAGE = 'hullcheck-test/busybox:1';
const RUNS = 5;
/** docker-bench-security v1.6.0 runs about this many `docker` CLI calls per container (counted in issue 3). */
const BENCH_CALLS_PER_CONTAINER = 38;
/** Containers whose per-container docker CLI calls are timed; the cost per container is the mean. */
const SAMPLED_CONTAINERS = 3;
/** The requests budget: containers + images + this. */
const REQUEST_CONSTANT = 4;

interface Measurement {
  label: string;
  containers: number;
  images: number;
  ms: number;
  requests: number;
}


function time(command: string, args: string[]): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 400)}`);
  return { ms, stdout: result.stdout };
}

/** POST to the engine: only the benchmark's own throwaway engine is ever changed. */
function post(socketPath: string, path: string, body?: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve(text) : reject(new Error(`${path}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function createContainers(socketPath: string, count: number, prefix: string, start: boolean): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = { Image: IMAGE, Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'none', Memory: i % 2 ? 64 << 20 : 0, Privileged: false } };
    const created = JSON.parse(await post(socketPath, `/containers/create?name=${prefix}-${i}`, body)) as { Id: string };
    if (start) await post(socketPath, `/containers/${created.Id}/start`);
    ids.push(created.Id);
  }
  return ids;
}

function measureAudit(cli: string, host: string, label: string): Measurement {
  const runs = Array.from({ length: RUNS }, () => time(process.execPath, [cli, 'audit', '-H', host, '--format', 'json', '--fail-on', 'none']));
  const report = JSON.parse(runs[0]?.stdout ?? '{}') as { audit: { requests: number; containers: { audited: number }; images: number } };
  return { label, containers: report.audit.containers.audited, images: report.audit.images, ms: median(runs.map((r) => r.ms)), requests: report.audit.requests };
}

/** docker-bench-security's per-container cost: its `docker inspect --format` calls, one CLI process each. */
function dockerBenchPerContainerMs(host: string, ids: string[]): number {
  const sample = ids.slice(0, SAMPLED_CONTAINERS);
  const start = process.hrtime.bigint();
  for (const id of sample) {
    for (let i = 0; i < BENCH_CALLS_PER_CONTAINER; i++) execFileSync('docker', ['-H', host, 'inspect', '--format', '{{ .Id }}: SecurityOpt={{ .HostConfig.SecurityOpt }}', id]);
  }
  return Number(process.hrtime.bigint() - start) / 1e6 / sample.length;
}

export async function auditBenchmark(root: string): Promise<string> {
  const engineScript = join(root, 'scripts/engine.sh');
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-engine.'));
  writeFileSync(join(dir, 'owner'), String(process.pid));
  const host = `unix://${dir}/docker.sock`;
  const socketPath = join(dir, 'docker.sock');
  const cli = join(root, 'bin/hullcheck.js');
  execFileSync('bash', [engineScript, 'ensure-installed'], { stdio: 'inherit' });
  execFileSync('bash', [engineScript, 'start', dir], { stdio: 'inherit' });
  try {
    const results: Measurement[] = [];
    results.push(measureAudit(cli, host, '0 containers'));
    const running = await createContainers(socketPath, 100, 'running', true);
    results.push(measureAudit(cli, host, '100 running'));
    const perContainer = dockerBenchPerContainerMs(host, running);
    for (const id of running) await post(socketPath, `/containers/${id}/kill`).catch(() => undefined);
    await post(socketPath, '/containers/prune');
    await createContainers(socketPath, 100, 'created', false);
    results.push(measureAudit(cli, host, '100 created'));
    await createContainers(socketPath, 900, 'more', false);
    results.push(measureAudit(cli, host, '1,000 created'));
    return report(results, perContainer);
  } finally {
    execFileSync('bash', [engineScript, 'stop', dir], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(results: Measurement[], perContainerMs: number): string {
  const rows = results.map((r) => {
    const budget = r.containers + r.images + REQUEST_CONSTANT;
    const peer = perContainerMs * r.containers;
    return `| ${r.label} | ${r.containers} | **${r.ms.toFixed(0)} ms** | ${r.requests} (budget ${budget}) | ${r.containers ? `${(peer / 1000).toFixed(1)} s (${(peer / r.ms).toFixed(0)}×)` : '–'} |`;
  });
  return `## Audit: a live engine

\`hullcheck audit -H unix://… --format json\` against a private dockerd (vfs storage) made by the benchmark, median of ${RUNS} runs,
wall time of a fresh process. Containers are created through the API; the "running" ones run \`sleep\` with no network.
Requests are Engine API requests as the JSON report counts them; the budget is containers + images + ${REQUEST_CONSTANT}.

docker-bench-security itself cannot be installed on this machine (no registry, no GitHub). As its stand-in, the last
column times what it does per container: ${BENCH_CALLS_PER_CONTAINER} \`docker inspect --format\` CLI processes
(measured on ${SAMPLED_CONTAINERS} containers: ${perContainerMs.toFixed(0)} ms per container), times the containers; its
own fixed cost (about 3 s for host checks) is left out, which favours it.

| engine holds | containers audited | hullcheck audit | API requests | docker-bench per-container calls (hullcheck faster by) |
|---|---|---|---|---|
${rows.join('\n')}

Target: 100 running containers in under 600 ms; requests within the budget.
`;
}

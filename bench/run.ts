// npm run bench: throughput over the shared corpus replicated to >= 10,000 files,
// single-file cold start, and the same Dockerfiles through dockerfilelint and
// dockerfile-utils, all measured in this one run. Writes BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kindFromName } from '../src/scan/discover.js';
import { auditBenchmark } from './audit.js';
import { hardenBenchmark } from './harden.js';
import { htmlBenchmark } from './html.js';
import { proxyBenchmark } from './proxy.js';
import { imageBenchmark } from './image.js';
import { median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.HULLCHECK_CORPUS ?? join(root, '../shared/corpus');
const work = join(root, '.bench');
const replica = join(work, 'corpus');
const TARGET_FILES = 10_000;
const RUNS = 5;
const COLD_RUNS = 15;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    return e.isDirectory() ? listFiles(full) : [full];
  });
}

function replicate(): { files: string[]; dockerfiles: string[]; copies: number } {
  const sources = listFiles(corpus).filter((f) => kindFromName(f) !== undefined);
  if (sources.length === 0) throw new Error(`no Dockerfiles or Compose files under ${corpus}`);
  rmSync(replica, { recursive: true, force: true });
  const copies = Math.ceil(TARGET_FILES / sources.length);
  const files: string[] = [];
  for (let i = 0; i < copies; i++) {
    for (const source of sources) {
      const target = join(replica, `copy-${String(i).padStart(3, '0')}`, relative(corpus, source));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target);
      files.push(target);
    }
  }
  return { files, dockerfiles: files.filter((f) => kindFromName(f) === 'dockerfile'), copies };
}

function timeCommand(args: string[], expectCodes = [0, 1], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === null || !expectCodes.includes(result.status)) {
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
  }
  return ms;
}

/**
 * This machine's environment sets NODE_EXTRA_CA_CERTS to its whole CA bundle, and Node
 * then loads and parses those certificates at every start, before any script runs:
 * measured here, `node -e 0` takes about 130 ms with it and 45 ms without. Start-up is
 * timed without it for every command alike (and once with it, for the record).
 */
const WITHOUT_EXTRA_CA: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/** Median wall time of each command, the commands taking turns so that a slow moment of the machine hits them all. */
function interleavedMedians(runs: number, commands: Record<string, { args: string[]; codes?: number[]; env?: NodeJS.ProcessEnv }>): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, command] of Object.entries(commands)) times[name]?.push(timeCommand(command.args, command.codes, command.env));
  }
  return Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, median(ms)]));
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function main(): Promise<void> {
  const parts = (process.env.BENCH_ONLY ?? 'scan,audit,html,image,proxy,harden').split(',');
  const sections = [];
  if (parts.includes('scan')) sections.push(scanBenchmark());
  if (parts.includes('audit')) sections.push(await auditBenchmark(root));
  if (parts.includes('html')) sections.push(await htmlBenchmark(root));
  if (parts.includes('image')) sections.push(await imageBenchmark(root));
  if (parts.includes('proxy')) sections.push(await proxyBenchmark(root));
  if (parts.includes('harden')) sections.push(hardenBenchmark(root));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const report = `# Benchmarks

Produced by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpu}.

${sections.join('\n')}`;
  writeFileSync(join(root, 'BENCHMARKS.md'), report);
  process.stdout.write(report);
}

function scanBenchmark(): string {
  if (!existsSync(join(root, 'dist/bin/hullcheck.cjs'))) throw new Error('run `npm run build` first');
  mkdirSync(work, { recursive: true });
  const { files, dockerfiles, copies } = replicate();
  const dockerfileList = join(work, 'dockerfiles.json');
  writeFileSync(dockerfileList, JSON.stringify(dockerfiles));

  const cli = join(root, 'bin/hullcheck.js');
  timeCommand([cli, 'scan', replica, '--format', 'json', '--output', join(work, 'scan.json'), '--fail-on', 'none']); // warm the page cache
  const scanned = (JSON.parse(readFileSync(join(work, 'scan.json'), 'utf8')) as { summary: { inputs: number } }).summary.inputs;
  const scanArgs = [cli, 'scan', replica, '--format', 'json', '--output', join(work, 'scan.json'), '--fail-on', 'none'];
  const throughput = interleavedMedians(RUNS, { auto: { args: scanArgs }, oneWorker: { args: [...scanArgs, '--jobs', '1'] } });
  const scanMs = throughput.auto as number;
  const oneWorkerMs = throughput.oneWorker as number;
  const workers = Math.min(cpus().length, 8);

  const lint = (tool: string) => ({ args: [join(root, 'bench/lint-files.mjs'), tool, dockerfileList] });
  // hullcheck as a CI job runs it: the CLI, given the files as arguments.
  const cliOnList = { args: [cli, 'scan', ...dockerfiles, '--format', 'json', '--output', join(work, 'peers.json'), '--fail-on', 'none'] };
  const peerMs = interleavedMedians(RUNS, {
    hullcheck: cliOnList,
    hullcheckLibrary: lint('hullcheck'),
    dockerfilelint: lint('dockerfilelint'),
    'dockerfile-utils': lint('dockerfile-utils'),
  });
  const cliInputs = (JSON.parse(readFileSync(join(work, 'peers.json'), 'utf8')) as { summary: { inputs: number } }).summary.inputs;
  if (cliInputs !== dockerfiles.length) throw new Error(`the CLI scanned ${cliInputs} of the ${dockerfiles.length} Dockerfiles`);

  const single = join(root, 'examples/api/Dockerfile');
  const singleCompose = join(root, 'examples/compose.yaml');
  // dockerfilelint exits with the number of problems it found.
  const anyCode = Array.from({ length: 256 }, (_, i) => i);
  const cold = interleavedMedians(COLD_RUNS, {
    node: { args: ['-e', '0'], env: WITHOUT_EXTRA_CA },
    dockerfile: { args: [cli, 'scan', single, '--fail-on', 'none'], env: WITHOUT_EXTRA_CA },
    compose: { args: [cli, 'scan', singleCompose, '--fail-on', 'none'], env: WITHOUT_EXTRA_CA },
    peer: { args: [join(root, 'node_modules/dockerfilelint/bin/dockerfilelint'), single], codes: anyCode, env: WITHOUT_EXTRA_CA },
    nodeExtraCa: { args: ['-e', '0'] },
    dockerfileExtraCa: { args: [cli, 'scan', single, '--fail-on', 'none'] },
  });
  const ms = (name: string) => cold[name] as number;

  const filesPerSecond = (scanned / scanMs) * 1000;
  const dfPerSecond = (tool: string) => (dockerfiles.length / (peerMs[tool] as number)) * 1000;
  const ratio = (tool: string) => (peerMs[tool] as number) / (peerMs.hullcheck as number);
  return `## Scan

Each figure is the median of ${RUNS} runs (cold start: ${COLD_RUNS} runs), wall-clock time of a fresh process, page cache warm.

### Throughput: the corpus replicated to ${files.length} files

\`hullcheck scan\` over ../shared/corpus copied ${copies}× (${scanned} Dockerfiles and Compose files), JSON report to a file:

| what | files | time | files/s | target |
|---|---|---|---|---|
| hullcheck scan (CLI, all rules; ${workers} worker threads, the default here) | ${scanned} | ${fmt(scanMs)} ms | **${fmt(filesPerSecond)}** | ≥ 2,000 |
| the same with \`--jobs 1\` (one worker thread) | ${scanned} | ${fmt(oneWorkerMs)} ms | ${fmt((scanned / oneWorkerMs) * 1000)} | – |

The two runs take turns. How much the second worker adds is how far this machine's cores scale for this work.

### Against the peers: the same ${dockerfiles.length} Dockerfiles

Each tool lints the same list of Dockerfiles in one fresh Node process, start-up included; the tools take
turns, ${RUNS} rounds. hullcheck runs all of its rules, with RUN lines parsed as shell: as its CLI
(\`hullcheck scan FILE...\`, JSON report to a file), and, for reference, through its library's
\`scanFiles\` in bench/lint-files.mjs, which the peers are run through (their libraries' lint calls).

| tool | time | Dockerfiles/s | hullcheck is faster by |
|---|---|---|---|
| hullcheck (CLI) | ${fmt(peerMs.hullcheck as number)} ms | ${fmt(dfPerSecond('hullcheck'))} | – |
| hullcheck (library, \`scanFiles\`) | ${fmt(peerMs.hullcheckLibrary as number)} ms | ${fmt(dfPerSecond('hullcheckLibrary'))} | – |
| dockerfilelint ${pkgVersion('dockerfilelint')} | ${fmt(peerMs.dockerfilelint as number)} ms | ${fmt(dfPerSecond('dockerfilelint'))} | ${fmt(ratio('dockerfilelint'), 2)}× |
| dockerfile-utils ${pkgVersion('dockerfile-utils')} | ${fmt(peerMs['dockerfile-utils'] as number)} ms | ${fmt(dfPerSecond('dockerfile-utils'))} | ${fmt(ratio('dockerfile-utils'), 2)}× |

### Cold start: one file

Commands take turns, ${COLD_RUNS} rounds. NODE_EXTRA_CA_CERTS is removed from the environment of
every command timed here: this machine sets it to its whole CA bundle, which Node loads at every
start before any script runs (last two rows).

| command | wall time | target |
|---|---|---|
| \`node -e 0\` (Node itself, for reference) | ${fmt(ms('node'))} ms | – |
| \`hullcheck scan examples/api/Dockerfile\` | **${fmt(ms('dockerfile'))} ms** | < 150 ms |
| \`hullcheck scan examples/compose.yaml\` | ${fmt(ms('compose'))} ms | < 150 ms |
| \`dockerfilelint examples/api/Dockerfile\` | ${fmt(ms('peer'))} ms (hullcheck ${fmt(ms('peer') / ms('dockerfile'), 2)}× faster) | – |
| \`node -e 0\` with this machine's NODE_EXTRA_CA_CERTS | ${fmt(ms('nodeExtraCa'))} ms | – |
| \`hullcheck scan examples/api/Dockerfile\` with it | ${fmt(ms('dockerfileExtraCa'))} ms | – |
`;
}

function pkgVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

await main();

// The harden part of the benchmarks: planning and rewriting every Compose file of the
// shared corpus in-process (no engine asked), and the CLI's wall time for one Compose
// file and one run line. Returns a Markdown section; `npx tsx bench/harden.ts` prints it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hardenCompose, readComposeServices } from '../src/harden/harden-compose.js';
import { imageInfoFromTable, type ImageInfo } from '../src/harden/image-info.js';
import { DEFAULT_HARDEN_OPTIONS } from '../src/harden/plan.js';
import { median } from './stats.js';

const ROUNDS = 20;
const CLI_RUNS = 15;


function wallTime(root: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(root, 'bin/hullcheck.js'), ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`hullcheck ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function hardenBenchmark(root: string): string {
  const corpus = process.env.HULLCHECK_CORPUS ?? join(root, '../shared/corpus');
  const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' })
    .filter((path) => /(^|\/)[^/]*compose[^/]*\.ya?ml$/.test(path))
    .map((path) => join(corpus, path))
    .sort();
  if (files.length === 0) throw new Error(`no Compose files under ${corpus} (set HULLCHECK_CORPUS)`);
  const inputs = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const services = readComposeServices(text, file, new Map());
    const images = new Map<string, ImageInfo>();
    for (const container of services.containers) {
      const info = container.image ? imageInfoFromTable(container.image.value) : undefined;
      if (info && container.image) images.set(container.image.value, info);
    }
    return { file, text, services, images };
  });
  const serviceCount = inputs.reduce((sum, input) => sum + input.services.containers.length, 0);
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (const input of inputs) hardenCompose(input.file, input.services, input.images, DEFAULT_HARDEN_OPTIONS);
    rounds.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const perRound = median(rounds);
  const compose = median(Array.from({ length: CLI_RUNS }, () => wallTime(root, ['harden', '--no-engine', '-q', 'examples/compose.yaml'])));
  const runLine = median(Array.from({ length: CLI_RUNS }, () => wallTime(root, ['harden', '--no-engine', '-q', '--', 'docker', 'run', '-p', '80:80', 'nginx:1.27'])));
  const node = median(Array.from({ length: CLI_RUNS }, () => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    return Number(process.hrtime.bigint() - start) / 1e6;
  }));
  return `## Harden

In-process: plan and rewrite every Compose file of ../shared/corpus (${inputs.length} files, ${serviceCount} services; the
hardened text is parsed again each time, as the CLI does), median of ${ROUNDS} rounds. CLI: wall time of a fresh process,
median of ${CLI_RUNS} runs, no engine asked.

| what | time |
|---|---|
| harden ${inputs.length} Compose files in-process | ${perRound.toFixed(1)} ms (${(perRound / inputs.length).toFixed(2)} ms per file) |
| \`node -e 0\` (Node itself, for reference) | ${node.toFixed(0)} ms |
| \`hullcheck harden --no-engine examples/compose.yaml\` | ${compose.toFixed(0)} ms |
| \`hullcheck harden --no-engine -- docker run -p 80:80 nginx:1.27\` | ${runLine.toFixed(0)} ms |
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(hardenBenchmark(join(import.meta.dirname, '..')));
}

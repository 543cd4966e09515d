import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { SCAN_WORKER_ARG } from './scan-worker-arg.js';

/** The CLI as one CommonJS file (scripts/build.mjs) and the V8 code cache made for it at build time. */
export const CLI_BUNDLE = fileURLToPath(new URL('../bin/hullcheck.cjs', import.meta.url));
export const CODE_CACHE = `${CLI_BUNDLE}.cache`;

export interface CliBundle {
  start(launcher: URL): Promise<void>;
}

/**
 * V8 tuning for the CLI, set before the bundle is compiled. A scan spends much of its
 * CPU in TurboFan, once per scan worker: rule checks inline most of the shell helpers,
 * and each worker compiles them anew. A smaller inlining budget (V8's default is 920
 * bytes of bytecode) made the 8,487-Dockerfile bench 12% faster (3.62 -> 3.17 s median
 * with two workers) and changes no result. Only a compiler heuristic is changed: heap
 * and GC flags cannot safely be changed once V8 runs. The code cache is only accepted
 * under the flags it was made with, so the build trains it through this same function.
 */
const V8_FLAGS = '--max-inlined-bytecode-size-cumulative=200';

type ModuleBody = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/**
 * Compiles the CLI bundle with its code cache and runs its top level. With the cache,
 * V8 takes the bytecode of every function a scan runs instead of parsing and compiling
 * them; without it (none built, or made by another Node version) V8 rejects it and
 * compiles as usual. Node 20 has no compile cache of its own.
 */
export function loadCliBundle(): { cli: CliBundle; script: Script } {
  // A scan worker is a thread of a process whose main thread has set them already.
  if (process.argv[2] !== SCAN_WORKER_ARG) setFlagsFromString(V8_FLAGS);
  // On a line of its own (lineOffset -1), so that the bundle's lines and columns stay its own.
  const source = `(function (exports, require, module, __filename, __dirname) {\n${readFileSync(CLI_BUNDLE, 'utf8')}\n})`;
  const script = new Script(source, { filename: CLI_BUNDLE, lineOffset: -1, cachedData: readCodeCache() });
  const module = { exports: {} };
  const body = script.runInThisContext() as ModuleBody;
  body.call(module.exports, module.exports, createRequire(CLI_BUNDLE), module, CLI_BUNDLE, dirname(CLI_BUNDLE));
  return { cli: module.exports as CliBundle, script };
}

function readCodeCache(): Buffer | undefined {
  try {
    return readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
}

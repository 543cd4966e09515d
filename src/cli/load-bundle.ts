import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The CLI as one CommonJS file (scripts/build.mjs) and the V8 code cache made for it at build time. */
export const CLI_BUNDLE = fileURLToPath(new URL('../bin/hullcheck.cjs', import.meta.url));
export const CODE_CACHE = `${CLI_BUNDLE}.cache`;

export interface CliBundle {
  start(launcher: URL): Promise<void>;
}

type ModuleBody = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/**
 * Compiles the CLI bundle with its code cache and runs its top level. With the cache,
 * V8 takes the bytecode of every function a scan runs instead of parsing and compiling
 * them; without it (none built, or made by another Node version) V8 rejects it and
 * compiles as usual. Node 20 has no compile cache of its own.
 */
export function loadCliBundle(): { cli: CliBundle; script: Script } {
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

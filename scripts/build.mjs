// Bundles the CLI into one CommonJS file and makes its V8 code cache (fast start-up).
// The library itself is emitted by tsc.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const OUT = 'dist/bin';

/**
 * commander requires node:child_process at load time, for executable subcommands,
 * which hullcheck does not have; loading that module costs a few milliseconds of
 * every start. Here it is required on the first spawn instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) {
        return { contents: source, loader: 'js', warnings: [{ text: 'commander no longer requires child_process as expected; it is loaded eagerly' }] };
      }
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

/**
 * What both outputs share: one CommonJS file for Node 20 in dist/bin. The sources are
 * ES modules; in a CommonJS file, import.meta.url is given as the file's own URL.
 */
const commonJsFile = {
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': '__hullcheckFileUrl' },
  banner: { js: "var __hullcheckFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
};

rmSync(OUT, { recursive: true, force: true });
await build({
  ...commonJsFile,
  // One file, loaded by bin/hullcheck.js through src/cli/load-bundle.ts. Modules reached
  // only by dynamic import (audit, image, proxy, harden, the report renderers) are still
  // initialised on first use; they are compiled only when called.
  entryPoints: { hullcheck: 'src/cli/index.ts' },
  sourcemap: true,
  // Less source to read and hash at start-up; the source map still points into src/.
  minify: true,
  // yaml's "node" export is CommonJS: bundled, each of its 70 modules runs in a require()
  // wrapper at start-up. Its ES module build is the same code (warnings go to console.warn
  // instead of process.emitWarning) and esbuild joins it into one flat scope.
  alias: { yaml: join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser/dist/index.js') },
  plugins: [lazyChildProcess],
});

// The loader bin/hullcheck.js requires: its own small file, so that this script alone
// (without tsc) makes everything the CLI runs.
await build({ ...commonJsFile, entryPoints: { 'load-bundle': 'src/cli/load-bundle.ts' } });

const trained = spawnSync(process.execPath, ['scripts/train-code-cache.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (trained.status !== 0) throw new Error(`making the code cache failed (exit ${trained.status})`);

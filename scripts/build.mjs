// Bundles the CLI (fast start-up; heavy parsers split into chunks loaded on first use).
// The library itself is emitted by tsc.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { rollup } from '@rollup/wasm-node';

const STAGE = 'dist/.bin-esbuild';
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

rmSync(STAGE, { recursive: true, force: true });
await build({
  // The scan worker is an entry of its own: worker threads load it by file name.
  entryPoints: { index: 'src/cli/index.ts', 'scan-worker': 'src/scan/scan-worker.ts' },
  outdir: STAGE,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Less source for V8 to scan at start-up (measured: about 5 ms off a single-file scan);
  // the source maps still point into src/ (node --enable-source-maps).
  minify: true,
  // yaml's "node" export is CommonJS: bundled, each of its 70 modules runs in a require()
  // wrapper at start-up. Its ES module build is the same code (warnings go to console.warn
  // instead of process.emitWarning) and esbuild joins it into one flat scope.
  alias: { yaml: join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser/dist/index.js') },
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one. It is made
  // on first call: every chunk carries the banner, and building a require for each chunk
  // at load time (import.meta, a Module object, path look-ups) added up at start-up.
  banner: {
    js: "import { createRequire as __hullcheckCreateRequire } from 'node:module'; let __hullcheckRequire; function require(id) { return (__hullcheckRequire ??= __hullcheckCreateRequire(import.meta.url))(id); }",
  },
  plugins: [lazyChildProcess],
  logLevel: 'warning',
});

/** Hands rollup each esbuild output with its source map, so the final maps lead back to src/. */
const withSourceMaps = {
  name: 'with-source-maps',
  load(id) {
    if (!id.endsWith('.js') || !existsSync(id)) return null;
    const map = `${id}.map`;
    return { code: readFileSync(id, 'utf8'), map: existsSync(map) ? readFileSync(map, 'utf8') : null };
  },
};

/**
 * esbuild splits the code into one chunk per set of entry points and dynamic imports
 * that reach it: some 70 files, 30 of them for a one-file Compose scan. Node 20 resolves,
 * reads and compiles each module on its own, at about half a millisecond apiece. Rollup
 * joins the small chunks into larger ones where that changes no module's side effects
 * (13 files for the same scan; measured about 20 ms less CPU for it).
 */
const bundle = await rollup({
  input: { index: `${STAGE}/index.js`, 'scan-worker': `${STAGE}/scan-worker.js` },
  external: (id) => id.startsWith('node:') || builtinModules.includes(id),
  plugins: [withSourceMaps],
  logLevel: 'warn', // not the merge statistics
});
rmSync(OUT, { recursive: true, force: true });
await bundle.write({
  dir: OUT,
  format: 'es',
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  sourcemap: true,
  experimentalMinChunkSize: 100_000,
});
await bundle.close();
rmSync(STAGE, { recursive: true, force: true });

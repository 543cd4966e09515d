// Bundles the CLI (fast start-up; heavy parsers split into chunks loaded on first use).
// The library itself is emitted by tsc.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bin', { recursive: true, force: true });
await build({
  // The scan worker is an entry of its own: worker threads load it by file name.
  entryPoints: { index: 'src/cli/index.ts', 'scan-worker': 'src/scan/scan-worker.ts' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __hullcheckRequire } from 'node:module'; const require = __hullcheckRequire(import.meta.url);" },
  logLevel: 'warning',
});

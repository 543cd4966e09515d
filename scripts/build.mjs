// Bundles the CLI into one file (fast start-up) and emits the library with tsc.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // tree-sitter finds its .wasm files next to its own modules, so it stays a real dependency.
  external: ['web-tree-sitter', 'tree-sitter-bash'],
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __hullcheckRequire } from 'node:module'; const require = __hullcheckRequire(import.meta.url);" },
  logLevel: 'warning',
});

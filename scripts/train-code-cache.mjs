// Makes the CLI bundle's V8 code cache (see src/cli/load-bundle.ts): runs one scan of
// examples/ in this process, so that the cache holds the bytecode of every function a
// Dockerfile or Compose scan runs, then writes it beside the bundle. Run by scripts/build.mjs.
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE, loadCliBundle } from '../dist/bin/load-bundle.cjs';

rmSync(CODE_CACHE, { force: true });
const { cli, script } = loadCliBundle();
const launcher = new URL('../bin/hullcheck.js', import.meta.url);
process.argv = [process.argv[0], fileURLToPath(launcher), 'scan', fileURLToPath(new URL('../examples', import.meta.url))];
await cli.start(launcher);
writeFileSync(CODE_CACHE, script.createCachedData());
process.exitCode = 0; // the scan's own exit code (1: findings) says nothing about the build

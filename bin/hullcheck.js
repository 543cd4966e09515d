#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS entry starts without Node's ES module loader.
const { pathToFileURL } = require('node:url');

let cli;
try {
  cli = require('../dist/bin/load-bundle.cjs').loadCliBundle().cli;
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND' && error.code !== 'ENOENT') throw error;
  process.stderr.write('hullcheck: error: the CLI is not built (dist/bin is missing); run `npm ci` or `npm run build` first\n');
  process.exit(2);
}
void cli.start(pathToFileURL(__filename));

#!/usr/bin/env node
// CommonJS (bin/package.json): a CommonJS entry starts without Node's ES module loader.
const { pathToFileURL } = require('node:url');
const { loadCliBundle } = require('../dist/bin/load-bundle.cjs');

void loadCliBundle().cli.start(pathToFileURL(__filename));

// Rewrites the generated tables (operations, presets) in docs/proxy-policy.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withGeneratedSections } from '../src/proxy/operations-docs.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'proxy-policy.md');
writeFileSync(file, withGeneratedSections(readFileSync(file, 'utf8')));
console.log(`wrote the operation and preset tables of ${file}`);

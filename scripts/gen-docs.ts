// Writes docs/rules/*.md and the README rule table from rule meta.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedDocs, staleRulePages } from '../src/docs/generate.js';
import { rules } from '../src/rules/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'docs/rules'), { recursive: true });
for (const stale of staleRulePages(root, rules)) rmSync(join(root, 'docs/rules', stale));
for (const file of generatedDocs(root, rules)) writeFileSync(file.path, file.content);
console.log(`wrote ${rules.length} rule pages and the README rule table`);

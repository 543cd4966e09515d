import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withGeneratedSections } from '../../../src/proxy/operations-docs.js';
import { GRANT_CHECKS } from '../../../src/proxy/policy-containers.js';
import { OPERATIONS } from '../../../src/proxy/operations.js';

const file = join(import.meta.dirname, '../../../docs/proxy-policy.md');
const doc = readFileSync(file, 'utf8');

describe('docs/proxy-policy.md', () => {
  it('has the operation and preset tables the code has (fix: npx tsx scripts/gen-proxy-docs.ts)', () => {
    expect(doc).toBe(withGeneratedSections(doc));
  });

  it('lists every operation', () => {
    for (const op of OPERATIONS) expect(doc).toContain(`| \`${op.name}\` |`);
  });

  it('documents every check a decision can name', () => {
    const ids = [...GRANT_CHECKS, 'not-owner', 'exec-privileged', 'exec-root', 'plugin-not-allowed', 'plugin-privileges', 'plugin-settings', 'build-remote-context', 'build-host-network', 'operation', 'strict-json', 'policy-error'];
    for (const id of ids) expect(doc, id).toContain(`\`${id}\``);
  });
});

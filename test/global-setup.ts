import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The CLI tests run the real bundle, so bundle the current sources first (esbuild: well under a second). */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '../scripts/build.mjs')], { stdio: 'inherit' });
}

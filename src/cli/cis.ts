import { cisCoverage, type CisCoverageRow } from '../rules/cis/controls.js';
import { rules } from '../rules/index.js';
import { CIS_SECTIONS } from '../audit/score.js';
import { EXIT_CLEAN, type Format } from './output.js';

/**
 * `hullcheck audit --cis`: every control of the CIS Docker Benchmark v1.6.0,
 * whether hullcheck checks it automatically, partly or not at all (manual),
 * and the rules that do. Text is a table per section; JSON the rows as data.
 */
export function printCisCoverage(format: Format): number {
  const rows = cisCoverage(rules);
  process.stdout.write(format === 'json' ? `${JSON.stringify({ benchmark: 'CIS Docker Benchmark v1.6.0', controls: rows }, null, 2)}\n` : cisText(rows));
  return EXIT_CLEAN;
}

function cisText(rows: readonly CisCoverageRow[]): string {
  const lines: string[] = ['CIS Docker Benchmark v1.6.0 (v1.8.0 numbers in brackets where they differ)'];
  let section = '';
  for (const row of rows) {
    const current = row.control.split('.')[0] ?? '';
    if (current !== section) {
      section = current;
      lines.push('', `${section} ${CIS_SECTIONS[section] ?? ''}`);
    }
    const number = row.v180 ? `${row.control} [${row.v180}]` : row.control;
    const checkedBy = row.ruleIds.length > 0 ? row.ruleIds.join(', ') : row.note;
    lines.push(`  ${number.padEnd(14)} ${row.coverage.padEnd(9)}  ${row.title}  (${checkedBy})`);
  }
  const counts = { automatic: 0, partial: 0, manual: 0 };
  for (const row of rows) counts[row.coverage] += 1;
  lines.push('', `${rows.length} controls: ${counts.automatic} automatic, ${counts.partial} partial, ${counts.manual} manual`);
  return `${lines.join('\n')}\n`;
}

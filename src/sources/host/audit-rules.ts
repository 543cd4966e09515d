import { posix } from 'node:path';
import type { LocalHost } from '../../facts/host.js';
import { runs, type ProcessInfo } from './processes.js';
import { linesOf, type RootFs } from './root-fs.js';

const AUDIT_RULES = '/etc/audit/audit.rules';
const RULES_D = '/etc/audit/rules.d';

/**
 * Whether auditd runs, and the paths its rule files watch: `-w PATH` rules and
 * syscall rules filtered on `-F path=PATH` or `-F dir=PATH`. Both audit.rules
 * and rules.d are read: augenrules compiles the second into the first, but a
 * machine may use either.
 */
export function readAuditFacts(fs: RootFs, processes: readonly ProcessInfo[]): LocalHost['audit'] {
  const ruleFiles = [
    AUDIT_RULES,
    ...fs.list(RULES_D).filter((name) => name.endsWith('.rules')).map((name) => posix.join(RULES_D, name)),
  ];
  const watched = ruleFiles.flatMap((file) => watchedPaths(fs.readText(file) ?? ''));
  return {
    running: processes.some((p) => runs(p, 'auditd')),
    watched: [...new Set(watched)],
    rulesAt: { file: AUDIT_RULES, line: 0, column: 0 },
  };
}

export function watchedPaths(rules: string): string[] {
  return linesOf(rules).flatMap((line) => {
    const words = line.trim().split(/\s+/);
    if (words[0]?.startsWith('#')) return [];
    const paths: string[] = [];
    words.forEach((word, i) => {
      const next = words[i + 1];
      if (word === '-w' && next) paths.push(next);
      const field = word === '-F' ? /^(?:path|dir)=(.+)$/.exec(next ?? '')?.[1] : undefined;
      if (field) paths.push(field);
    });
    return paths;
  });
}

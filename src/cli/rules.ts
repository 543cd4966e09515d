import { Command, Option } from 'commander';
import { ruleExplanation } from '../docs/rule-docs.js';
import { findRule, rules } from '../rules/index.js';
import { EXIT_CLEAN, EXIT_ERROR } from './output.js';

export function rulesCommand(): Command {
  return new Command('rules')
    .description('list every rule')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      if (options.format === 'json') {
        const list = rules.map(({ meta }) => ({
          id: meta.id,
          title: meta.title,
          severity: meta.severity,
          reads: meta.reads,
          cis: meta.cis,
          equivalents: meta.equivalents ?? {},
        }));
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const width = Math.max(...rules.map((r) => r.meta.id.length));
      for (const { meta } of rules) {
        const cis = meta.cis.length > 0 ? `  [CIS ${meta.cis.join(', ')}]` : '';
        process.stdout.write(`${meta.id.padEnd(width)}  ${meta.severity.padEnd(8)}  ${meta.reads.padEnd(9)}  ${meta.title}${cis}\n`);
      }
    });
}

export function explainCommand(): Command {
  return new Command('explain')
    .description("print a rule's documentation")
    .argument('<rule-id>', 'the rule to explain')
    .action((id: string) => {
      const rule = findRule(id);
      if (!rule) {
        process.stderr.write(`hullcheck: no rule named "${id}"; \`hullcheck rules\` lists them\n`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      process.stdout.write(ruleExplanation(rule));
      process.exitCode = EXIT_CLEAN;
    });
}

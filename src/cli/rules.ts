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
    .description("print a rule's documentation, or a Linux capability's (explain cap NAME)")
    .usage('RULE_ID | cap [NAME]')
    .argument('<rule-id>', 'the rule to explain, or `cap`')
    .argument('[name]', 'with `cap`: the capability (SYS_ADMIN, CAP_SYS_ADMIN, 21); without it, all of them')
    .action(async (id: string, name: string | undefined) => {
      if (id.toLowerCase() === 'cap' || id.toLowerCase() === 'capability') {
        process.exitCode = await explainCapability(name);
        return;
      }
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

async function explainCapability(name: string | undefined): Promise<number> {
  const { capabilityExplanation, capabilityTable } = await import('../harden/explain-capability.js');
  const { findCapability } = await import('../harden/data/capabilities.js');
  if (name === undefined) {
    process.stdout.write(capabilityTable());
    return EXIT_CLEAN;
  }
  const cap = findCapability(name);
  if (!cap) {
    process.stderr.write(`hullcheck: no capability named "${name}"; \`hullcheck explain cap\` lists them\n`);
    return EXIT_ERROR;
  }
  process.stdout.write(capabilityExplanation(cap));
  return EXIT_CLEAN;
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../scan/config.js';
import { VERSION } from '../version.js';
import { EXIT_ERROR, printConfigError } from './output.js';
import { auditCommand } from './audit.js';
import { hardenCommand } from './harden.js';
import { imageCommand } from './image.js';
import { proxyCommand } from './proxy.js';
import { explainCommand, rulesCommand } from './rules.js';
import { scanCommand } from './scan.js';
import { scanRunCommand } from './scan-run.js';

/** Runs a command body, turning every failure into a one-line message and exit code 2. */
async function run(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof ConfigError) return printConfigError(error);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`hullcheck: error: ${message}\n`);
  if (process.env.HULLCHECK_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT_ERROR;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('hullcheck')
    .description('Find and fix Docker security problems in Dockerfiles, Compose files, docker run lines, images, live Docker hosts and Docker API requests.')
    .version(VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(scanCommand(run));
  program.addCommand(scanRunCommand(run));
  program.addCommand(auditCommand(run));
  program.addCommand(imageCommand(run));
  program.addCommand(hardenCommand(run));
  program.addCommand(proxyCommand(run));
  program.addCommand(rulesCommand());
  program.addCommand(explainCommand());
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; every usage mistake is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_ERROR;
      return;
    }
    process.exitCode = reportFailure(error);
  }
}

import { Command, CommanderError } from 'commander';
import { ConfigError } from '../scan/config.js';
import { VERSION } from '../version.js';
import { EXIT_ERROR, printConfigError } from './output.js';

type Runner = (action: () => Promise<number>) => Promise<void>;

/**
 * Each subcommand's module, loaded only when needed: a run loads the one it names,
 * so `scan` does not load the engine, image, proxy or harden code at start-up.
 * Help (or a name that is no command) loads them all, in this order.
 */
const SUBCOMMANDS: Record<string, (runner: Runner) => Promise<Command>> = {
  scan: async (runner) => (await import('./scan.js')).scanCommand(runner),
  'scan-run': async (runner) => (await import('./scan-run.js')).scanRunCommand(runner),
  audit: async (runner) => (await import('./audit.js')).auditCommand(runner),
  image: async (runner) => (await import('./image.js')).imageCommand(runner),
  harden: async (runner) => (await import('./harden.js')).hardenCommand(runner),
  proxy: async (runner) => (await import('./proxy.js')).proxyCommand(runner),
  rules: async () => (await import('./rules.js')).rulesCommand(),
  explain: async () => (await import('./rules.js')).explainCommand(),
};

/** The subcommands a command line needs: the one it names, else (help, typos) every one. */
async function subcommandsFor(argv: string[]): Promise<Command[]> {
  const named = argv[2];
  const load = named !== undefined && Object.hasOwn(SUBCOMMANDS, named) ? [SUBCOMMANDS[named] as (runner: Runner) => Promise<Command>] : Object.values(SUBCOMMANDS);
  return Promise.all(load.map((make) => make(run)));
}

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

/**
 * `hullcheck scan . | head` closes the pipe before the report is written out. Like any
 * Unix filter, stop there, with the exit code the run already has, instead of dying
 * on an unhandled EPIPE.
 */
function stopWhenReaderGoes(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
}

export async function main(argv: string[]): Promise<void> {
  stopWhenReaderGoes(process.stdout);
  const program = new Command('hullcheck')
    .description('Find and fix Docker security problems in Dockerfiles, Compose files, docker run lines, images, live Docker hosts and Docker API requests.')
    .version(VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  try {
    for (const command of await subcommandsFor(argv)) program.addCommand(command.exitOverride());
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

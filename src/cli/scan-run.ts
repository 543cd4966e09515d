import { Command } from 'commander';
import { joinArgv } from '../sources/run-command/parse-run.js';
import { scanText } from '../scan/scan.js';
import { finish, resolveConfig, withOutputOptions, type OutputOptions } from './output.js';

export function scanRunCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const command = new Command('scan-run')
    .description('check a `docker run` / `docker create` command line with the container rules')
    .argument('<command...>', 'the command, after `--`, or as one quoted string')
    .usage('[options] -- docker run [FLAGS] IMAGE [COMMAND]')
    .passThroughOptions()
    .allowUnknownOption();
  withOutputOptions(command);
  return command.action((words: string[], options: OutputOptions) =>
    run(async () => {
      const config = await resolveConfig(options, process.cwd());
      const text = words.length === 1 ? (words[0] as string) : joinArgv(words);
      const result = await scanText({ text, kind: 'run', file: 'command-line' }, { config });
      return finish(result, options, config);
    }),
  );
}

import { Command, Option } from 'commander';
import { EXIT_CLEAN, EXIT_FINDINGS } from './output.js';

export interface HardenCommandOptions {
  service: string[];
  write?: boolean;
  format: 'text' | 'json';
  aggressive?: boolean;
  keepCap: string[];
  user?: string;
  public: string[];
  pidsLimit: string;
  memory: string;
  cpus: string;
  seccomp?: string;
  host?: string;
  engine: boolean;
  check?: boolean;
  quiet?: boolean;
  config?: string;
}

export function hardenCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  return new Command('harden')
    .description('write the least-privilege version of a Compose file (a diff, or --write) or of a `docker run` line')
    .usage('[options] compose.yaml | [options] -- docker run [FLAGS] IMAGE [COMMAND]')
    .argument('<input...>', 'a Compose file, or a docker run command after `--` (or as one quoted string)')
    .option('--service <name>', 'harden only this service; repeatable', collect, [])
    .option('-w, --write', 'write the hardened Compose file in place instead of printing a diff')
    .addOption(new Option('-f, --format <format>', 'text: a diff or command line; json: the changes with reasons').choices(['text', 'json']).default('text'))
    .option('--aggressive', 'remove privileged, host namespaces, runtime socket mounts and dangerous capabilities instead of commenting on them')
    .option('--keep-cap <capability>', 'add this capability back after dropping ALL; repeatable', collect, [])
    .option('-u, --user <user>', 'run as this user (UID[:GID] or name) where the file sets none or root')
    .option('--public <port>', 'leave this published port (host or container port) on every interface; repeatable', collect, [])
    .option('--pids-limit <n>', 'process limit for services without one', '200')
    .option('--memory <size>', 'memory limit for services without one', '512m')
    .option('--cpus <n>', 'CPU limit for services without one (or a CPU share)', '1.0')
    .option('--seccomp <file>', 'write a seccomp profile to FILE and make the services use it')
    .option('-H, --host <address>', 'engine to read image users, volumes and ports from (default: DOCKER_HOST, the Docker context, the standard socket)')
    .option('--no-engine', 'do not ask any engine about the images')
    .option('-c, --config <file>', 'config file whose allowed-capabilities and trusted-registries apply (default: .hullcheck.yaml found upward)')
    .option('--check', 'exit 1 when something would change (for CI)')
    .option('-q, --quiet', 'print only the diff or the command, not the reasons')
    .action((words: string[], options: HardenCommandOptions) =>
      run(async () => {
        const { runHarden } = await import('../harden/command.js');
        const changed = await runHarden(words, options);
        return options.check && changed ? EXIT_FINDINGS : EXIT_CLEAN;
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}


import type { ShellCommand } from '../../facts/build.js';
import type { Location } from '../../facts/location.js';
import { effective, runCommands } from '../helpers/shell.js';
import { buildRule } from '../rule.js';

/** Where `sudo` is written in the command, if it runs through sudo at all. */
function sudoAt(command: ShellCommand): Location | undefined {
  if (command.name === 'sudo') return command.at;
  if (!effective(command).wrappers.includes('sudo')) return undefined;
  return command.args.find((word) => word.value.slice(word.value.lastIndexOf('/') + 1) === 'sudo')?.at ?? command.at;
}

export default buildRule({
  meta: {
    id: 'no-sudo',
    title: 'RUN uses sudo',
    severity: 'medium',
    reads: 'build',
    cis: [],
    equivalents: { hadolint: 'DL3004', trivy: 'DS010', checkov: 'CKV2_DOCKER_1' },
    docs: {
      why:
        'Build steps already run as the user set by USER, so sudo is only needed when the image contains an account that is allowed to become root. ' +
        'That account, with its sudoers entry, ships in the image: anyone who gets code execution as that user at run time can escalate to root. ' +
        'sudo also behaves unpredictably without a terminal and changes the environment of the command it runs.',
      fix:
        'Switch users with USER instead: put the steps that need root under `USER root`, then go back to the unprivileged user. ' +
        'Do not install sudo or add sudoers entries in the image. If an entrypoint must drop privileges, use gosu or su-exec.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM ubuntu:24.04\nUSER app\nRUN sudo apt-get update && sudo apt-get install -y curl',
          good: 'FROM ubuntu:24.04\nUSER root\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER app',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const { command } of runCommands(facts)) {
      const at = sudoAt(command);
      if (at) {
        report({
          message: 'sudo in a build step: switch users with USER instead of shipping a sudo-capable account',
          at,
          fix: { description: 'run the step under USER root and drop sudo' },
        });
      }
    }
  },
});

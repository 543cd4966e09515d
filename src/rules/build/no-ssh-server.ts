import type { ShellWord } from '../../facts/build.js';
import { effective, instructionsWith, positionals, runCommands, subcommand, type EffectiveCommand } from '../helpers/shell.js';
import { buildRule } from '../rule.js';
import { own } from '../helpers/own.js';

/** Subcommands that install packages, per package manager family. */
const INSTALL: Record<string, string[]> = {
  'apt-get': ['install'],
  apk: ['add'],
  yum: ['install'],
  zypper: ['in', 'install'],
};

/** SSH server packages; Debian's `ssh` meta-package pulls in openssh-server. */
const SERVER_PACKAGES: Record<string, string[]> = {
  'apt-get': ['openssh-server', 'ssh', 'dropbear', 'dropbear-bin'],
  apk: ['openssh', 'openssh-server', 'dropbear'],
  yum: ['openssh-server', 'dropbear'],
  zypper: ['openssh-server', 'openssh', 'dropbear'],
};

/** `openssh-server=1:9.2p1-2`, `openssh-server:amd64`, `openssh-server-8.7p1` name the package `openssh-server`. */
function packageName(word: string): string {
  return word.split(/[=<>~:]/)[0]?.replace(/-\d[\w.+~-]*$/, '') ?? word;
}

function sshServerPackages(command: EffectiveCommand): ShellWord[] {
  if (!own(INSTALL, command.family)?.includes(subcommand(command) ?? '')) return [];
  const wanted = own(SERVER_PACKAGES, command.family) ?? [];
  return positionals(command)
    .slice(1)
    .filter((word) => wanted.includes(packageName(word.value)));
}

export default buildRule({
  meta: {
    id: 'no-ssh-server',
    title: 'SSH server in the image',
    severity: 'medium',
    reads: 'build',
    cis: ['5.7'],
    equivalents: { trivy: 'DS004', checkov: 'CKV_DOCKER_1' },
    docs: {
      why:
        'An SSH daemon in a container is a second way in that bypasses the container runtime: it needs keys or passwords managed inside the image, ' +
        'its own patching, and usually root to run, and it widens what an attacker can reach from the network. ' +
        'Containers are meant to be entered with `docker exec` or `kubectl exec`, which use the platform\'s authentication and audit. The SSH client (openssh-client) is fine.',
      fix:
        'Remove openssh-server (or dropbear) and EXPOSE 22 from the image. Use `docker exec`/`kubectl exec` for interactive access, ' +
        'and for file transfer use volumes or `docker cp`. If a tool really needs SSH, run it as a separate, purpose-built service.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y openssh-server && rm -rf /var/lib/apt/lists/*\nEXPOSE 22',
          good: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y openssh-client && rm -rf /var/lib/apt/lists/*',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const { instruction } of instructionsWith(facts, 'EXPOSE')) {
      for (const port of instruction.args.filter((a) => /^22(\/tcp)?$/i.test(a.value))) {
        report({
          message: `EXPOSE ${port.value} publishes the SSH port: enter containers with docker exec instead`,
          at: port.at,
          fix: { description: 'remove port 22 from EXPOSE' },
        });
      }
    }
    for (const { command } of runCommands(facts)) {
      for (const word of sshServerPackages(effective(command))) {
        report({
          message: `${word.value} installs an SSH server in the image: enter containers with docker exec instead`,
          at: word.at,
          fix: { description: 'remove the SSH server package' },
        });
      }
    }
  },
});

import type { InstructionFacts } from '../../facts/build.js';
import type { Location } from '../../facts/location.js';
import { effective, flagTokens, instructionFlag, instructionsWith, positionals, runCommands, type EffectiveCommand } from '../helpers/shell.js';
import { buildRule, type ReportInput } from '../rule.js';

export interface ModeBits {
  /** Others get write permission. */
  worldWritable: boolean;
  /** The sticky bit is set: only owners may delete or rename entries. */
  sticky: boolean;
}

/**
 * Reads a chmod mode: octal (`777`, `0666`, `1777`) or symbolic (`o+w`, `a=rwx,u+s`).
 * Symbolic clauses without a who (`+w`) are left to the umask and do not count.
 * Returns undefined for what is not a mode (`$MODE`, `--reference=x`).
 */
export function readMode(mode: string): ModeBits | undefined {
  if (/^[0-7]{1,5}$/.test(mode)) {
    const bits = Number.parseInt(mode, 8);
    return { worldWritable: (bits & 0o002) !== 0, sticky: (bits & 0o1000) !== 0 };
  }
  const clauses = mode.split(',');
  if (!clauses.every((c) => /^[ugoa]*([-+=][rwxXstugo]*)+$/.test(c))) return undefined;
  const result: ModeBits = { worldWritable: false, sticky: false };
  for (const clause of clauses) {
    const who = /^[ugoa]*/.exec(clause)?.[0] ?? '';
    for (const [, op, perms] of clause.slice(who.length).matchAll(/([-+=])([rwxXstugo]*)/g)) {
      if (op === '-') continue;
      if (/[oa]/.test(who) && perms?.includes('w')) result.worldWritable = true;
      if (perms?.includes('t')) result.sticky = true;
    }
  }
  return result;
}

const MODE_SETTERS = new Set(['chmod', 'mkdir', 'install']);

/** The mode and targets of a command that sets permissions (chmod, mkdir -m, install -m). */
function modeChange(command: EffectiveCommand): { mode: string; targets: string[] } | undefined {
  if (!MODE_SETTERS.has(command.name)) return undefined;
  const words = positionals(command).map((w) => w.value);
  if (command.name === 'chmod') {
    const [mode, ...targets] = words;
    return mode === undefined ? undefined : { mode, targets };
  }
  if (command.name === 'mkdir' || command.name === 'install') {
    const mode = flagTokens(command, '-m', '--mode')[0]?.value;
    return mode === undefined ? undefined : { mode, targets: command.name === 'mkdir' ? words : words.slice(-1) };
  }
  return undefined;
}

/** True when the RUN deletes the path (or a directory holding it): a scratch directory that does not ship. */
function removedIn(instruction: InstructionFacts, path: string): boolean {
  return (instruction.shell?.commands ?? [])
    .map(effective)
    .some((c) => c.name === 'rm' && positionals(c).some((w) => w.value === path || path.startsWith(`${w.value.replace(/\/+$/, '')}/`)));
}

/** `label` names the change as written: `chmod 777`, `COPY --chmod=777`. */
function finding(mode: string, targets: string[], at: Location, label: string): ReportInput | undefined {
  const bits = readMode(mode);
  // Sticky shared directories (1777, like /tmp) are the usual way to let any uid create its own files there.
  if (!bits?.worldWritable || bits.sticky) return undefined;
  const named = targets.length > 0 ? targets.join(' ') : 'the files';
  return {
    message: `${label} makes ${named} writable by every user`,
    at,
    fix: { description: 'give write access to the owner (and group) only, e.g. 755 for directories, 644 for files, and chown to the user that writes' },
  };
}

export default buildRule({
  meta: {
    id: 'no-world-writable',
    title: 'Files made writable by every user',
    severity: 'medium',
    reads: 'build',
    cis: [],
    docs: {
      why:
        'A world-writable file or directory in an image can be changed by any process in the container, whatever user it runs as. ' +
        'An attacker who gains a foothold as an unprivileged user can then rewrite scripts, configuration or binaries that a more privileged process (the entrypoint, a cron job, root via docker exec) later runs. ' +
        'Modes such as 777 are usually a shortcut around a permissions problem that chown would solve properly. ' +
        'Sticky shared directories (mode 1777, like /tmp) are not reported: each user can add files there but cannot replace or delete the files of others, which is the usual way to support arbitrary run-time uids.',
      fix:
        'Make the user that needs to write the owner (`COPY --chown=app:app`, `chown -R app:app /data`) and keep modes at 755 for directories and 644 for files, ' +
        'or 775/664 with a shared group. Never grant write to others (the last octal digit 2, 3, 6 or 7; `o+w`; `a+w`).',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM node:20-slim\nCOPY . /app\nRUN chmod -R 777 /app\nUSER node',
          good: 'FROM node:20-slim\nCOPY --chown=node:node . /app\nUSER node',
        },
        { kind: 'dockerfile', bad: 'FROM alpine:3.20\nCOPY --chmod=777 entrypoint.sh /\nUSER 1000', good: 'FROM alpine:3.20\nCOPY --chmod=755 entrypoint.sh /\nUSER 1000' },
      ],
    },
  },
  check(facts, { report }) {
    for (const { instruction, command } of runCommands(facts)) {
      const seen = effective(command);
      const change = modeChange(seen);
      if (change && change.targets.length > 0 && change.targets.every((t) => removedIn(instruction, t))) continue;
      const label = seen.name === 'chmod' ? `chmod ${change?.mode}` : `${seen.name} -m ${change?.mode}`;
      const result = change && finding(change.mode, change.targets, command.at, label);
      if (result) report(result);
    }
    for (const { instruction } of instructionsWith(facts, 'COPY', 'ADD')) {
      const mode = instructionFlag(instruction, 'chmod');
      const flag = instruction.flags.find((f) => f.name === 'chmod');
      const destination = instruction.args[instruction.args.length - 1]?.value;
      const result = mode && flag && finding(mode, destination ? [destination] : [], flag.at, `${instruction.keyword} --chmod=${mode}`);
      if (result) report(result);
    }
  },
});

import type { ShellCommand } from '../../facts/build.js';
import { argumentHolding, effective, hasFlag, optionValues, positionals, runCommands, type EffectiveCommand } from '../helpers/shell.js';
import { buildRule } from '../rule.js';
import { own } from '../helpers/own.js';

const DOWNLOADERS = new Set(['curl', 'wget']);

/** Interpreter families, with the options that give them code inline rather than from a file or stdin. */
const INLINE_CODE_OPTIONS: Record<string, string[]> = {
  sh: ['-c'],
  python: ['-c', '-m'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  node: ['-e', '-p', '--eval', '--print'],
};

const STDIN_NAMES = new Set(['-', '/dev/stdin', '/proc/self/fd/0', '/dev/fd/0']);

function isInterpreter(command: EffectiveCommand): boolean {
  return command.family in INLINE_CODE_OPTIONS;
}

/** True when the interpreter takes its program from standard input. */
function readsProgramFromStdin(command: EffectiveCommand): boolean {
  if (hasFlag(command, ...(own(INLINE_CODE_OPTIONS, command.family) ?? []))) return false;
  if (command.family === 'sh' && hasFlag(command, '-s')) return true;
  const script = positionals(command)[0];
  return script === undefined || STDIN_NAMES.has(script.value);
}

/** `curl ... | [sudo] bash`: the download is piped into an interpreter reading its program from stdin. */
function pipedIntoInterpreter(command: ShellCommand): boolean {
  const later = command.pipeline.slice(command.pipeline.indexOf(command) + 1).map(effective);
  return later.some((next) => isInterpreter(next) && !next.wrappers.includes('xargs') && readsProgramFromStdin(next));
}

/**
 * `sh -c "$(curl ...)"`, `eval "$(curl ...)"`, `bash <(curl ...)`, `. <(wget -O- ...)`,
 * `bash <<< "$(curl ...)"`: the download is the program of the command around it.
 */
function runsAsProgramOfParent(command: ShellCommand): boolean {
  if (!command.nested || !command.parent) return false;
  const parent = effective(command.parent);
  const word = argumentHolding(command.parent, command);
  if (parent.name === 'eval') return word !== undefined && isWholeSubstitution(word.value);
  if (parent.name === '.' || parent.name === 'source') return command.nested === 'process-substitution' && word === parent.args[0];
  if (!isInterpreter(parent)) return false;
  if (!word) return true; // in a redirect: `bash <<< "$(curl ...)"`, `bash < <(curl ...)`
  if (command.nested === 'process-substitution') return word === positionals(parent)[0];
  return isWholeSubstitution(word.value) && isInlineProgram(parent, word.value);
}

/**
 * True when the word is nothing but one command substitution: `"$(curl ...)"`.
 * `sh -c "echo $(curl ...)"` uses the download as data inside a program, and is left alone.
 */
function isWholeSubstitution(value: string): boolean {
  return /^\s*(\$\([\s\S]*\)|`[\s\S]*`)\s*$/.test(value);
}

/** True when `value` is the code given inline: after `-c` for a shell, the value of `-c`/`-e` for the others. */
function isInlineProgram(interpreter: EffectiveCommand, value: string): boolean {
  const options = own(INLINE_CODE_OPTIONS, interpreter.family) ?? [];
  if (interpreter.family === 'sh') return hasFlag(interpreter, ...options) && positionals(interpreter)[0]?.value === value;
  return optionValues(interpreter, ...options).includes(value);
}

export default buildRule({
  meta: {
    id: 'no-pipe-to-shell',
    title: 'Downloaded script is run without being checked',
    severity: 'high',
    reads: 'build',
    cis: [],
    docs: {
      why:
        'Piping curl or wget straight into a shell or interpreter runs whatever the server sends at build time, with the privileges of the build step. ' +
        'Nothing pins what was fetched: a compromised or hijacked server, a moved URL or a truncated transfer changes the image silently, ' +
        'and the next build may differ from the last one without any change to the Dockerfile.',
      fix:
        'Download the script to a file, check it against a known SHA-256 (`echo "<sha256>  install.sh" | sha256sum -c -`), then run it. ' +
        'Better still, install a released, signed package or copy the tool from a pinned image with `COPY --from=`.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN curl -fsSL https://example.com/install.sh | sh',
          good:
            'FROM debian:12-slim\nRUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n' +
            ' && echo "0e5b8c2b0a6a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5  /tmp/install.sh" | sha256sum -c - \\\n' +
            ' && sh /tmp/install.sh && rm /tmp/install.sh',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const { command } of runCommands(facts)) {
      if (!DOWNLOADERS.has(effective(command).name)) continue;
      if (pipedIntoInterpreter(command) || runsAsProgramOfParent(command)) {
        report({
          message: `${effective(command).name} output is run as code without an integrity check`,
          at: command.at,
          fix: { description: 'download to a file, verify its checksum, then run it' },
        });
      }
    }
  },
});

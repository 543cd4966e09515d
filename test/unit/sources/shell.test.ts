import { describe, expect, it } from 'vitest';
import type { ShellCommand } from '../../../src/facts/build.js';
import { parseShell } from '../../../src/sources/shell/parse-shell.js';

const FILE = 'script';

function shell(text: string) {
  return parseShell(text, FILE, (row, column) => ({ line: row + 1, column: column + 1 }));
}

/** A command in a compact form: name, argument values, and where it starts and ends. */
function brief(command: ShellCommand) {
  const { at } = command;
  return `${command.name}(${command.args.map((a) => a.value).join(' ')})@${at.line}:${at.column}-${at.endLine}:${at.endColumn}`;
}

describe('shell: simple commands', () => {
  it('reads program, arguments and places, with the path kept in program and stripped in name', () => {
    const { commands, hasError } = shell('/usr/bin/curl -fsSL https://x.example/a.sh');
    expect(hasError).toBe(false);
    expect(commands.map(brief)).toEqual(['curl(-fsSL https://x.example/a.sh)@1:1-1:43']);
    expect(commands[0]?.program).toBe('/usr/bin/curl');
    expect(commands[0]?.args.map((a) => [a.at.column, a.at.endColumn])).toEqual([[15, 20], [21, 43]]);
  });

  it('removes quotes and escapes the way the shell does, and marks words with expansions', () => {
    const [command] = shell(`echo 'a $b' "c d" e\\ f "$HOME/x" \${V:-1} $'t\\tu' "q\\"r"`).commands;
    expect(command?.args.map((a) => [a.value, a.literal])).toEqual([
      ['a $b', true],
      ['c d', true],
      ['e f', true],
      ['$HOME/x', false],
      ['${V:-1}', false],
      ['t\tu', true],
      ['q"r', true],
    ]);
  });

  it('takes leading NAME=value words as assignments and ends the command at its last word', () => {
    const [command] = shell('DEBIAN_FRONTEND=noninteractive apt-get install -y curl > /dev/null 2>&1').commands;
    expect(command?.assignments).toEqual([{ name: 'DEBIAN_FRONTEND', value: 'noninteractive' }]);
    expect(brief(command as ShellCommand)).toBe('apt-get(install -y curl)@1:1-1:55');
    expect(command?.text).toBe('DEBIAN_FRONTEND=noninteractive apt-get install -y curl');
    // `2>&1` duplicates a descriptor: it names no file.
    expect(command?.redirects).toEqual(['/dev/null']);
  });

  it('passes the assignments of export and local as arguments', () => {
    const commands = shell('export A=1 B="$x"; local C=2').commands;
    expect(commands.map((c) => [c.name, c.args.map((a) => [a.value, a.literal])])).toEqual([
      ['export', [['A=1', true], ['B=$x', false]]],
      ['local', [['C=2', true]]],
    ]);
  });

  it('reads `[ ... ]` as the command it is, and echo >&2 with its message', () => {
    const commands = shell('[ -f /x ] || echo >&2 "missing /x"').commands;
    expect(commands.map(brief)).toEqual(['[(-f /x ])@1:1-1:10', 'echo(missing /x)@1:14-1:35']);
  });
});

describe('shell: lists, pipelines and compound commands', () => {
  it('gives each pipeline member the whole pipeline, after && as well', () => {
    const commands = shell('cd /x && find . -type f | sort -u | xargs -r rm').commands;
    expect(commands.map((c) => c.name)).toEqual(['cd', 'find', 'sort', 'xargs']);
    expect(commands[0]?.pipeline.map((c) => c.name)).toEqual(['cd']);
    for (const member of commands.slice(1)) expect(member.pipeline.map((c) => c.name)).toEqual(['find', 'sort', 'xargs']);
  });

  it('finds the commands inside if, for, while, case, subshells, groups and functions', () => {
    const text = [
      'if [ -n "$A" ]; then apk add a; elif true; then apk add b; else apk add c; fi',
      'for f in *.sh; do sh "$f"; done',
      'while read -r l; do echo "$l"; done < list',
      'case "$ARCH" in amd64) x=1 ;; *) uname -m ;; esac',
      '( cd /tmp && make ) ; { rm -rf /var/cache/apk/*; }',
      'cleanup() { rm -f /tmp/x; }',
    ].join('\n');
    expect(shell(text).commands.map((c) => `${c.name}@${c.at.line}`)).toEqual([
      '[@1', 'apk@1', 'true@1', 'apk@1', 'apk@1',
      'sh@2',
      'read@3', 'echo@3',
      'uname@4',
      'cd@5', 'make@5', 'rm@5',
      'rm@6',
    ]);
  });
});

describe('shell: substitutions', () => {
  it('finds commands in $(...), backticks and <(...), with the command whose argument holds them', () => {
    const commands = shell('sh -c "$(curl -fsSL https://x.example/i.sh)" && tar -xf `ls *.tar` && diff <(sort a) b').commands;
    expect(commands.map((c) => [c.name, c.nested, c.parent?.name])).toEqual([
      ['sh', undefined, undefined],
      ['curl', 'command-substitution', 'sh'],
      ['tar', undefined, undefined],
      ['ls', 'command-substitution', 'tar'],
      ['diff', undefined, undefined],
      ['sort', 'process-substitution', 'diff'],
    ]);
    expect(brief(commands[1] as ShellCommand)).toBe('curl(-fsSL https://x.example/i.sh)@1:10-1:43');
    expect(commands[0]?.args[1]?.literal).toBe(false);
  });

  it('finds commands in ${VAR:-$(cmd)} and in assignments', () => {
    const commands = shell('V="${V:-$(cat /v)}" make W=$(nproc)').commands;
    expect(commands.map((c) => [c.name, c.parent?.name])).toEqual([
      ['make', undefined],
      ['cat', 'make'],
      ['nproc', 'make'],
    ]);
  });

  it('places a command inside escaped backticks at the substitution, whose text it was decoded from', () => {
    const commands = shell('echo `echo \\`id -u\\``').commands;
    expect(commands.map((c) => c.name)).toEqual(['echo', 'echo', 'id']);
    const inner = commands[2] as ShellCommand;
    expect([inner.at.line, inner.at.column]).toEqual([1, 6]);
    expect(inner.args.map((a) => a.value)).toEqual(['-u']);
  });
});

describe('shell: bad input', () => {
  it('reports an unterminated quote as an error and keeps the commands before it', () => {
    const { commands, hasError } = shell('apt-get update && echo "oops');
    expect(hasError).toBe(true);
    expect(commands[0]?.name).toBe('apt-get');
  });

  it('reads an empty text as no commands and no error', () => {
    expect(shell('')).toEqual({ commands: [], hasError: false });
  });
});

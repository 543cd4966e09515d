import type { ShellWord } from '../facts/build.js';
import type { Location } from '../facts/location.js';
import { FLAGS_BY_LONG, FLAGS_BY_SHORT, GLOBAL_VALUE_FLAGS, type FlagSpec } from '../sources/run-command/flags.js';
import { parseShell } from '../sources/shell/parse-shell.js';
import type { Change, HardenPlan } from './plan.js';
import { bindPortSpec } from './ports.js';

/** One flag of the command line as written: its words, and its value when it takes one. */
interface FlagGroup {
  words: ShellWord[];
  spec: FlagSpec;
  value?: string;
  /** Set when harden rewrites the flag: the words to print instead. */
  replacement?: string[];
  removed?: boolean;
}

interface RunLine {
  /** `sudo docker -H x run` and the like, up to and including `run`/`create`; `raw` words are printed as they are. */
  head: (ShellWord & { raw?: boolean })[];
  flags: FlagGroup[];
  /** The image and the command after it. */
  tail: ShellWord[];
}

/** Settings harden may remove, by Compose key, and the run flags that set them. */
const SETTING_FLAGS: Record<string, string[]> = {
  privileged: ['privileged'],
  pid: ['pid'],
  ipc: ['ipc'],
  network_mode: ['network', 'net'],
  uts: ['uts'],
  userns_mode: ['userns'],
  cgroup: ['cgroupns'],
};

/** Compose key -> `docker run` flag. */
const FLAG_OF: Record<string, string> = {
  cap_drop: '--cap-drop',
  cap_add: '--cap-add',
  security_opt: '--security-opt',
  tmpfs: '--tmpfs',
  user: '--user',
  pids_limit: '--pids-limit',
  mem_limit: '--memory',
  cpus: '--cpus',
  ports: '--publish',
};

/**
 * Writes a plan into a `docker run` command line: flags it changes are
 * rewritten in place, flags it adds go before the image, and every word is
 * quoted for a POSIX shell. Words with expansions (`$HOME`) are
 * double-quoted, so the shell still expands them.
 */
export function rewriteRunLine(text: string, plan: HardenPlan): string {
  const line = splitRunLine(text);
  const added: string[] = [];
  for (const change of plan.changes) applyChange(line, change, added);
  const shellText = (word: ShellWord & { raw?: boolean }): string => {
    if (word.raw) return word.value;
    return word.literal ? quote(word.value) : sourceWord(text, word.at);
  };
  const words = [
    ...line.head.map(shellText),
    ...line.flags.flatMap((group) => (group.removed ? [] : group.replacement ? group.replacement.map(quote) : group.words.map(shellText))),
    ...added.map(quote),
    ...line.tail.map(shellText),
  ];
  return words.join(' ');
}

function applyChange(line: RunLine, change: Change, added: string[]): void {
  const group = 'at' in change && change.at ? groupAt(line, change.at) : undefined;
  switch (change.op) {
    case 'add':
      for (const item of change.items) added.push(FLAG_OF[change.key] ?? `--${change.key}`, item);
      return;
    case 'set': {
      if (change.key === 'read_only') {
        if (group) group.replacement = ['--read-only'];
        else added.push('--read-only');
        return;
      }
      const flag = FLAG_OF[change.key] ?? `--${change.key}`;
      if (group) group.replacement = [flag, String(change.value)];
      else added.push(flag, String(change.value));
      return;
    }
    case 'bind-port':
      if (group?.value !== undefined) group.replacement = [...groupedLetters(group), '--publish', bindPortSpec(group.value, change.address)];
      return;
    case 'replace':
      if (group) group.replacement = [...groupedLetters(group), FLAG_OF[change.key] ?? `--${change.key}`, change.to];
      return;
    case 'remove': {
      if (group) group.removed = true;
      // A flag given twice counts once, so a setting is removed in every spelling of it.
      const longs = SETTING_FLAGS[change.key];
      if (longs) for (const other of line.flags) if (longs.includes(other.spec.long)) other.removed = true;
      return;
    }
    case 'comment':
      return; // a command line has no place for comments; the plan's `kept` entries say why
  }
}

/** `-itp 80:80`: the boolean letters `-it` that share the word with the flag being rewritten. */
function groupedLetters(group: FlagGroup): string[] {
  const first = group.words[0]?.value ?? '';
  if (first.startsWith('--') || !first.startsWith('-')) return [];
  const letters = first.slice(1);
  const index = [...letters].findIndex((letter) => FLAGS_BY_SHORT.get(letter)?.takesValue);
  return index > 0 ? [`-${letters.slice(0, index)}`] : [];
}

function groupAt(line: RunLine, at: Location): FlagGroup | undefined {
  return line.flags.find((group) => group.words.some((word) => word.at.line === at.line && word.at.column === at.column));
}

/** Splits the first `docker run|create` command of the text into its head, flags and image with command. */
export function splitRunLine(text: string): RunLine {
  const script = parseShell(text, 'command-line', (row, column) => ({ line: row + 1, column: column + 1 }));
  for (const command of script.commands) {
    const words: ShellWord[] = [{ value: command.program, literal: true, at: command.at }, ...command.args];
    const docker = words.findIndex((w) => /^(docker|podman|nerdctl)$/.test(w.value.slice(w.value.lastIndexOf('/') + 1)));
    if (docker < 0) continue;
    let i = docker + 1;
    while (i < words.length && words[i]?.value.startsWith('-')) i += GLOBAL_VALUE_FLAGS.has(words[i]?.value ?? '') ? 2 : 1;
    if (words[i]?.value === 'container') i++;
    if (words[i]?.value !== 'run' && words[i]?.value !== 'create') continue;
    // Everything up to the verb (`FOO=1 sudo docker -H x run`) is printed as written.
    const verb = words[i] as ShellWord;
    const head = [{ value: text.slice(offsetOf(text, command.at), offsetOf(text, verb.at) + verb.value.length), literal: false, at: command.at, raw: true }];
    const { flags, next } = readFlags(words, i + 1);
    return { head, flags, tail: words.slice(next) };
  }
  throw new Error('no `docker run` or `docker create` command found');
}

function readFlags(words: ShellWord[], from: number): { flags: FlagGroup[]; next: number } {
  const flags: FlagGroup[] = [];
  let i = from;
  while (i < words.length) {
    const word = words[i] as ShellWord;
    if (word.value === '--') {
      flags.push({ words: [word], spec: { long: '--', takesValue: false } });
      return { flags, next: i + 1 };
    }
    if (!word.value.startsWith('-') || word.value === '-') break;
    const long = word.value.startsWith('--');
    const eq = word.value.indexOf('=');
    const spec = long ? FLAGS_BY_LONG.get(word.value.slice(2, eq < 0 ? undefined : eq)) : lastShortSpec(word.value);
    const attached = long ? (eq < 0 ? undefined : word.value.slice(eq + 1)) : shortAttached(word.value);
    if (spec?.takesValue && attached === undefined && words[i + 1]) {
      flags.push({ words: [word, words[i + 1] as ShellWord], spec, value: (words[i + 1] as ShellWord).value });
      i += 2;
      continue;
    }
    flags.push({ words: [word], spec: spec ?? { long: word.value, takesValue: false }, ...(attached !== undefined ? { value: attached } : {}) });
    i++;
  }
  return { flags, next: i };
}

/** In `-itp 80:80` the last letter that takes a value decides; letters after it are its value. */
function lastShortSpec(word: string): FlagSpec | undefined {
  for (const letter of word.slice(1)) {
    const spec = FLAGS_BY_SHORT.get(letter);
    if (!spec || spec.takesValue) return spec;
  }
  return FLAGS_BY_SHORT.get(word.slice(-1));
}

function shortAttached(word: string): string | undefined {
  const letters = word.slice(1);
  for (let k = 0; k < letters.length; k++) {
    const spec = FLAGS_BY_SHORT.get(letters[k] as string);
    if (spec?.takesValue) {
      const rest = letters.slice(k + 1).replace(/^=/, '');
      return rest === '' ? undefined : rest;
    }
  }
  return undefined;
}

/**
 * A word as the shell should see it again: literal words quoted, words with
 * expansions (`$HOME`, `$(...)`) in double quotes, where the shell still expands them.
 */
function offsetOf(text: string, at: Location): number {
  const lines = text.split('\n');
  return lines.slice(0, at.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + at.column - 1;
}

/**
 * The source text of the shell word that starts at `at`: up to the first
 * unquoted blank or operator, stepping over quotes, escapes, `$(...)`,
 * `${...}` and backticks. Words with expansions are printed this way, exactly
 * as the user wrote them.
 */
function sourceWord(text: string, at: Location): string {
  const start = offsetOf(text, at);
  let i = start;
  const skipTo = (close: string, from: number): number => {
    let depth = 0;
    for (let k = from; k < text.length; k++) {
      const c = text[k];
      if (c === '\\') k++;
      else if (c === "'" && close !== '`') k = Math.max(text.indexOf("'", k + 1), k);
      else if (c === close && depth === 0) return k + 1;
      else if ((c === '(' && close === ')') || (c === '{' && close === '}')) depth++;
      else if ((c === ')' && close === ')') || (c === '}' && close === '}')) depth--;
    }
    return text.length;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') i += 2;
    else if (c === "'") i = (text.indexOf("'", i + 1) + 1) || text.length;
    else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : text.startsWith('$(', i) ? skipTo(')', i + 2) - i : 1;
      i++;
    } else if (text.startsWith('$(', i)) i = skipTo(')', i + 2);
    else if (text.startsWith('${', i)) i = skipTo('}', i + 2);
    else if (c === '`') i = skipTo('`', i + 1);
    else if (/[\s;&|<>()]/.test(c)) break;
    else i++;
  }
  return text.slice(start, Math.min(i, text.length));
}

/** POSIX shell quoting: bare when only safe characters, else single quotes with `'\''` for a quote. */
export function quote(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

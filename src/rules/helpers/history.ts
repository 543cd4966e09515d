/**
 * A build history step (`created_by`) taken apart. The classic builder records
 * `/bin/sh -c #(nop)  ENV A=1` for instructions and `|1 TOKEN=x /bin/sh -c cmd`
 * for a RUN with build arguments; BuildKit records `ENV A=1` and
 * `RUN |1 TOKEN=x /bin/sh -c cmd # buildkit`.
 */
export interface HistoryStep {
  /** Upper case: `RUN`, `ENV`, `ARG`, `ADD`, `COPY` ... */
  instruction: string;
  /** Build arguments the RUN step saw, as recorded in front of it. */
  buildArgs: { name: string; value: string }[];
  /** For RUN, the shell command; otherwise the instruction's arguments. */
  body: string;
}

const INSTRUCTIONS = /^(RUN|ENV|ARG|ADD|COPY|LABEL|USER|WORKDIR|EXPOSE|CMD|ENTRYPOINT|HEALTHCHECK|VOLUME|SHELL|STOPSIGNAL|ONBUILD|MAINTAINER)\b\s*([\s\S]*)$/i;
const SHELL_PREFIX = /^(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash|ash|dash)\s+-c\s+/;
const BUILDKIT_MARK = '# buildkit';
const BUILD_ARGS = /^\|(\d+)\s+/;
/** `--mount=type=secret,id=npm`, `--network=none`: RUN's own flags, in front of the command. */
const RUN_FLAGS = /^(?:--[a-z-]+(?:=\S*)?\s+)+/;

export function historyStep(createdBy: string): HistoryStep {
  let text = createdBy.trim();
  // Not a regex: `\s+# buildkit$` backtracks quadratically over long runs of spaces.
  if (text.endsWith(BUILDKIT_MARK)) text = text.slice(0, -BUILDKIT_MARK.length).trimEnd();
  const nop = /^(?:\/bin\/)?sh -c #\(nop\)\s*([\s\S]*)$/.exec(text);
  if (nop) text = nop[1] ?? '';
  const named = INSTRUCTIONS.exec(text);
  const instruction = named ? (named[1] ?? '').toUpperCase() : 'RUN';
  let body = named ? (named[2] ?? '') : text;
  const buildArgs: HistoryStep['buildArgs'] = [];
  if (instruction === 'RUN') {
    body = body.replace(RUN_FLAGS, '');
    const count = BUILD_ARGS.exec(body);
    if (count) {
      const words = body.slice(count[0].length).split(/\s+/);
      for (const word of words.slice(0, Number(count[1]))) {
        const eq = word.indexOf('=');
        buildArgs.push(eq < 0 ? { name: word, value: '' } : { name: word.slice(0, eq), value: word.slice(eq + 1) });
      }
      body = words.slice(Number(count[1])).join(' ');
    }
    body = body.replace(RUN_FLAGS, '').replace(SHELL_PREFIX, '');
  }
  return { instruction, buildArgs, body: body.trim() };
}

/** `A=1 B="two words"` (or the old `KEY value` form) as name-value pairs. */
export function assignments(body: string): { name: string; value: string }[] {
  if (!/^[A-Za-z_][\w.-]*=/.test(body)) {
    const [name = '', ...rest] = body.split(/\s+/);
    return name ? [{ name, value: rest.join(' ') }] : [];
  }
  const pairs: { name: string; value: string }[] = [];
  for (const match of body.matchAll(/([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    pairs.push({ name: match[1] ?? '', value: (match[2] ?? '').replace(/^(["'])([\s\S]*)\1$/, '$2') });
  }
  return pairs;
}

/** `History.4` -> 4. */
export function stepNumber(path: string | undefined): string {
  return path?.replace(/^History\./, '') ?? '?';
}

import { describe, expect, it } from 'vitest';
import type { BuildFacts, InstructionFacts, ShellCommand } from '../../../src/facts/build.js';
import { parseInput } from '../../../src/scan/parse-input.js';
import { scanText } from '../../../src/scan/scan.js';
import { parseDockerfile } from '../../../src/sources/dockerfile/parse-dockerfile.js';
import { lines } from './helpers.js';

const FILE = 'Dockerfile';
function dockerfile(text: string): BuildFacts {
  return parseDockerfile(text, FILE);
}

/** Instructions of every stage, in order. */
function instructions(facts: BuildFacts): InstructionFacts[] {
  return facts.stages.flatMap((s) => s.instructions);
}

function only(facts: BuildFacts, keyword: string, nth = 0): InstructionFacts {
  const found = instructions(facts).filter((i) => i.keyword === keyword)[nth];
  if (!found) throw new Error(`no ${keyword} #${nth}`);
  return found;
}

/** A command as `[name, line, column, [arg, line, column][]]`. */
function cmd(c: ShellCommand): [string, number, number, [string, number, number][]] {
  return [c.name, c.at.line, c.at.column, c.args.map((a) => [a.value, a.at.line, a.at.column])];
}

function commandsOf(i: InstructionFacts): ReturnType<typeof cmd>[] {
  return (i.shell?.commands ?? []).map(cmd);
}

describe('Dockerfile: stages', () => {
  it('reads stage names, stage references (any case) and --platform', () => {
    const facts = dockerfile(
      lines(
        'FROM --platform=$BUILDPLATFORM golang:1.22 AS Builder',
        'RUN go build ./...',
        'FROM builder AS test',
        'FROM --platform=linux/arm64 alpine:3.19 as final',
        'COPY --from=BUILDER /out /out',
        'FROM TEST',
      ),
    );
    expect(
      facts.stages.map((s) => [s.index, s.name, s.from.image, s.from.platform, s.from.stageRef, s.from.at.line, s.from.at.column, s.isFinal]),
    ).toEqual([
      [0, 'Builder', 'golang:1.22', '$BUILDPLATFORM', undefined, 1, 32, false],
      [1, 'test', 'builder', undefined, 0, 3, 6, false],
      [2, 'final', 'alpine:3.19', 'linux/arm64', undefined, 4, 29, false],
      [3, undefined, 'TEST', undefined, 1, 6, 6, true],
    ]);
    expect(only(facts, 'COPY').flags.map((f) => [f.name, f.value, f.at.line, f.at.column])).toEqual([['from', 'BUILDER', 5, 6]]);
  });

  it('does not take a later stage or an image for a stage reference', () => {
    const facts = dockerfile(lines('FROM base', 'FROM alpine AS base', 'FROM base'));
    expect(facts.stages.map((s) => s.from.stageRef)).toEqual([undefined, undefined, 1]);
  });
});

describe('Dockerfile: ARG before FROM', () => {
  it('substitutes ${BASE}, $BASE and ${BASE:-x}, and marks unresolved references', () => {
    const facts = dockerfile(
      lines(
        'ARG BASE=alpine:3.19',
        'ARG TAG',
        'ARG EMPTY=',
        'FROM ${BASE}',
        'FROM $BASE AS two',
        'FROM ${TAG:-debian}:${EMPTY:-12}',
        'FROM ubuntu:${TAG}',
        'FROM ${UNDECLARED}',
        'FROM ${BASE:+custom}/x',
      ),
    );
    expect(facts.globalArgs.map((a) => [a.name, a.value, a.at.line, a.at.column])).toEqual([
      ['BASE', 'alpine:3.19', 1, 5],
      ['TAG', undefined, 2, 5],
      ['EMPTY', '', 3, 5],
    ]);
    expect(facts.stages.map((s) => [s.from.raw, s.from.image, s.from.unresolved])).toEqual([
      ['${BASE}', 'alpine:3.19', false],
      ['$BASE', 'alpine:3.19', false],
      ['${TAG:-debian}:${EMPTY:-12}', 'debian:12', false],
      ['ubuntu:${TAG}', 'ubuntu:', true],
      ['${UNDECLARED}', '', true],
      ['${BASE:+custom}/x', 'custom/x', false],
    ]);
  });

  it('reads several names in one ARG, each with its own default', () => {
    // bug fixed: `ARG REG VERSION=1.0` declared REG with the value "VERSION=1.0"
    const facts = dockerfile(lines('ARG REG VERSION=1.0 NOTE="two words"', 'FROM ${REG:-docker.io}/app:${VERSION}'));
    expect(facts.globalArgs.map((a) => [a.name, a.value, a.at.line, a.at.column])).toEqual([
      ['REG', undefined, 1, 5],
      ['VERSION', '1.0', 1, 9],
      ['NOTE', 'two words', 1, 21],
    ]);
    expect(facts.stages[0]?.from).toMatchObject({ image: 'docker.io/app:1.0', unresolved: false });
  });

  it('keeps ARG after FROM in the stage, not in the global args', () => {
    const facts = dockerfile(lines('ARG A=1', 'FROM x', 'ARG B=2'));
    expect(facts.globalArgs.map((a) => a.name)).toEqual(['A']);
    expect(only(facts, 'ARG').pairs.map((p) => [p.name, p.value])).toEqual([['B', '2']]);
  });
});

describe('Dockerfile: heredocs', () => {
  it('reads the body of RUN <<EOF as the script, with exact places', () => {
    const facts = dockerfile(lines('FROM alpine', 'RUN <<EOF', 'set -e', 'curl -fsSL http://x | sh', 'EOF', 'USER app'));
    const run = only(facts, 'RUN');
    expect(run.heredocs).toEqual([
      { name: 'EOF', content: 'set -e\ncurl -fsSL http://x | sh', at: { file: FILE, line: 3, column: 1, endLine: 4, endColumn: 25 } },
    ]);
    expect(commandsOf(run)).toEqual([
      ['set', 3, 1, [['-e', 3, 5]]],
      ['curl', 4, 1, [['-fsSL', 4, 6], ['http://x', 4, 12]]],
      ['sh', 4, 23, []],
    ]);
    // bug fixed: a valid heredoc was reported as a shell syntax error
    expect(run.shell?.hasError).toBe(false);
    expect(only(facts, 'USER').at.line).toBe(6);
  });

  it('reads RUN <<-EOF with tab-indented body', () => {
    const run = only(dockerfile(lines('FROM alpine', 'RUN <<-EOF', '\tapk add git', '\tEOF')), 'RUN');
    expect(commandsOf(run)).toEqual([['apk', 3, 2, [['add', 3, 6], ['git', 3, 10]]]]);
    expect(run.shell?.hasError).toBe(false);
  });

  it("reads RUN bash <<'EOF' as bash reading the body", () => {
    const run = only(dockerfile(lines('FROM alpine', "RUN bash <<'EOF'", 'wget -O- http://z | bash', 'EOF')), 'RUN');
    expect(commandsOf(run)).toEqual([
      ['bash', 2, 5, []],
      ['wget', 3, 1, [['-O-', 3, 6], ['http://z', 3, 10]]],
      ['bash', 3, 21, []],
    ]);
    expect(run.shell?.hasError).toBe(false);
  });

  it('does not read the body of RUN python3 <<EOF as shell', () => {
    const run = only(dockerfile(lines('FROM python:3.12', 'RUN python3 <<EOF', 'import os; os.system("curl x | sh")', 'EOF')), 'RUN');
    expect(commandsOf(run)).toEqual([['python3', 2, 5, []]]);
    expect(run.heredocs.map((h) => h.content)).toEqual(['import os; os.system("curl x | sh")']);
    expect(run.shell?.hasError).toBe(false);
  });

  it('reads the rest of the line after a heredoc opener as shell', () => {
    const run = only(dockerfile(lines('FROM alpine', 'RUN cat <<EOF > /etc/motd && chmod 600 /etc/motd', 'hello', 'EOF')), 'RUN');
    expect(commandsOf(run)).toEqual([
      ['cat', 2, 5, []],
      ['chmod', 2, 30, [['600', 2, 36], ['/etc/motd', 2, 40]]],
    ]);
    expect(run.shell?.hasError).toBe(false);
  });
});

describe('Dockerfile: escape directive', () => {
  it('reads backtick continuations with exact commands and places', () => {
    const facts = dockerfile(
      lines(
        '# escape=`',
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base',
        'RUN echo one `',
        '    && echo two `',
        '    # a comment inside `',
        '',
        '    && echo three',
        'COPY --chown=app:app --chmod=0755 --link ["src dir/", "C:/app/"]',
      ),
    );
    expect(facts.escape).toBe('`');
    const run = only(facts, 'RUN');
    expect(run.at).toMatchObject({ line: 3, column: 1, endLine: 7 });
    expect(commandsOf(run)).toEqual([
      ['echo', 3, 5, [['one', 3, 10]]],
      ['echo', 4, 8, [['two', 4, 13]]],
      ['echo', 7, 8, [['three', 7, 13]]],
    ]);
    expect(run.shell?.hasError).toBe(false);
    const copy = only(facts, 'COPY');
    expect(copy.args.map((a) => [a.value, a.at.line, a.at.column])).toEqual([
      ['src dir/', 8, 43],
      ['C:/app/', 8, 55],
    ]);
  });

  it('keeps the backslash a plain character when the escape is a backtick', () => {
    const facts = dockerfile(lines('# escape=`', 'FROM x', 'COPY C:\\src\\ C:\\dst\\'));
    expect(only(facts, 'COPY').args.map((a) => a.value)).toEqual(['C:\\src\\', 'C:\\dst\\']);
  });
});

describe('Dockerfile: exec form', () => {
  it('keeps spaces inside JSON strings, with the place of each element', () => {
    const facts = dockerfile(
      lines(
        'FROM alpine',
        'RUN ["sh", "-c", "echo  two  spaces"]',
        'CMD [ "nginx", "-g", "daemon off;" ]',
        'ENTRYPOINT ["a"  ,"b c"]',
        'RUN [ "/bin/sh", "-c", "echo \\"quoted\\" done" ]',
      ),
    );
    const run = only(facts, 'RUN');
    expect(run.form).toBe('exec');
    expect(run.args.map((a) => [a.value, a.at.line, a.at.column])).toEqual([
      ['sh', 2, 6],
      ['-c', 2, 12],
      ['echo  two  spaces', 2, 18],
    ]);
    expect(commandsOf(run)).toEqual([['sh', 2, 6, [['-c', 2, 12], ['echo  two  spaces', 2, 18]]]]);
    expect(only(facts, 'CMD').args.map((a) => [a.value, a.at.column])).toEqual([
      ['nginx', 7],
      ['-g', 16],
      ['daemon off;', 22],
    ]);
    expect(only(facts, 'ENTRYPOINT').args.map((a) => [a.value, a.at.column])).toEqual([
      ['a', 13],
      ['b c', 19],
    ]);
    expect(only(facts, 'RUN', 1).args.map((a) => a.value)).toEqual(['/bin/sh', '-c', 'echo "quoted" done']);
  });

  it('reads an exec form spread over continuation lines', () => {
    const cmdFacts = only(dockerfile(lines('FROM alpine', 'CMD ["sh", \\', '     "-c", \\', '     "echo hi"]')), 'CMD');
    expect(cmdFacts.form).toBe('exec');
    expect(cmdFacts.args.map((a) => [a.value, a.at.line, a.at.column])).toEqual([
      ['sh', 2, 6],
      ['-c', 3, 6],
      ['echo hi', 4, 6],
    ]);
  });

  it('falls back to shell form for JSON that is not an array of strings', () => {
    const facts = dockerfile(lines('FROM alpine', 'RUN [1, 2]', 'RUN ["a", '));
    expect(instructions(facts).map((i) => [i.form, i.args.map((a) => a.value)])).toEqual([
      ['shell', ['[1,', '2]']],
      ['shell', ['["a",']],
    ]);
  });
});

describe('Dockerfile: RUN continuations', () => {
  it('skips comments and blank lines inside a continuation, places stay exact', () => {
    const facts = dockerfile(
      lines(
        'FROM alpine',
        'RUN set -e; \\',
        '  # install the tools',
        '  apk add curl \\',
        '',
        '  && curl -fsSL https://x | sh',
      ),
    );
    const run = only(facts, 'RUN');
    expect(run.at).toMatchObject({ line: 2, column: 1, endLine: 6 });
    expect(commandsOf(run)).toEqual([
      ['set', 2, 5, [['-e', 2, 9]]],
      ['apk', 4, 3, [['add', 4, 7], ['curl', 4, 11]]],
      ['curl', 6, 6, [['-fsSL', 6, 11], ['https://x', 6, 17]]],
      ['sh', 6, 29, []],
    ]);
    expect(run.shell?.hasError).toBe(false);
  });

  it('reads RUN flags and places the shell after them', () => {
    const run = only(dockerfile(lines('FROM alpine', 'RUN --mount=type=cache,target=/var/cache/apk --network=none apk add git')), 'RUN');
    expect(run.flags.map((f) => [f.name, f.value, f.at.line, f.at.column])).toEqual([
      ['mount', 'type=cache,target=/var/cache/apk', 2, 5],
      ['network', 'none', 2, 46],
    ]);
    expect(commandsOf(run)).toEqual([['apk', 2, 61, [['add', 2, 65], ['git', 2, 69]]]]);
  });
});

describe('Dockerfile: ONBUILD', () => {
  it('reads the trigger in place, with its shell', () => {
    const facts = dockerfile(lines('FROM alpine', 'ONBUILD RUN echo "on build" \\', '  && curl http://x | sh', 'ONBUILD COPY --chown=1:1 . /app'));
    const first = only(facts, 'ONBUILD');
    expect(first.onbuild?.keyword).toBe('RUN');
    expect(first.onbuild?.at).toMatchObject({ line: 2, column: 1, endLine: 3 });
    expect(first.onbuild && commandsOf(first.onbuild)).toEqual([
      ['echo', 2, 13, [['on build', 2, 18]]],
      ['curl', 3, 6, [['http://x', 3, 11]]],
      ['sh', 3, 22, []],
    ]);
    const second = only(facts, 'ONBUILD', 1);
    expect(second.onbuild?.flags.map((f) => [f.name, f.value, f.at.line, f.at.column])).toEqual([['chown', '1:1', 4, 14]]);
    expect(second.onbuild?.args.map((a) => a.value)).toEqual(['.', '/app']);
  });

  it('does not recurse on ONBUILD ONBUILD', async () => {
    // bug fixed: `ONBUILD ONBUILD RUN x` overflowed the stack
    const facts = dockerfile(lines('FROM alpine', 'ONBUILD ONBUILD RUN x', 'onbuild onbuild onbuild run y', 'USER app'));
    expect(instructions(facts).map((i) => [i.keyword, i.onbuild?.keyword])).toEqual([
      ['ONBUILD', undefined],
      ['ONBUILD', undefined],
      ['USER', undefined],
    ]);
    const parsed = await parseInput(lines('FROM alpine', 'ONBUILD ONBUILD RUN x'), 'dockerfile', FILE);
    expect(parsed.errors).toEqual([]);
  });

  it('reads an ONBUILD without a trigger as nothing to trigger', () => {
    expect(only(dockerfile(lines('FROM alpine', 'ONBUILD')), 'ONBUILD').onbuild).toBeUndefined();
  });
});

describe('Dockerfile: ENV, ARG and LABEL pairs', () => {
  it('reads every spelling with exact places', () => {
    const facts = dockerfile(
      lines(
        'FROM alpine',
        'ENV A=1 B="two words" C=\'single q\' D=',
        'ENV OLD value with spaces',
        'ARG X=1',
        'LABEL "com.example.vendor"="ACME Inc" version=1.0 description="a \\"quoted\\" word"',
        'ENV MULTI=a \\',
        '    NEXT=b',
      ),
    );
    const pairs = (i: InstructionFacts) => i.pairs.map((p) => [p.name, p.value, p.at.line, p.at.column]);
    expect(pairs(only(facts, 'ENV'))).toEqual([
      ['A', '1', 2, 5],
      ['B', 'two words', 2, 9],
      ['C', 'single q', 2, 23],
      ['D', '', 2, 36],
    ]);
    expect(pairs(only(facts, 'ENV', 1))).toEqual([['OLD', 'value with spaces', 3, 5]]);
    expect(pairs(only(facts, 'ARG'))).toEqual([['X', '1', 4, 5]]);
    expect(pairs(only(facts, 'LABEL'))).toEqual([
      ['com.example.vendor', 'ACME Inc', 5, 7],
      ['version', '1.0', 5, 39],
      ['description', 'a "quoted" word', 5, 51],
    ]);
    expect(pairs(only(facts, 'ENV', 2))).toEqual([
      ['MULTI', 'a', 6, 5],
      ['NEXT', 'b', 7, 5],
    ]);
  });
});

describe('Dockerfile: COPY and ADD flags', () => {
  it('reads several flags with their places', () => {
    const facts = dockerfile(
      lines('FROM alpine', 'COPY --from=build --chown=1000:1000 --chmod=755 --link --exclude=*.md /src /dst', 'ADD --checksum=sha256:abc https://x/y.tgz /y'),
    );
    const flags = (i: InstructionFacts) => i.flags.map((f) => [f.name, f.value, f.at.line, f.at.column]);
    expect(flags(only(facts, 'COPY'))).toEqual([
      ['from', 'build', 2, 6],
      ['chown', '1000:1000', 2, 19],
      ['chmod', '755', 2, 37],
      ['link', null, 2, 49],
      ['exclude', '*.md', 2, 56],
    ]);
    expect(only(facts, 'COPY').args.map((a) => [a.value, a.at.column])).toEqual([
      ['/src', 71],
      ['/dst', 76],
    ]);
    expect(flags(only(facts, 'ADD'))).toEqual([['checksum', 'sha256:abc', 3, 5]]);
  });
});

describe('Dockerfile: line endings and odd files', () => {
  it('reads CRLF files with the same places as LF files', () => {
    const lf = lines('FROM alpine AS a', 'RUN echo a \\', '  && curl x | sh', 'ENV A=1', 'CMD ["sh", "-c", "echo hi"]');
    const crlf = lf.replace(/\n/g, '\r\n');
    const view = (facts: BuildFacts) =>
      instructions(facts).map((i) => [i.keyword, i.at.line, i.at.column, i.args.map((a) => [a.value, a.at.line, a.at.column]), commandsOf(i), i.pairs.map((p) => [p.name, p.value])]);
    expect(view(dockerfile(crlf))).toEqual(view(dockerfile(lf)));
    expect(commandsOf(only(dockerfile(crlf), 'RUN'))).toEqual([
      ['echo', 2, 5, [['a', 2, 10]]],
      ['curl', 3, 6, [['x', 3, 11]]],
      ['sh', 3, 15, []],
    ]);
    expect(only(dockerfile(crlf), 'ENV').pairs.map((p) => p.value)).toEqual(['1']);
  });

  it.each([
    ['an empty file', ''],
    ['only comments', lines('# syntax=docker/dockerfile:1', '# just a comment', '')],
    ['garbage text', lines('<html>', '<body>RUN me</body>', '{"json": true}', '\u0001\u0002 ÿþ garbage')],
    ['instructions without FROM', lines('RUN echo hi', 'USER root')],
  ])('reads %s without error and without stages', async (_name, text) => {
    const facts = dockerfile(text);
    expect(facts.stages).toEqual([]);
    const parsed = await parseInput(text, 'dockerfile', FILE);
    expect(parsed.errors).toEqual([]);
    const scanned = await scanText({ text, kind: 'dockerfile', file: FILE });
    expect(scanned).toMatchObject({ findings: [], errors: [] });
  });

  it('reads instructions in any case and with leading whitespace', () => {
    const facts = dockerfile(lines('from alpine', '  run echo hi', '\tUser app'));
    expect(instructions(facts).map((i) => [i.keyword, i.at.line, i.at.column])).toEqual([
      ['RUN', 2, 3],
      ['USER', 3, 2],
    ]);
    expect(commandsOf(only(facts, 'RUN'))).toEqual([['echo', 2, 7, [['hi', 2, 12]]]]);
  });

  it('gives parseInput the line spans of instructions', async () => {
    const parsed = await parseInput(lines('FROM alpine', 'RUN a \\', '  && b', 'USER x'), 'dockerfile', FILE);
    expect(parsed.spans).toEqual([
      { start: 2, end: 3 },
      { start: 4, end: 4 },
    ]);
  });
});

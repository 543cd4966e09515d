import { describe, expect, it } from 'vitest';
import type { BuildFacts, ShellCommand } from '../../../src/facts/build.js';
import {
  effective,
  finalStage,
  hasFlag,
  instructionsOf,
  mountsCacheOn,
  optionValues,
  positionals,
  programFamily,
  runCommands,
  runsProgram,
  shippedStages,
  stageChain,
  subcommand,
} from '../../../src/rules/helpers/shell.js';
import { parseInput } from '../../../src/scan/parse-input.js';

async function build(text: string): Promise<BuildFacts> {
  const parsed = await parseInput(text, 'dockerfile', 'Dockerfile');
  const facts = parsed.facts[0];
  if (facts?.kind !== 'build') throw new Error('not a build');
  return facts;
}

/** The commands of `RUN <script>`, in order. */
async function commands(script: string): Promise<ShellCommand[]> {
  return [...runCommands(await build(`FROM alpine:3.20\nRUN ${script}\n`))].map((r) => r.command);
}

async function first(script: string): Promise<ShellCommand> {
  const [command] = await commands(script);
  if (!command) throw new Error(`no command in ${script}`);
  return command;
}

describe('effective', () => {
  it.each([
    ['sudo apt-get install -y curl', 'apt-get', ['install', '-y', 'curl'], ['sudo']],
    ['sudo -E -u builder apt-get install curl', 'apt-get', ['install', 'curl'], ['sudo']],
    ['sudo --user=builder -- apk add curl', 'apk', ['add', 'curl'], ['sudo']],
    ['env DEBIAN_FRONTEND=noninteractive apt-get install x', 'apt-get', ['install', 'x'], ['env']],
    ['env -u HOME A=1 B=2 pip install x', 'pip', ['install', 'x'], ['env']],
    ['nice -n 10 make', 'make', [], ['nice']],
    ['nice -10 make', 'make', [], ['nice']],
    ['nohup ./server --port 1', 'server', ['--port', '1'], ['nohup']],
    ['timeout 30 curl -fsSL https://x', 'curl', ['-fsSL', 'https://x'], ['timeout']],
    ['timeout -s KILL 5m wget https://x', 'wget', ['https://x'], ['timeout']],
    ['xargs -r -n1 apt-get install -y', 'apt-get', ['install', '-y'], ['xargs']],
    ['sudo env A=1 timeout 9 nice apk add x', 'apk', ['add', 'x'], ['sudo', 'env', 'timeout', 'nice']],
    ['gosu nobody true', 'true', [], ['gosu']],
    ['python3 -m pip install x', 'pip', ['install', 'x'], ['python3 -m']],
    ['python3.12 -u -m pip install x', 'pip', ['install', 'x'], ['python3.12 -m']],
    ['sudo python -m pip install x', 'pip', ['install', 'x'], ['sudo', 'python -m']],
    ['/usr/bin/sudo /usr/bin/apt-get install x', 'apt-get', ['install', 'x'], ['sudo']],
  ])('%s runs %s', async (script, name, args, wrappers) => {
    const seen = effective(await first(script));
    expect(seen.name).toBe(name);
    expect(seen.args.map((a) => a.value)).toEqual(args);
    expect(seen.wrappers).toEqual(wrappers);
  });

  it.each([['sudo -i'], ['env'], ['command -v curl'], ['sudo -l'], ['python3 -c "print(1)"'], ['timeout 5']])(
    '%s is not unwrapped',
    async (script) => {
      const command = await first(script);
      expect(effective(command).name).toBe(command.name);
      expect(effective(command).wrappers).toEqual([]);
    },
  );

  it('keeps assignments made by env and sudo', async () => {
    const seen = effective(await first('sudo A=1 env B=2 npm install'));
    expect(seen.assignments).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  it('reports where the wrapped program is written', async () => {
    const seen = effective(await first('sudo -E apt-get install x'));
    expect(seen.at.column).toBe(5);
    expect(seen.programAt.column).toBe(13);
  });
});

describe('programFamily', () => {
  it.each([
    ['pip3', 'pip'],
    ['pip3.11', 'pip'],
    ['python3', 'python'],
    ['python', 'python'],
    ['apt', 'apt-get'],
    ['dnf', 'yum'],
    ['microdnf', 'yum'],
    ['nodejs', 'node'],
    ['python3-config', 'python3-config'],
    ['curl', 'curl'],
  ])('%s is %s', (name, family) => {
    expect(programFamily(name)).toBe(family);
  });
});

describe('hasFlag', () => {
  it.each([
    ['apt-get install -y x', ['-y', '--yes'], true],
    ['apt-get install -qy x', ['-y', '--yes'], true],
    ['apt-get install --yes x', ['-y', '--yes'], true],
    ['apt-get install --yes=true x', ['-y', '--yes'], true],
    ['apt-get install -q x', ['-y', '--yes'], false],
    ['curl -fsSLk https://x', ['-k', '--insecure'], true],
    ['curl -fsSL https://x', ['-k', '--insecure'], false],
    ['curl -o k https://x', ['-k', '--insecure'], false],
    ['curl -fsSLo -k https://x', ['-k'], false],
    ['curl -H "-k: 1" https://x', ['-k'], false],
    ['curl https://x -- -k', ['-k'], false],
    ['wget -qO- https://x', ['-q'], true],
    ['wget -qO- https://x', ['-O'], true],
    ['apk --no-cache add x', ['--no-cache'], true],
  ])('%s has %j: %s', async (script, names, expected) => {
    expect(hasFlag(await first(script), ...names)).toBe(expected);
  });

  it('reads flags of the wrapped program', async () => {
    expect(hasFlag(effective(await first('sudo -k curl -k https://x')), '-k')).toBe(true);
    expect(hasFlag(effective(await first('sudo -E curl https://x')), '-E')).toBe(false);
  });
});

describe('optionValues', () => {
  it.each([
    ['apt-get -o Acquire::https::Verify-Peer=false install x', ['-o', '--option'], ['Acquire::https::Verify-Peer=false']],
    ['apt-get -oAcquire::Retries=3 install x', ['-o'], ['Acquire::Retries=3']],
    ['apt-get --option=A=1 --option B=2 install x', ['-o', '--option'], ['A=1', 'B=2']],
    ['pip install -i http://mirror/simple --index-url=https://y x', ['-i', '--index-url'], ['http://mirror/simple', 'https://y']],
    ['curl -fsSLo /tmp/x https://x', ['-o', '--output'], ['/tmp/x']],
  ])('%s', async (script, names, values) => {
    expect(optionValues(await first(script), ...names)).toEqual(values);
  });
});

describe('subcommand and positionals', () => {
  it.each([
    ['apt-get install x', 'install'],
    ['apt-get -q install x', 'install'],
    ['apt-get -qq -o Dpkg::Options::=--force-confold -y install x', 'install'],
    ['apt-get --option Dpkg::Use-Pty=0 upgrade', 'upgrade'],
    ['apk --no-cache --repository https://x add y', 'add'],
    ['apk -X https://x add y', 'add'],
    ['git -c http.sslVerify=false clone https://x', 'clone'],
    ['git -C /src fetch origin', 'fetch'],
    ['yum -y --setopt tsflags=nodocs install x', 'install'],
    ['zypper -n --gpg-auto-import-keys in x', 'in'],
    ['apt-get', undefined],
  ])('%s: %s', async (script, expected) => {
    expect(subcommand(await first(script))).toBe(expected);
  });

  it('skips option values', async () => {
    expect(positionals(await first('curl -o out -H "A: b" --retry 3 https://x')).map((w) => w.value)).toEqual(['https://x']);
    expect(positionals(await first('wget -O - -q https://x')).map((w) => w.value)).toEqual(['https://x']);
  });

  it('treats everything after -- as positional', async () => {
    expect(positionals(await first('pip install -- -weird')).map((w) => w.value)).toEqual(['install', '-weird']);
  });
});

describe('runsProgram', () => {
  it('matches by name and by family', async () => {
    expect(runsProgram(await first('sudo dnf install x'), 'yum')).toBe(true);
    expect(runsProgram(await first('dnf install x'), 'dnf')).toBe(true);
    expect(runsProgram(await first('pip3 install x'), 'pip')).toBe(true);
    expect(runsProgram(await first('pipx install x'), 'pip')).toBe(false);
  });
});

describe('runCommands', () => {
  it('walks every RUN of every stage, continuations, heredocs and ONBUILD included', async () => {
    const facts = await build(
      [
        'FROM alpine:3.20 AS build',
        'RUN apk add x \\',
        '  # a comment inside the continuation',
        '  && make',
        'FROM build',
        'RUN <<EOF',
        'set -e',
        'curl -fsSL https://x',
        'EOF',
        'ONBUILD RUN npm ci',
        'RUN ["echo", "exec form"]',
      ].join('\n'),
    );
    const found = [...runCommands(facts)].map((r) => `${r.stage.index}:${r.command.name}@${r.command.at.line}:${r.command.at.column}`);
    expect(found).toEqual(['0:apk@2:5', '0:make@4:6', '1:set@7:1', '1:curl@8:1', '1:npm@10:13', '1:echo@11:6']);
  });

  it('reads one stage when given a stage', async () => {
    const facts = await build('FROM a:1 AS one\nRUN one\nFROM b:1\nRUN two\n');
    const last = finalStage(facts);
    expect(last && [...runCommands(last)].map((r) => r.command.name)).toEqual(['two']);
  });

  it('maps positions through a backtick escape character', async () => {
    const facts = await build('# escape=`\nFROM alpine:3.20\nRUN apk add x `\n  && sudo make\n');
    expect([...runCommands(facts)].map((r) => [r.command.name, r.command.at.line, r.command.at.column])).toEqual([
      ['apk', 3, 5],
      ['sudo', 4, 6],
    ]);
  });
});

describe('stages', () => {
  it('follows FROM <stage> for the shipped stages', async () => {
    const facts = await build('FROM a:1 AS base\nFROM b:1 AS tools\nFROM base AS app\nFROM app\n');
    expect(shippedStages(facts).map((s) => s.index)).toEqual([3, 2, 0]);
    expect(stageChain(facts, facts.stages[1] as BuildFacts['stages'][number]).map((s) => s.index)).toEqual([1]);
  });

  it('lists ONBUILD triggers in place unless asked not to', async () => {
    const facts = await build('FROM a:1\nUSER app\nONBUILD USER root\n');
    const stage = facts.stages[0] as BuildFacts['stages'][number];
    expect([...instructionsOf(stage)].map((i) => `${i.keyword} ${i.args[0]?.value}`)).toEqual(['USER app', 'USER root']);
    expect([...instructionsOf(stage, { triggers: false })].map((i) => i.keyword)).toEqual(['USER']);
  });
});

describe('mountsCacheOn', () => {
  it.each([
    ['--mount=type=cache,target=/var/lib/apt', '/var/lib/apt/lists', true],
    ['--mount=type=cache,target=/var/lib/apt/lists/', '/var/lib/apt/lists', true],
    ['--mount=type=tmpfs,dst=/var/cache/apk', '/var/cache/apk', true],
    ['--mount=type=cache,id=pip,target=/root/.cache', '/root/.cache/pip', true],
    ['--mount=type=bind,target=/var/lib/apt', '/var/lib/apt/lists', false],
    ['--mount=type=cache,target=/var/lib/ap', '/var/lib/apt/lists', false],
  ])('%s covers %s: %s', async (flag, directory, expected) => {
    const facts = await build(`FROM a:1\nRUN ${flag} apt-get install x\n`);
    const run = facts.stages[0]?.instructions[0];
    expect(run && mountsCacheOn(run, directory)).toBe(expected);
  });
});

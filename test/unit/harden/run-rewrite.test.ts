import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../src/harden/image-info.js';
import { DEFAULT_HARDEN_OPTIONS, planHardening, type HardenOptions } from '../../../src/harden/plan.js';
import { quote, rewriteRunLine } from '../../../src/harden/run-rewrite.js';
import { containerRules } from '../../../src/rules/container/index.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/rule.js';
import { runRules } from '../../../src/rules/run-rules.js';
import { parseRunCommand } from '../../../src/sources/run-command/parse-run.js';

const nonRoot: ImageInfo = { source: 'engine', user: '10001', volumes: [], listens: [], entrypoint: [], cmd: [], writable: [] };

function harden(text: string, options: Partial<HardenOptions> = {}, image: ImageInfo | undefined = nonRoot) {
  const facts = parseRunCommand(text, 'command-line').container;
  if (!facts) throw new Error(`cannot parse ${text}`);
  const plan = planHardening({ facts, ...(image ? { image } : {}), command: facts.request.Cmd ?? [], options: { ...DEFAULT_HARDEN_OPTIONS, ...options } });
  return { plan, command: rewriteRunLine(text, plan) };
}

/** The words a POSIX shell makes of the line. */
function shellWords(line: string): string[] {
  const result = spawnSync('sh', ['-c', `for w in ${line.replace(/^[^ ]+/, '')}; do printf '%s\\0' "$w"; done`], { encoding: 'utf8' });
  return result.stdout.split('\0').slice(0, -1);
}

describe('harden a docker run line', () => {
  it('adds the flags before the image and rewrites the ones it changes in place', () => {
    const { command } = harden('docker run -d --name web -p 8080:8080 --pids-limit 0 app:1 httpd -f -p 8080');
    expect(command).toBe(
      'docker run -d --name web --publish 127.0.0.1:8080:8080 --pids-limit 200 --cap-drop ALL --security-opt no-new-privileges:true --read-only --tmpfs /tmp --tmpfs /run --user 10001 --memory 512m --cpus 1.0 app:1 httpd -f -p 8080',
    );
  });

  it('keeps boolean letters grouped with a rewritten short flag, and the command after the image untouched', () => {
    const { command } = harden("sudo docker run -itp 80:80 --read-only=false app:1 sh -c 'echo $HOME; id'", {}, undefined);
    expect(command.startsWith("sudo docker run -it --publish 127.0.0.1:80:80 --read-only --cap-drop ALL --cap-add NET_BIND_SERVICE ")).toBe(true);
    expect(command.endsWith(" app:1 sh -c 'echo $HOME; id'")).toBe(true);
  });

  it('prints words with expansions exactly as written, and everything before the verb too', () => {
    const line = 'FOO="a b" sudo docker run \\\n  -v "$(pwd)/data:/data" \\\n  -e "HOME_DIR=$HOME" app:1 sh -c "echo \\"hi\\" $USER" "x y"$Z';
    const { command } = harden(line);
    expect(command.startsWith('FOO="a b" sudo docker run -v "$(pwd)/data:/data" -e "HOME_DIR=$HOME" --cap-drop ALL ')).toBe(true);
    expect(command.endsWith(' app:1 sh -c "echo \\"hi\\" $USER" "x y"$Z')).toBe(true);
  });

  it('removes privileged, host namespaces and the socket with --aggressive only', () => {
    const line = 'docker run --privileged --pid=host -v /var/run/docker.sock:/var/run/docker.sock app:1';
    expect(harden(line).command).toContain('--privileged --pid=host -v /var/run/docker.sock:/var/run/docker.sock --cap-drop ALL');
    expect(harden(line, { aggressive: true }).command.startsWith('docker run --cap-drop ALL ')).toBe(true);
  });

  it('quotes words for a POSIX shell so that the shell reads back the same words', () => {
    const { command } = harden(`docker run -e 'GREETING=it'"'"'s a "test"' -e EMPTY= --label x='a b' app:1 echo '*' ''`);
    const words = shellWords(command);
    expect(words).toContain("GREETING=it's a \"test\"");
    expect(words).toContain('x=a b');
    expect(words.slice(-3)).toEqual(['echo', '*', '']);
    expect(quote("it's")).toBe(`'it'\\''s'`);
    expect(quote('a$b')).toBe("'a$b'");
  });

  it('is idempotent, and the result has no findings but the ones it explains', () => {
    for (const line of ['docker run -p 80:80 --restart always nginx', 'docker run --privileged --network host -u 0 app:1']) {
      for (const aggressive of [false, true]) {
        const first = harden(line, { aggressive });
        const second = harden(first.command, { aggressive });
        expect(second.command).toBe(first.command);
        const facts = parseRunCommand(first.command, 'command-line').container;
        if (!facts) throw new Error('unparsable output');
        const explained = new Set(first.plan.kept.map((k) => k.rule));
        expect(runRules(facts, containerRules, DEFAULT_SETTINGS).filter((f) => !explained.has(f.ruleId)).map((f) => f.message)).toEqual([]);
      }
    }
  });
});

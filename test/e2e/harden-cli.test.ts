import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hullcheck } from './run-cli.js';

let dir: string;
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27 # front\n    ports:\n      - "80:80"\n';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-harden-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** No engine is asked: the tests must not depend on what the machine runs. */
const run = (...args: string[]) => hullcheck(['harden', '--no-engine', ...args], { cwd: dir });

describe('hullcheck harden compose.yaml', () => {
  it('prints a unified diff on stdout and the reasons on stderr, exit 0, file untouched', () => {
    const result = run('compose.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual(['--- a/compose.yaml', '+++ b/compose.yaml', '@@ -2,4 +2,21 @@']);
    expect(result.stdout).toContain('-      - "80:80"\n+      - "127.0.0.1:80:80"\n');
    expect(result.stdout).toContain('+    cap_add:\n+      - NET_BIND_SERVICE\n+      - CHOWN\n+      - SETUID\n+      - SETGID\n');
    expect(result.stderr).toContain('web: nginx:1.27 (image known to hullcheck)\n');
    expect(result.stderr).toMatch(/\+ cap_add: NET_BIND_SERVICE, CHOWN, SETUID, SETGID {2}\(NET_BIND_SERVICE: the service listens on port 80/);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('--write writes the file; a second run finds nothing to change and --check exits 0', () => {
    const first = run('compose.yaml', '--write');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('hullcheck: wrote compose.yaml\n');
    const written = readFileSync(join(dir, 'compose.yaml'), 'utf8');
    expect(written).toContain('    image: nginx:1.27 # front\n');
    expect(written).toContain('    read_only: true\n    tmpfs:\n      - /tmp\n      - /run\n      - /var/cache/nginx\n');
    const again = run('compose.yaml', '--check');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('hullcheck: compose.yaml needs no change\n');
  });

  it('reads `-` from standard input and prints the hardened file, as a filter', () => {
    const result = hullcheck(['harden', '--no-engine', '-q', '-'], { cwd: dir, input: COMPOSE });
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('services:\n  web:\n    image: nginx:1.27 # front\n    ports:\n      - "127.0.0.1:80:80"\n    cap_drop:\n')).toBe(true);
    expect(hullcheck(['harden', '--no-engine', '-', '--write'], { cwd: dir, input: COMPOSE }).code).toBe(2);
  });

  it('takes one Compose file at a time', () => {
    expect(run('compose.yaml', 'other.yaml').stderr).toBe('hullcheck: error: harden takes one Compose file (or one docker run line after --), not 2 arguments\n');
  });

  it('--write keeps the file mode', () => {
    const file = join(dir, 'compose.yaml');
    chmodSync(file, 0o640);
    expect(run('compose.yaml', '--write').code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('--check exits 1 when something would change', () => {
    expect(run('compose.yaml', '--check', '-q').code).toBe(1);
  });

  it('--format json gives each change with its reason and rule, and the diff', () => {
    const result = run('compose.yaml', '--format', 'json', '--memory', '1g', '--public', '80');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { services: { service: string; changes: { op: string; key: string; rule?: string; reason: string }[]; kept: { rule: string }[] }[]; diff: string };
    const [web] = json.services;
    expect(web?.service).toBe('web');
    expect(web?.changes.find((c) => c.key === 'mem_limit')).toMatchObject({ op: 'set', value: '1g', rule: 'require-memory-limit' });
    expect(web?.changes.some((c) => c.key === 'ports')).toBe(false);
    expect(web?.kept.map((k) => k.rule)).toContain('no-ports-on-all-interfaces');
    expect(json.diff).toContain('+    mem_limit: 1g\n');
  });

  it('--service limits the changes to that service, and names an unknown one', () => {
    writeFileSync(join(dir, 'compose.yaml'), `${COMPOSE}  db:\n    image: postgres:16\n`);
    const result = run('compose.yaml', '--service', 'db');
    expect(result.stdout).not.toContain('127.0.0.1:80:80');
    expect(result.stdout).toContain('+      - /var/run/postgresql\n');
    const unknown = run('compose.yaml', '--service', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('hullcheck: error: compose.yaml has no service "nope" (services: web, db)\n');
  });

  it('exits 2 with one line naming the file for a missing or malformed input', () => {
    const missing = run('absent.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^hullcheck: error: absent\.yaml: .*\n$/);
    writeFileSync(join(dir, 'bad.yaml'), 'services:\n  web: [\n');
    const bad = run('bad.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')).toHaveLength(2);
    expect(bad.stderr).toMatch(/^hullcheck: error: bad\.yaml:\d+:\d+: /);
  });

  it('accepts the capabilities .hullcheck.yaml allows, as scan does', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  vpn:\n    image: app:1\n    cap_add: [NET_ADMIN]\n');
    expect(run('compose.yaml').stdout).toContain('+    # hullcheck harden: capability NET_ADMIN');
    writeFileSync(join(dir, '.hullcheck.yaml'), 'allowed-capabilities:\n  - NET_ADMIN\n');
    const allowed = run('compose.yaml', '-f', 'json');
    expect(allowed.stdout).not.toContain('# hullcheck harden: capability NET_ADMIN');
    const json = JSON.parse(allowed.stdout) as { services: { kept: { rule: string }[] }[] };
    expect(json.services[0]?.kept.map((k) => k.rule)).not.toContain('no-dangerous-capabilities');
    writeFileSync(join(dir, '.hullcheck.yaml'), 'allowed-capabilities: 3\n');
    expect(run('compose.yaml').code).toBe(2);
  });

  it('says what it does with a Dockerfile instead of failing on its syntax', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine\n');
    expect(run('Dockerfile').stderr).toBe('hullcheck: error: Dockerfile is a Dockerfile: harden rewrites Compose files and docker run lines (hullcheck scan checks Dockerfiles)\n');
  });

  it('rejects bad option values with one line', () => {
    expect(run('compose.yaml', '--keep-cap', 'FLY').stderr).toBe('hullcheck: error: --keep-cap FLY is not a Linux capability (`hullcheck explain cap` lists them)\n');
    expect(run('compose.yaml', '--memory', 'lots').code).toBe(2);
    expect(run('compose.yaml', '--pids-limit', '0').code).toBe(2);
  });

  it('says once on stderr when no engine answers, and hardens from the file alone', () => {
    const result = hullcheck(['harden', 'compose.yaml', '-H', `unix://${dir}/no.sock`], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n')[0]).toBe(`hullcheck: cannot reach the Docker engine at unix://${dir}/no.sock: connect ENOENT; hardening from the file alone`);
    expect(result.stdout).toContain('+    cap_drop:');
  });
});

describe('hullcheck harden -- docker run ...', () => {
  it('prints the hardened command line on stdout, reasons on stderr', () => {
    const result = run('--', 'docker', 'run', '-p', '8080:8080', '--user', '1000', 'app:1');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('docker run --publish 127.0.0.1:8080:8080 --user 1000 --cap-drop ALL --security-opt no-new-privileges:true --read-only --tmpfs /tmp --tmpfs /run --pids-limit 200 --memory 512m --cpus 1.0 app:1\n');
    expect(result.stderr).toContain('+ cap_drop: ALL');
  });

  it('accepts the command as one quoted string, and gives JSON with the command and the changes', () => {
    const result = hullcheck(['harden', '--no-engine', '--format', 'json', 'docker run --cap-drop ALL --read-only app:1'], { cwd: dir });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { command: string; services: { changes: { key: string }[] }[] };
    expect(json.command).toBe('docker run --cap-drop ALL --read-only --security-opt no-new-privileges:true --pids-limit 200 --memory 512m --cpus 1.0 app:1');
    expect(json.services[0]?.changes.map((c) => c.key)).toEqual(['security_opt', 'pids_limit', 'mem_limit', 'cpus']);
  });

  it('exits 2 with one line for a line it cannot read', () => {
    const result = run('--', 'docker', 'run', '--no-such-flag', 'app:1');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('hullcheck: error: command line, column 12: unknown flag --no-such-flag\n');
  });
});

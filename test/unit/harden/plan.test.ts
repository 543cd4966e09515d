import { describe, expect, it } from 'vitest';
import { imageInfoFromEngine, imageInfoFromTable, userSwitchIn, type ImageInfo } from '../../../src/harden/image-info.js';
import { DEFAULT_HARDEN_OPTIONS, planHardening, type HardenOptions } from '../../../src/harden/plan.js';
import { readComposeServices } from '../../../src/harden/harden-compose.js';

function plan(yaml: string, image?: ImageInfo, options: Partial<HardenOptions> = {}) {
  const services = readComposeServices(yaml, 'compose.yaml', new Map());
  const facts = services.containers[0];
  if (!facts) throw new Error('no service');
  const command = services.commands.get(facts.name) ?? [];
  return planHardening({ facts, ...(image ? { image } : {}), command, options: { ...DEFAULT_HARDEN_OPTIONS, ...options } });
}

const nonRoot: ImageInfo = { source: 'engine', user: '10001', volumes: [], listens: [8080], entrypoint: [], cmd: [], writable: [] };

describe('planHardening', () => {
  it('gives a non-root service on a high port ALL dropped, nothing added back, and pins its user', () => {
    const result = plan('services:\n  web:\n    image: app:1\n    ports: ["8080:8080"]\n', nonRoot);
    expect(result.changes.map((c) => [c.op, c.key])).toEqual([
      ['add', 'cap_drop'], ['add', 'security_opt'], ['set', 'read_only'], ['add', 'tmpfs'], ['set', 'user'],
      ['set', 'pids_limit'], ['set', 'mem_limit'], ['set', 'cpus'], ['bind-port', 'ports'],
    ]);
    expect(result.changes.find((c) => c.key === 'cap_add')).toBeUndefined();
    expect(result.changes.find((c) => c.key === 'user')).toMatchObject({ value: '10001' });
    expect(result.changes.find((c) => c.key === 'tmpfs')).toMatchObject({ items: ['/tmp', '/run'] });
  });

  it('adds NET_BIND_SERVICE for a port below 1024, with the port in the reason', () => {
    const result = plan('services:\n  web:\n    image: app:1\n    ports: ["127.0.0.1:80:80"]\n', { ...nonRoot, listens: [] });
    const add = result.changes.find((c) => c.key === 'cap_add');
    expect(add).toMatchObject({ op: 'add', items: ['NET_BIND_SERVICE'] });
    expect(add?.reason).toContain('port 80, below 1024');
  });

  it('adds the five user-switching capabilities when the image starts as root and switches user', () => {
    const image = imageInfoFromEngine('local/app:1', { Config: { User: '', Entrypoint: ['/entrypoint.sh'] } }, ['RUN /bin/sh -c printf "chown app /data; exec su -s /bin/sh app -c httpd" > /entrypoint.sh']);
    expect(image.dropsPrivileges).toContain('su');
    const result = plan('services:\n  app:\n    image: local/app:1\n', image);
    expect(result.changes.find((c) => c.key === 'cap_add')).toMatchObject({ items: ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'] });
    expect(result.changes.find((c) => c.key === 'user')).toBeUndefined();
    expect(result.kept.map((k) => k.rule)).toEqual(['no-dangerous-capabilities', 'no-root-user', 'no-unpinned-image']);
  });

  it('knows postgres from its table: gosu, its VOLUME stays a volume, its run directory gets a tmpfs', () => {
    const result = plan('services:\n  db:\n    image: postgres:16\n', imageInfoFromTable('postgres:16'));
    expect(result.changes.find((c) => c.key === 'tmpfs')).toMatchObject({ items: ['/tmp', '/run', '/var/run/postgresql'] });
    expect(result.changes.find((c) => c.key === 'read_only')?.reason).toContain('VOLUME /var/lib/postgresql/data stays writable');
    expect(result.changes.find((c) => c.key === 'cap_add')).toMatchObject({ items: ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'] });
  });

  it('adds CHOWN when a root command changes owners, and nothing for a root command that does not', () => {
    const root: ImageInfo = { ...nonRoot, user: '', listens: [] };
    const chowns = plan('services:\n  a:\n    image: app:1\n    command: sh -c "chown -R 1000 /data && exec app"\n', root);
    expect(chowns.changes.find((c) => c.key === 'cap_add')).toMatchObject({ items: ['CHOWN'], reason: 'CHOWN: its command changes file owners as root (chown)' });
    const plain = plan('services:\n  a:\n    image: app:1\n    command: ["app", "--serve"]\n', root);
    expect(plain.changes.find((c) => c.key === 'cap_add')).toBeUndefined();
  });

  it('keeps a capability on request and never adds capabilities when ALL is already dropped', () => {
    const kept = plan('services:\n  a:\n    image: app:1\n', nonRoot, { keepCaps: ['NET_RAW'] });
    expect(kept.changes.find((c) => c.key === 'cap_add')).toMatchObject({ items: ['NET_RAW'] });
    const done = plan('services:\n  a:\n    image: app:1\n    cap_drop: [ALL]\n', { ...nonRoot, listens: [80] });
    expect(done.changes.filter((c) => c.key === 'cap_drop' || c.key === 'cap_add')).toEqual([]);
  });

  it('comments on privileged, host namespaces and the Docker socket, and removes them only with --aggressive', () => {
    const yaml = 'services:\n  m:\n    image: app:1\n    privileged: true\n    pid: host\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
    const gentle = plan(yaml, nonRoot);
    expect(gentle.changes.filter((c) => c.op === 'comment').map((c) => c.key)).toEqual(['privileged', 'pid', 'volumes']);
    expect(gentle.kept.map((k) => k.rule)).toEqual(['no-privileged', 'no-host-namespaces', 'no-docker-socket-mount', 'no-unpinned-image']);
    const aggressive = plan(yaml, nonRoot, { aggressive: true });
    expect(aggressive.changes.filter((c) => c.op === 'remove').map((c) => c.key)).toEqual(['privileged', 'pid', 'volumes']);
    expect(aggressive.kept.map((k) => k.rule)).toEqual(['no-unpinned-image']);
  });

  it('never lowers limits the file sets, and replaces unlimited ones', () => {
    const result = plan('services:\n  a:\n    image: app:1\n    mem_limit: 2g\n    pids_limit: 0\n    cpu_shares: 512\n', nonRoot, { memory: '256m' });
    expect(result.changes.find((c) => c.key === 'mem_limit')).toBeUndefined();
    expect(result.changes.find((c) => c.key === 'cpus')).toBeUndefined();
    expect(result.changes.find((c) => c.key === 'pids_limit')).toMatchObject({ op: 'set', value: 200, at: { line: 5, column: 5 } });
  });

  it('leaves a port public with --public, and explains it', () => {
    const result = plan('services:\n  a:\n    image: app:1\n    ports: ["443:8443", "9000:9000"]\n', nonRoot, { publicPorts: ['443'] });
    expect(result.changes.filter((c) => c.op === 'bind-port').map((c) => c.op === 'bind-port' && c.port)).toEqual(['9000->9000']);
    expect(result.kept).toContainEqual(expect.objectContaining({ rule: 'no-ports-on-all-interfaces', reason: expect.stringContaining('--public') }));
  });

  it('explains findings it has no change for, by rule', () => {
    const result = plan('services:\n  a:\n    image: app\n    restart: always\n', nonRoot);
    expect(result.kept.map((k) => k.rule)).toEqual(['restart-policy-limit', 'no-unpinned-image']);
    expect(result.kept[1]?.reason).toBe('image "app" has no tag, so it pulls whatever latest points at: pinning needs the digest the registry serves, and hullcheck never contacts a registry');
  });
});

describe('userSwitchIn', () => {
  it.each([
    ['exec gosu postgres "$@"', 'gosu'],
    ['su-exec redis redis-server', 'su-exec'],
    ['setpriv --reuid=1000 --regid=1000 --init-groups app', 'setpriv'],
    ['exec su -s /bin/sh app -c "httpd -f"', 'su'],
    ['/usr/bin/gosu app true', 'gosu'],
  ])('finds the switch in %s', (text, tool) => {
    expect(userSwitchIn(text)).toBe(tool);
  });

  it.each(['apt-get install -y sudo', 'echo success', 'subscribe', 'RUN useradd app'])('finds none in %s', (text) => {
    expect(userSwitchIn(text)).toBeUndefined();
  });
});

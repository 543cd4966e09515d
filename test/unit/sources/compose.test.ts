import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerFacts } from '../../../src/facts/container.js';
import type { InputError } from '../../../src/facts/finding.js';
import noPrivileged from '../../../src/rules/container/no-privileged.js';
import { scanFiles } from '../../../src/scan/scan.js';
import { parseCompose } from '../../../src/sources/compose/parse-compose.js';
import { lines, maybePlaced, placed, placedAll, placedNamespaces, useTempDirs } from './helpers.js';

const FILE = 'compose.yaml';

function compose(text: string, env: Record<string, string> = {}) {
  return parseCompose(text, FILE, new Map(Object.entries(env)));
}

/** The one service of a file that must parse without errors. */
function service(text: string, env: Record<string, string> = {}, name?: string): ContainerFacts {
  const result = compose(text, env);
  expect(result.errors).toEqual([]);
  const found = name ? result.containers.find((c) => c.name === name) : result.containers[0];
  if (!found) throw new Error(`no service ${name ?? ''} in ${JSON.stringify(result.containers.map((c) => c.name))}`);
  return found;
}

function errorsOf(text: string, env: Record<string, string> = {}): InputError[] {
  return compose(text, env).errors;
}

const tempDir = useTempDirs();

describe('compose: volumes', () => {
  it('reads short and long volume syntax with the place of each item', () => {
    const facts = service(
      lines(
        'services:', //                    1
        '  web:', //                       2
        '    image: nginx:1.27', //        3
        '    volumes:', //                 4
        '      - /srv/www:/usr/share/nginx/html', // 5 bind
        '      - data:/var/lib/data', //    6 named
        '      - /var/cache', //            7 anonymous
        '      - ./conf:/etc/nginx/conf.d:ro', // 8 bind read-only
        '      - logs:/logs:ro,z', //       9 named read-only with other options
        '      - type: bind', //           10
        '        source: /var/run/docker.sock',
        '        target: /var/run/docker.sock',
        '        read_only: true',
        '      - type: volume', //         14
        '        source: cache',
        '        target: /cache',
        '      - type: tmpfs', //          17
        '        target: /scratch',
      ),
    );
    expect(placedAll(facts.mounts)).toEqual([
      [{ type: 'bind', source: '/srv/www', target: '/usr/share/nginx/html', readOnly: false }, 5, 9],
      [{ type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false }, 6, 9],
      [{ type: 'volume', source: '', target: '/var/cache', readOnly: false }, 7, 9],
      [{ type: 'bind', source: './conf', target: '/etc/nginx/conf.d', readOnly: true }, 8, 9],
      [{ type: 'volume', source: 'logs', target: '/logs', readOnly: true }, 9, 9],
      [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true }, 10, 9],
      [{ type: 'volume', source: 'cache', target: '/cache', readOnly: false }, 14, 9],
      [{ type: 'tmpfs', source: '', target: '/scratch', readOnly: false }, 17, 9],
    ]);
    expect(facts.request.HostConfig?.Binds).toEqual([
      '/srv/www:/usr/share/nginx/html',
      'data:/var/lib/data',
      '/var/cache',
      './conf:/etc/nginx/conf.d:ro',
      'logs:/logs:ro,z',
    ]);
  });

  it('reads a flow-style list of volumes at each item', () => {
    const facts = service(lines('services:', '  a:', '    image: x', '    volumes: [/a:/b, "c:/d:ro"]'));
    expect(placedAll(facts.mounts)).toEqual([
      [{ type: 'bind', source: '/a', target: '/b', readOnly: false }, 4, 15],
      [{ type: 'volume', source: 'c', target: '/d', readOnly: true }, 4, 22],
    ]);
  });

  it('reports an empty volume and a long-syntax volume without target at the item', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    volumes:', '      - ""', '      - type: bind', '        source: /x'))).toEqual([
      { file: FILE, line: 5, column: 9, message: 'a volume must not be empty' },
      { file: FILE, line: 6, column: 9, message: 'a long-syntax volume needs "target"' },
    ]);
  });

  it('reports volumes that are not a list at the key', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    volumes: /a:/b'))).toEqual([
      { file: FILE, line: 4, column: 5, message: '"volumes" must be a list' },
    ]);
  });
});

describe('compose: ports', () => {
  it('reads every short spelling and the long syntax, each at its item', () => {
    const facts = service(
      lines(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports:',
        '      - "80"', //                        5
        '      - "8080:80"', //                   6
        '      - "127.0.0.1:8081:81"', //         7
        '      - "[::1]:8082:82"', //             8
        '      - "9000-9001:9000-9001/udp"', //   9
        '      - 53:53/sctp', //                 10
        '      - target: 443', //                11
        '        published: 8443',
        '        host_ip: 0.0.0.0',
        '      - target: 5000', //               14
        '        protocol: udp',
      ),
    );
    expect(placedAll(facts.ports)).toEqual([
      [{ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '' }, 5, 9],
      [{ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '8080' }, 6, 9],
      [{ containerPort: '81', protocol: 'tcp', hostIp: '127.0.0.1', hostPort: '8081' }, 7, 9],
      [{ containerPort: '82', protocol: 'tcp', hostIp: '::1', hostPort: '8082' }, 8, 9],
      [{ containerPort: '9000-9001', protocol: 'udp', hostIp: '', hostPort: '9000-9001' }, 9, 9],
      [{ containerPort: '53', protocol: 'sctp', hostIp: '', hostPort: '53' }, 10, 9],
      [{ containerPort: '443', protocol: 'tcp', hostIp: '0.0.0.0', hostPort: '8443' }, 11, 9],
      [{ containerPort: '5000', protocol: 'udp', hostIp: '', hostPort: '' }, 14, 9],
    ]);
    expect(Object.keys(facts.request.ExposedPorts ?? {})).toEqual([
      '80/tcp',
      '81/tcp',
      '82/tcp',
      '9000-9001/udp',
      '53/sctp',
      '443/tcp',
      '5000/udp',
    ]);
  });

  it('reports bad ports at the item and keeps the good ones', () => {
    const result = compose(
      lines(
        'services:',
        '  web:',
        '    image: nginx',
        '    ports:',
        '      - "abc"',
        '      - "99999:80"', // bug fixed: ports above 65535 were accepted
        '      - "80/xyz"',
        '      - "9001-9000:80"',
        '      - target: 70000',
        '      - "8080:80"',
      ),
    );
    expect(result.errors).toEqual([
      { file: FILE, line: 5, column: 9, message: 'cannot read port "abc"' },
      { file: FILE, line: 6, column: 9, message: 'cannot read port "99999:80"' },
      { file: FILE, line: 7, column: 9, message: 'cannot read port "80/xyz"' },
      { file: FILE, line: 8, column: 9, message: 'cannot read port "9001-9000:80"' },
      { file: FILE, line: 9, column: 9, message: 'cannot read port "target 70000"' },
    ]);
    expect(placedAll(result.containers[0]?.ports ?? [])).toEqual([
      [{ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '8080' }, 10, 9],
    ]);
  });
});

describe('compose: devices, capabilities, security options', () => {
  it('reads devices in short and long syntax', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    devices:',
        '      - /dev/sda:/dev/xvda:rwm',
        '      - /dev/fuse',
        '      - /dev/snd:/dev/snd:r',
        '      - source: /dev/kvm',
        '        target: /dev/kvm',
        '        permissions: rw',
        '      - source: /dev/net/tun',
      ),
    );
    expect(placedAll(facts.devices)).toEqual([
      [{ pathOnHost: '/dev/sda', pathInContainer: '/dev/xvda', permissions: 'rwm' }, 5, 9],
      [{ pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', permissions: 'rwm' }, 6, 9],
      [{ pathOnHost: '/dev/snd', pathInContainer: '/dev/snd', permissions: 'r' }, 7, 9],
      [{ pathOnHost: '/dev/kvm', pathInContainer: '/dev/kvm', permissions: 'rw' }, 8, 9],
      [{ pathOnHost: '/dev/net/tun', pathInContainer: '/dev/net/tun', permissions: 'rwm' }, 11, 9],
    ]);
  });

  it('reports an unreadable device at the item instead of inventing an empty one', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    devices: [":/dev/x", ""]'))).toEqual([
      { file: FILE, line: 4, column: 15, message: 'cannot read device ":/dev/x"' },
      { file: FILE, line: 4, column: 26, message: 'cannot read device ""' },
    ]);
  });

  it('normalises capabilities and places each at its item', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    cap_add: [SYS_ADMIN, cap_net_admin, CAP_SYS_PTRACE, " net_raw "]',
        '    cap_drop:',
        '      - ALL',
      ),
    );
    expect(placedAll(facts.capAdd)).toEqual([
      ['SYS_ADMIN', 4, 15],
      ['NET_ADMIN', 4, 26],
      ['SYS_PTRACE', 4, 41],
      ['NET_RAW', 4, 57],
    ]);
    expect(placedAll(facts.capDrop)).toEqual([['ALL', 6, 9]]);
    expect(facts.request.HostConfig?.CapAdd).toEqual(['SYS_ADMIN', 'cap_net_admin', 'CAP_SYS_PTRACE', ' net_raw ']);
  });

  it('accepts a single capability written as a string, at the key', () => {
    const facts = service(lines('services:', '  a:', '    image: x', '    cap_add: SYS_ADMIN'));
    expect(placedAll(facts.capAdd)).toEqual([['SYS_ADMIN', 4, 5]]);
  });

  it('reads security options in both spellings', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    security_opt:',
        '      - seccomp:unconfined',
        '      - apparmor=unconfined',
        '      - label:disable',
        '      - no-new-privileges',
        '      - no-new-privileges:false',
        '      - systempaths=unconfined',
      ),
    );
    expect(placedAll(facts.securityOpts)).toEqual([
      [{ key: 'seccomp', value: 'unconfined', raw: 'seccomp:unconfined' }, 5, 9],
      [{ key: 'apparmor', value: 'unconfined', raw: 'apparmor=unconfined' }, 6, 9],
      [{ key: 'label', value: 'disable', raw: 'label:disable' }, 7, 9],
      [{ key: 'no-new-privileges', value: 'true', raw: 'no-new-privileges' }, 8, 9],
      [{ key: 'no-new-privileges', value: 'false', raw: 'no-new-privileges:false' }, 9, 9],
      [{ key: 'systempaths', value: 'unconfined', raw: 'systempaths=unconfined' }, 10, 9],
    ]);
  });

  it('reports a capability list that is a mapping, at the key', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    cap_add:', '      SYS_ADMIN: true'))).toEqual([
      { file: FILE, line: 4, column: 5, message: '"cap_add" must be a list' },
    ]);
  });
});

describe('compose: namespaces, user, privileged, read-only', () => {
  it('reads every namespace key at the key', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    pid: host',
        '    ipc: "service:db"',
        '    network_mode: host',
        '    uts: host',
        '    userns_mode: host',
        '    cgroup: host',
      ),
    );
    expect(placedNamespaces(facts)).toEqual({
      pid: ['host', 4, 5],
      ipc: ['service:db', 5, 5],
      network: ['host', 6, 5],
      uts: ['host', 7, 5],
      userns: ['host', 8, 5],
      cgroup: ['host', 9, 5],
    });
  });

  it('reads user, privileged and read_only at their keys', () => {
    const facts = service(
      lines('services:', '  a:', '    image: x', '    user: "0:0"', '    privileged: true', '    read_only: "false"'),
    );
    expect(maybePlaced(facts.user)).toEqual(['0:0', 4, 5]);
    expect(maybePlaced(facts.privileged)).toEqual([true, 5, 5]);
    expect(maybePlaced(facts.readOnlyRootfs)).toEqual([false, 6, 5]);
    expect(maybePlaced(facts.image)).toEqual(['x', 3, 5]);
    expect(facts.at).toMatchObject({ line: 2, column: 3 });
  });

  it('reports `privileged: maybe` at the key, naming it, and still reads the service', () => {
    const result = compose(lines('services:', '  a:', '    image: x', '    privileged: maybe'));
    expect(result.errors).toEqual([{ file: FILE, line: 4, column: 5, message: '"privileged" must be true or false' }]);
    expect(result.containers.map((c) => [c.name, c.privileged])).toEqual([['a', undefined]]);
  });

  it('reports a namespace that is not a string at the key', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    pid: [host]'))).toEqual([
      { file: FILE, line: 4, column: 5, message: '"pid" must be a string' },
    ]);
  });
});

describe('compose: resources', () => {
  it('reads mem_limit, cpus and pids_limit at their keys', () => {
    const facts = service(
      lines('services:', '  a:', '    image: x', '    mem_limit: 512m', '    cpus: 1.5', '    pids_limit: 100', '    cpu_shares: 512'),
    );
    expect(maybePlaced(facts.memory)).toEqual([512 * 1024 ** 2, 4, 5]);
    expect(maybePlaced(facts.cpus)).toEqual([1.5, 5, 5]);
    expect(maybePlaced(facts.pidsLimit)).toEqual([100, 6, 5]);
    expect(maybePlaced(facts.cpuShares)).toEqual([512, 7, 5]);
    expect(facts.request.HostConfig).toMatchObject({ Memory: 536870912, NanoCpus: 1_500_000_000, PidsLimit: 100 });
  });

  it('reads deploy.resources.limits at their keys', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    deploy:',
        '      resources:',
        '        limits:',
        '          memory: 1g',
        "          cpus: '0.5'",
        '          pids: 50',
      ),
    );
    expect(maybePlaced(facts.memory)).toEqual([1024 ** 3, 7, 11]);
    expect(maybePlaced(facts.cpus)).toEqual([0.5, 8, 11]);
    expect(maybePlaced(facts.pidsLimit)).toEqual([50, 9, 11]);
  });

  it('prefers the service keys over deploy limits', () => {
    const facts = service(
      lines('services:', '  a:', '    image: x', '    mem_limit: 256m', '    deploy:', '      resources:', '        limits:', '          memory: 1g'),
    );
    expect(maybePlaced(facts.memory)).toEqual([256 * 1024 ** 2, 4, 5]);
  });

  it('reports unreadable sizes and numbers at their keys', () => {
    expect(
      errorsOf(lines('services:', '  a:', '    image: x', '    mem_limit: lots', '    cpus: ""', '    pids_limit: 1.5', '    cpu_shares: ""')),
    ).toEqual([
      { file: FILE, line: 4, column: 5, message: 'cannot read "lots" as a number or size' },
      { file: FILE, line: 5, column: 5, message: 'cannot read "" as a number or size' },
      { file: FILE, line: 6, column: 5, message: 'cannot read 1.5 as a number or size' },
      { file: FILE, line: 7, column: 5, message: 'cannot read "" as a number or size' },
    ]);
    // bug fixed: `cpus: ""` and `cpu_shares: ""` read as 0, i.e. unlimited
  });
});

describe('compose: sysctls, ulimits, tmpfs', () => {
  it('reads sysctls as a map at each key', () => {
    const facts = service(
      lines('services:', '  a:', '    image: x', '    sysctls:', '      net.core.somaxconn: 1024', '      net.ipv4.ip_forward: "1"'),
    );
    expect(placedAll(facts.sysctls)).toEqual([
      [{ name: 'net.core.somaxconn', value: '1024' }, 5, 7],
      [{ name: 'net.ipv4.ip_forward', value: '1' }, 6, 7],
    ]);
  });

  it('reads sysctls as a list at each item', () => {
    const facts = service(
      lines('services:', '  a:', '    image: x', '    sysctls:', '      - net.core.somaxconn=1024', '      - kernel.shm_rmid_forced'),
    );
    expect(placedAll(facts.sysctls)).toEqual([
      [{ name: 'net.core.somaxconn', value: '1024' }, 5, 9],
      [{ name: 'kernel.shm_rmid_forced', value: '' }, 6, 9],
    ]);
  });

  it('reads ulimits as a single number and as soft/hard', () => {
    const facts = service(
      lines('services:', '  a:', '    image: x', '    ulimits:', '      nproc: 65535', '      nofile:', '        soft: 1024', '        hard: 2048'),
    );
    expect(facts.request.HostConfig?.Ulimits).toEqual([
      { Name: 'nproc', Soft: 65535, Hard: 65535 },
      { Name: 'nofile', Soft: 1024, Hard: 2048 },
    ]);
  });

  it('reads tmpfs as a string at the key and as a list at each item', () => {
    expect(placedAll(service(lines('services:', '  a:', '    image: x', '    tmpfs: /run')).tmpfs)).toEqual([['/run', 4, 5]]);
    const facts = service(lines('services:', '  a:', '    image: x', '    tmpfs:', '      - /tmp:size=64m,mode=1777', '      - /run'));
    expect(placedAll(facts.tmpfs)).toEqual([
      ['/tmp', 5, 9],
      ['/run', 6, 9],
    ]);
    expect(facts.request.HostConfig?.Tmpfs).toEqual({ '/tmp': 'size=64m,mode=1777', '/run': '' });
  });
});

describe('compose: environment', () => {
  it('reads a map at each key; a ${VAR} reference keeps its text', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    environment:',
        '      PLAIN: "1"',
        '      FROM_HOST: ${HULLCHECK_TEST_SECRET}',
        '      DEFAULTED: ${HULLCHECK_TEST_UNSET:-fallback}',
        '      PASSED:',
        '      NUMBER: 5',
        '      ESCAPED: pa$$word',
      ),
      { HULLCHECK_TEST_SECRET: 's3cret' },
    );
    expect(placedAll(facts.env)).toEqual([
      [{ name: 'PLAIN', value: '1' }, 5, 7],
      [{ name: 'FROM_HOST', value: '${HULLCHECK_TEST_SECRET}' }, 6, 7],
      [{ name: 'DEFAULTED', value: '${HULLCHECK_TEST_UNSET:-fallback}' }, 7, 7],
      [{ name: 'PASSED' }, 8, 7],
      [{ name: 'NUMBER', value: '5' }, 9, 7],
      // bug fixed: `$$` is an escaped dollar sign; the container sees `pa$word`
      [{ name: 'ESCAPED', value: 'pa$word' }, 10, 7],
    ]);
  });

  it('reads a list at each item; a ${VAR} reference keeps its text', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: x',
        '    environment:',
        '      - PLAIN=1',
        '      - FROM_HOST=${HULLCHECK_TEST_SECRET}',
        '      - PASSED',
        '      - EMPTY=',
        '      - ESCAPED=$$HOME',
        '      - "SPACED=a b"',
      ),
      { HULLCHECK_TEST_SECRET: 's3cret' },
    );
    expect(placedAll(facts.env)).toEqual([
      [{ name: 'PLAIN', value: '1' }, 5, 9],
      [{ name: 'FROM_HOST', value: '${HULLCHECK_TEST_SECRET}' }, 6, 9],
      [{ name: 'PASSED' }, 7, 9],
      [{ name: 'EMPTY', value: '' }, 8, 9],
      [{ name: 'ESCAPED', value: '$HOME' }, 9, 9],
      [{ name: 'SPACED', value: 'a b' }, 10, 9],
    ]);
  });
});

describe('compose: healthcheck and restart', () => {
  it('reads a test list, a test string and disable, at the healthcheck key', () => {
    const text = lines(
      'services:',
      '  list:',
      '    image: x',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost"]',
      '  string:',
      '    image: x',
      '    healthcheck:',
      '      test: curl -f http://localhost || exit 1',
      '  off:',
      '    image: x',
      '    healthcheck:',
      '      disable: true',
      '  none:',
      '    image: x',
      '    healthcheck:',
      '      test: ["NONE"]',
    );
    const byName = new Map(compose(text).containers.map((c) => [c.name, c]));
    expect(byName.get('list')?.request.Healthcheck).toEqual({ Test: ['CMD', 'curl', '-f', 'http://localhost'] });
    expect(maybePlaced(byName.get('list')?.healthcheck)).toEqual([{ disabled: false }, 4, 5]);
    expect(byName.get('string')?.request.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'curl -f http://localhost || exit 1'] });
    expect(maybePlaced(byName.get('string')?.healthcheck)).toEqual([{ disabled: false }, 8, 5]);
    expect(maybePlaced(byName.get('off')?.healthcheck)).toEqual([{ disabled: true }, 12, 5]);
    expect(maybePlaced(byName.get('none')?.healthcheck)).toEqual([{ disabled: true }, 16, 5]);
  });

  it('reads restart and deploy.restart_policy', () => {
    const text = lines(
      'services:',
      '  a:',
      '    image: x',
      '    restart: on-failure:3',
      '  b:',
      '    image: x',
      '    deploy:',
      '      restart_policy:',
      '        condition: on-failure',
      '        max_attempts: 2',
      '  c:',
      '    image: x',
      '    deploy:',
      '      restart_policy:',
      '        condition: any',
      '  d:',
      '    image: x',
      '    restart: unless-stopped',
    );
    const restarts = compose(text).containers.map((c) => [c.name, maybePlaced(c.restart)]);
    expect(restarts).toEqual([
      ['a', [{ name: 'on-failure', maximumRetryCount: 3 }, 4, 5]],
      ['b', [{ name: 'on-failure', maximumRetryCount: 2 }, 8, 7]],
      ['c', [{ name: 'always', maximumRetryCount: 0 }, 14, 7]],
      ['d', [{ name: 'unless-stopped', maximumRetryCount: 0 }, 18, 5]],
    ]);
  });

  it('reports a restart that is not a string at the key', () => {
    // bug fixed: `restart: [1]` became a restart policy with an empty name
    const result = compose(lines('services:', '  a:', '    image: x', '    restart: [always]'));
    expect(result.errors).toEqual([{ file: FILE, line: 4, column: 5, message: '"restart" must be a string' }]);
    expect(result.containers[0]?.restart).toBeUndefined();
  });
});

describe('compose: extends', () => {
  it('extends by name and by {service}, chained, each value at the key that set it', () => {
    const text = lines(
      'services:',
      '  base:', //              2
      '    image: nginx:1.27', // 3
      '    cap_add: [NET_ADMIN]', // 4
      '    user: "1000"', //     5
      '  mid:', //               6
      '    extends: base', //    7
      '    privileged: true', // 8
      '  top:', //               9
      '    extends:', //        10
      '      service: mid',
      '    cap_add: [SYS_TIME]', // 12
      '    user: "0"', //       13
    );
    const result = compose(text);
    expect(result.errors).toEqual([]);
    const top = result.containers.find((c) => c.name === 'top');
    expect(top?.at).toMatchObject({ line: 9, column: 3 });
    expect(maybePlaced(top?.image)).toEqual(['nginx:1.27', 3, 5]);
    expect(maybePlaced(top?.privileged)).toEqual([true, 8, 5]);
    expect(maybePlaced(top?.user)).toEqual(['0', 13, 5]);
    expect(placedAll(top?.capAdd ?? [])).toEqual([
      ['NET_ADMIN', 4, 15],
      ['SYS_TIME', 12, 15],
    ]);
    const mid = result.containers.find((c) => c.name === 'mid');
    expect(maybePlaced(mid?.user)).toEqual(['1000', 5, 5]);
  });

  it('reports a cycle once per extends key, at the key, and still lists the services', () => {
    const result = compose(
      lines('services:', '  a:', '    image: x', '    extends: b', '  b:', '    extends: a', '  c:', '    extends: a', '  self:', '    extends: self'),
    );
    expect(result.errors).toEqual([
      { file: FILE, line: 4, column: 5, message: '"extends" of service "a" forms a cycle' },
      { file: FILE, line: 6, column: 5, message: '"extends" of service "b" forms a cycle' },
      { file: FILE, line: 10, column: 5, message: '"extends" of service "self" forms a cycle' },
    ]);
    expect(result.containers.map((c) => c.name)).toEqual(['a', 'b', 'c', 'self']);
  });

  it('reports an unknown base at the extends key', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    extends:', '      service: nope'))).toEqual([
      { file: FILE, line: 4, column: 5, message: '"extends" of service "a" names an unknown service "nope"' },
    ]);
  });

  it('leaves extends from another file alone', () => {
    const facts = service(lines('services:', '  a:', '    image: x', '    extends:', '      file: other.yaml', '      service: base'));
    expect(maybePlaced(facts.image)).toEqual(['x', 3, 5]);
  });
});

describe('compose: anchors and merge keys', () => {
  it('places a merged key at the anchor, a local key where it is written', () => {
    const text = lines(
      'x-common: &common', //      1
      '  privileged: true', //     2
      '  cap_add: [SYS_ADMIN]', // 3
      '  user: root', //           4
      'x-more: &more', //          5
      '  pid: host', //            6
      'services:', //              7
      '  app:', //                 8
      '    <<: [*common, *more]', // 9
      '    image: app:1', //      10
      '    user: app', //         11
      '  other:', //              12
      '    <<: *common', //       13
      '    image: other:1', //    14
    );
    const result = compose(text);
    expect(result.errors).toEqual([]);
    const [app, other] = result.containers;
    expect(maybePlaced(app?.privileged)).toEqual([true, 2, 3]);
    expect(placedAll(app?.capAdd ?? [])).toEqual([['SYS_ADMIN', 3, 13]]);
    expect(maybePlaced(app?.user)).toEqual(['app', 11, 5]);
    expect(app && placedNamespaces(app)).toEqual({ pid: ['host', 6, 3] });
    expect(maybePlaced(other?.privileged)).toEqual([true, 2, 3]);
    expect(maybePlaced(other?.user)).toEqual(['root', 4, 3]);
  });

  it('resolves a plain alias as the value of a key', () => {
    const facts = service(lines('x-caps: &caps [NET_ADMIN, SYS_TIME]', 'services:', '  a:', '    image: x', '    cap_add: *caps'));
    expect(placedAll(facts.capAdd)).toEqual([
      ['NET_ADMIN', 1, 16],
      ['SYS_TIME', 1, 27],
    ]);
  });
});

describe('compose: interpolation', () => {
  it('expands defaults, nesting and $$, keeping the place of the key', () => {
    const facts = service(
      lines(
        'services:',
        '  a:',
        '    image: "${REG-docker.io}/${IMG:-${FALLBACK:-alpine}}:${TAG-3.19}$${NOT_A_VAR}"',
        '    user: ${EMPTY:-nobody}',
        '    privileged: ${PRIV}',
        '    cap_add: ["${CAP}"]',
      ),
      { REG: 'ghcr.io', EMPTY: '', PRIV: 'true', CAP: 'sys_admin' },
    );
    expect(maybePlaced(facts.image)).toEqual(['ghcr.io/alpine:3.19${NOT_A_VAR}', 3, 5]);
    expect(maybePlaced(facts.user)).toEqual(['nobody', 4, 5]);
    expect(maybePlaced(facts.privileged)).toEqual([true, 5, 5]);
    expect(placedAll(facts.capAdd)).toEqual([['SYS_ADMIN', 6, 15]]);
  });

  it('treats `-` and `:-` differently for a variable set to the empty string', () => {
    const facts = service(lines('services:', '  a:', '    image: "a${E-x}b${E:-y}c"'), { E: '' });
    expect(facts.image?.value).toBe('abyc');
  });

  it('does not interpolate keys', () => {
    const facts = service(lines('services:', '  a:', '    image: x', '    sysctls:', '      ${NAME}: 1'), { NAME: 'n' });
    expect(facts.sysctls.map((s) => s.value.name)).toEqual(['${NAME}']);
  });
});

describe('compose: profiles and empty files', () => {
  it('scans services that have profiles', () => {
    const result = compose(
      lines('services:', '  app:', '    image: x', '  debug:', '    image: y', '    profiles: [debug]', '    privileged: true'),
    );
    expect(result.errors).toEqual([]);
    expect(result.containers.map((c) => [c.name, c.privileged?.value])).toEqual([
      ['app', undefined],
      ['debug', true],
    ]);
  });

  it('reads a file without services, or with `services:` empty, as no containers and no error', () => {
    expect(compose(lines('version: "3.8"', 'volumes:', '  data:'))).toMatchObject({ containers: [], errors: [] });
    expect(compose(lines('services:'))).toMatchObject({ containers: [], errors: [] });
  });

  it('reports an empty file and a file of comments only', () => {
    expect(errorsOf('')).toEqual([{ file: FILE, message: 'the file is empty' }]);
    expect(errorsOf(lines('# nothing here'))).toEqual([{ file: FILE, message: 'the file is empty' }]);
  });
});

describe('compose: errors', () => {
  it('reports malformed YAML at its exact line and column', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '\tprivileged: true'))).toEqual([
      { file: FILE, line: 4, column: 1, message: 'Tabs are not allowed as indentation' },
    ]);
    // bug fixed: an unclosed quote was reported at the end of the file, not where it was opened
    expect(errorsOf(lines('services:', '  a:', '    image: "x', '    user: root', '    pid: host'))).toEqual([
      { file: FILE, line: 3, column: 12, message: 'Missing closing "quote' },
    ]);
    expect(errorsOf(lines('services:', '  a:', "    image: 'it''s", '    user: root'))).toEqual([
      { file: FILE, line: 3, column: 12, message: "Missing closing 'quote" },
    ]);
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    user: "a\\"b'))).toEqual([
      { file: FILE, line: 4, column: 11, message: 'Missing closing "quote' },
    ]);
  });

  it('reports a duplicate key at the second key', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '    privileged: false', '    privileged: true'))).toEqual([
      { file: FILE, line: 5, column: 5, message: 'Map keys must be unique' },
    ]);
  });

  it('reports a top level that is not a mapping', () => {
    expect(errorsOf(lines('- a', '- b'))).toEqual([
      { file: FILE, line: 1, column: 1, message: 'a Compose file must be a mapping at the top level' },
    ]);
    expect(errorsOf(lines('just text'))).toEqual([
      { file: FILE, line: 1, column: 1, message: 'a Compose file must be a mapping at the top level' },
    ]);
  });

  it('reports services that are not a mapping at the key', () => {
    expect(errorsOf(lines('version: "3"', 'services:', '  - a'))).toEqual([
      { file: FILE, line: 2, column: 1, message: '"services" must be a mapping' },
    ]);
  });

  it('reports a service that is a string and reads the others', () => {
    const result = compose(lines('services:', '  web: nginx', '  db:', '    image: postgres'));
    expect(result.errors).toEqual([{ file: FILE, line: 2, column: 3, message: 'service "web" must be a mapping' }]);
    expect(result.containers.map((c) => c.name)).toEqual(['db']);
  });

  it('reports several documents in one file', () => {
    expect(errorsOf(lines('services:', '  a:', '    image: x', '---', 'services: {}'))).toEqual([
      { file: FILE, line: 4, column: 1, message: 'Source contains multiple documents; please use YAML.parseAllDocuments()' },
    ]);
  });

  it('reports an alias before its anchor', () => {
    expect(errorsOf(lines('services:', '  a:', '    <<: *later', '    image: x', 'x-later: &later {}'))).toEqual([
      { file: FILE, line: 3, column: 9, message: 'alias *later cannot be resolved' },
    ]);
  });

  it('reports deep nesting in words, not as a stack overflow', () => {
    const deep = `services:\n  a:\n    image: x\n    labels: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;
    const errors = errorsOf(deep);
    expect(errors.map((e) => e.message)).toEqual(['the YAML is nested too deeply to read']);
    expect(errors[0]?.line).toBe(4);
  });
});

describe('compose: through scanFiles', () => {
  it('uses the .env file beside the Compose file for interpolation', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), lines('# settings', 'HULLCHECK_TEST_DOTENV_PRIV=true', 'export HULLCHECK_TEST_DOTENV_IMG="nginx:1.27"'));
    writeFileSync(
      join(dir, 'compose.yaml'),
      lines('services:', '  web:', '    image: ${HULLCHECK_TEST_DOTENV_IMG}', '    privileged: ${HULLCHECK_TEST_DOTENV_PRIV:-false}'),
    );
    const result = await scanFiles([dir], { cwd: dir, rules: [noPrivileged] });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => [f.ruleId, f.at.file, f.at.line, f.at.column, f.subject])).toEqual([
      ['no-privileged', 'compose.yaml', 4, 5, 'web'],
    ]);
  });

  it('without a .env the default applies', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'compose.yaml'), lines('services:', '  web:', '    image: x', '    privileged: ${HULLCHECK_TEST_DOTENV_NONE:-false}'));
    const result = await scanFiles([dir], { cwd: dir, rules: [noPrivileged] });
    expect(result).toMatchObject({ errors: [], findings: [] });
  });

  it('reports one located error for a malformed file and scans the others', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'compose.yaml'), lines('services:', '  good:', '    image: x', '    privileged: true'));
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'docker-compose.yml'), lines('services:', '  bad: [', '    image: x'));
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'compose.prod.yaml'), lines('services:', '  prod:', '    image: y', '    privileged: true'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'other', 'docker-compose.dangling.yml'));
    const result = await scanFiles([dir], { cwd: dir, rules: [noPrivileged] });
    expect(result.errors).toEqual([
      {
        file: 'broken/docker-compose.yml',
        line: 4,
        column: 1,
        message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
      { file: 'other/docker-compose.dangling.yml', message: 'no such file or directory' },
    ]);
    expect(result.inputs.map((i) => i.path)).toEqual(['broken/docker-compose.yml', 'compose.yaml', 'other/compose.prod.yaml']);
    expect(result.findings.map((f) => [f.at.file, f.at.line, f.subject])).toEqual([
      ['compose.yaml', 4, 'good'],
      ['other/compose.prod.yaml', 4, 'prod'],
    ]);
  });
});

describe('compose: where each container is defined', () => {
  it('places each service at its key', () => {
    const result = compose(lines('services:', '  a:', '    image: x', '', '  "b":', '    image: y'));
    expect(result.containers.map((c) => [c.name, c.at.line, c.at.column, c.origin])).toEqual([
      ['a', 2, 3, 'compose'],
      ['b', 5, 3, 'compose'],
    ]);
    expect(placed({ value: 'x', at: result.containers[0]?.image?.at ?? { file: '', line: 0, column: 0 } })).toEqual(['x', 3, 5]);
  });
});

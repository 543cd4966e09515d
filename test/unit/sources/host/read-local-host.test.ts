import { afterEach, describe, expect, it } from 'vitest';
import type { EngineInfo, HostFile, HostFileRole } from '../../../../src/facts/host.js';
import { readLocalHost } from '../../../../src/sources/host/read-local-host.js';
import { accountsFor, FakeRoot } from './fake-root.js';

const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;
const DOCKERD = 'process:dockerd[812]';
const argvAt = (i: number, pid = 812) => ({ file: `process:dockerd[${pid}]`, line: 0, column: 0, path: `argv.${i}` });

function engineInfo(dockerRootDir = '/var/lib/docker'): EngineInfo {
  return {
    name: 'box', dockerRootDir, securityOptions: [], liveRestore: false, experimental: false, loggingDriver: 'json-file',
    cgroupDriver: 'systemd', authorizationPlugins: [], insecureRegistries: [], containers: 0, images: 0,
  };
}

let fake: FakeRoot;
afterEach(async () => {
  await fake.remove();
});

/** A Debian-like machine: dockerd with flags, daemon.json, socket behind /var/run -> ../run, units, auditd. */
async function debianMachine(): Promise<FakeRoot> {
  const machine = new FakeRoot();
  const { passwd, group } = accountsFor(uid, gid);
  machine
    .write('/etc/passwd', passwd)
    .write('/etc/group', group)
    .dir('/run')
    .link('/var/run', '../run')
    .process(1, ['/sbin/init'], { comm: 'systemd', ppid: 0 })
    .process(77, ['/sbin/auditd'])
    .process(812, ['/usr/sbin/dockerd', '-H', 'unix:///var/run/docker.sock', '--icc=false', '--tlsverify', '--tlscacert=/etc/docker/tls/ca.pem'])
    .process(900, ['containerd', '--config', '/var/run/docker/containerd/containerd.toml'], { ppid: 812 })
    .write('/var/run/docker/containerd/containerd.toml', 'version = 2\n[grpc]\n  address = "/var/run/docker/containerd/containerd.sock"\n')
    .write('/etc/docker/daemon.json', '{\n  "icc": true,\n  "live-restore": true\n}\n', 0o644)
    .dir('/etc/docker', 0o755)
    .write('/etc/docker/certs.d/reg:5000/ca.crt', 'cert', 0o644)
    .write('/etc/docker/tls/ca.pem', 'ca', 0o444)
    .write('/lib/systemd/system/docker.service', '[Service]\nExecStart=/usr/sbin/dockerd -H fd://\n', 0o644)
    .write('/lib/systemd/system/docker.socket', '[Socket]\nListenStream=/run/docker.sock\n', 0o644)
    .dir('/var/lib/docker', 0o710)
    .write('/etc/audit/audit.rules', '# generated\n-w /usr/bin/dockerd -k docker\n')
    .write('/etc/audit/rules.d/docker.rules', '-a always,exit -F path=/usr/bin/containerd -F perm=x -k docker\n-w /etc/docker -k docker\n')
    .write('/proc/812/mountinfo', '22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 8:2 / /var/lib/docker rw - ext4 /dev/sda2 rw\n')
    .write('/proc/sys/kernel/osrelease', '6.1.0-18-amd64\n')
    .write(
      '/proc/version',
      'Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n',
    )
    .write('/sys/kernel/security/lsm', 'lockdown,capability,landlock,yama,apparmor\n')
    .write('/sys/module/apparmor/parameters/enabled', 'Y\n')
    .write('/proc/self/status', 'Name:\tcat\nSeccomp:\t0\nSeccomp_filters:\t0\n');
  await machine.socket('/run/docker.sock', 0o660);
  return machine;
}

function fileWith(files: HostFile[] | undefined, role: HostFileRole): HostFile | undefined {
  return files?.find((file) => file.role === role);
}

describe('readLocalHost on a fake machine', () => {
  it('reads the settings of the dockerd serving the socket: flags win over daemon.json', async () => {
    fake = await debianMachine();
    const reading = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(reading.errors).toEqual([]);
    expect(reading.hostSkipped).toBeUndefined();
    const settings = reading.daemon?.settings;
    expect(settings?.get('icc')).toEqual({
      value: false,
      at: argvAt(3),
      from: 'flag',
      overridden: { value: true, at: { file: '/etc/docker/daemon.json', line: 2, column: 3 } },
    });
    expect(settings?.get('live-restore')).toEqual({
      value: true,
      at: { file: '/etc/docker/daemon.json', line: 3, column: 3 },
      from: 'config',
    });
    expect(settings?.get('hosts')).toEqual({
      value: ['unix:///var/run/docker.sock'], at: argvAt(1), from: 'flag', itemAt: { 0: argvAt(1) },
    });
    expect(settings?.get('tlsverify')?.value).toBe(true);
    expect(reading.daemon?.configFile).toBe('/etc/docker/daemon.json');
    expect(reading.daemon?.process).toEqual({
      pid: 812,
      argv: ['/usr/sbin/dockerd', '-H', 'unix:///var/run/docker.sock', '--icc=false', '--tlsverify', '--tlscacert=/etc/docker/tls/ca.pem'],
      at: { file: DOCKERD, line: 0, column: 0, path: 'argv' },
    });
  });

  it('gives the socket its real path through /var/run -> /run, its owner, and its mode in octal', async () => {
    fake = await debianMachine();
    const { host } = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(fileWith(host?.files, 'docker.sock')).toEqual({
      role: 'docker.sock',
      path: '/var/run/docker.sock',
      realPath: '/run/docker.sock',
      type: 'socket',
      uid,
      gid,
      user: 'me',
      group: 'docker',
      mode: 0o660,
      at: { file: '/var/run/docker.sock', line: 0, column: 0 },
    });
  });

  it('reports a world-writable socket as mode 0o666, not 666', async () => {
    fake = await debianMachine();
    await fake.remove();
    fake = new FakeRoot();
    fake.process(812, ['dockerd']);
    await fake.socket('/run/docker.sock', 0o666);
    const { host } = await readLocalHost({ engine: 'unix:///run/docker.sock', info: engineInfo(), root: fake.root });
    const socket = fileWith(host?.files, 'docker.sock');
    expect(socket?.mode).toBe(0o666);
    expect(socket?.mode?.toString(8)).toBe('666');
    expect(socket?.realPath).toBeUndefined();
    expect(socket?.user).toBeUndefined();
  });

  it('lists the Docker files with roles, types and modes; absent ones are missing', async () => {
    fake = await debianMachine();
    const { host } = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    const summary = host?.files.map((f) => [f.role, f.path, f.type, f.mode?.toString(8)]);
    expect(summary).toEqual([
      ['docker.sock', '/var/run/docker.sock', 'socket', '660'],
      ['containerd.sock', '/var/run/docker/containerd/containerd.sock', 'missing', undefined],
      ['daemon.json', '/etc/docker/daemon.json', 'file', '644'],
      ['etc-docker', '/etc/docker', 'directory', '755'],
      ['certs.d', '/etc/docker/certs.d', 'directory', expect.any(String)],
      ['registry-cert', '/etc/docker/certs.d/reg:5000/ca.crt', 'file', '644'],
      ['tls-ca', '/etc/docker/tls/ca.pem', 'file', '444'],
      ['docker.service', '/lib/systemd/system/docker.service', 'file', '644'],
      ['docker.socket-unit', '/lib/systemd/system/docker.socket', 'file', '644'],
      ['etc-default-docker', '/etc/default/docker', 'missing', undefined],
      ['etc-sysconfig-docker', '/etc/sysconfig/docker', 'missing', undefined],
      ['data-root', '/var/lib/docker', 'directory', '710'],
    ]);
  });

  it('reads the docker group: members in /etc/group and by primary group', async () => {
    fake = await debianMachine();
    const { host } = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(host?.dockerGroup).toEqual({ value: ['bob', 'carol', 'me', 'alice'], at: { file: '/etc/group', line: 2, column: 1 } });
  });

  it('reads auditd and the paths its rules watch', async () => {
    fake = await debianMachine();
    const { host } = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(host?.audit).toEqual({
      running: true,
      watched: ['/usr/bin/dockerd', '/usr/bin/containerd', '/etc/docker'],
      rulesAt: { file: '/etc/audit/audit.rules', line: 0, column: 0 },
    });
  });

  it('finds the data root on its own mount, from dockerd\'s mount table', async () => {
    fake = await debianMachine();
    const { host } = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(host?.dataRootMount).toEqual({
      value: { separate: true, mountPoint: '/var/lib/docker' },
      at: { file: '/proc/812/mountinfo', line: 2, column: 1 },
    });
  });

  it('reads the kernel: Debian upstream version after the build number, not the compiler\'s', async () => {
    fake = await debianMachine();
    const { host } = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(host?.kernel).toEqual({
      release: { value: '6.1.0-18-amd64', at: { file: '/proc/sys/kernel/osrelease', line: 1, column: 1 } },
      version: { value: '6.1.76', at: { file: '/proc/version', line: 1, column: 167 } },
      lsm: ['lockdown', 'capability', 'landlock', 'yama', 'apparmor'],
      apparmor: true,
      selinux: false,
      seccomp: true,
    });
    expect(host?.packages).toEqual([]);
  });

  it('still reads flags and the host when daemon.json is malformed, and reports it with line and column', async () => {
    fake = await debianMachine();
    fake.write('/etc/docker/daemon.json', '{\n  "icc": true\n  "live-restore": true\n}\n');
    const reading = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(reading.errors).toEqual([
      { file: '/etc/docker/daemon.json', line: 3, column: 3, message: 'invalid JSON: expected "," or "}", found "\\""' },
    ]);
    expect(reading.daemon?.settings.get('icc')).toEqual({ value: false, at: argvAt(3), from: 'flag' });
    expect(reading.daemon?.settings.has('live-restore')).toBe(false);
    expect(reading.host?.kernel.release.value).toBe('6.1.0-18-amd64');
  });

  it('turns an unreadable daemon.json into an error entry, not a throw', async () => {
    fake = new FakeRoot().process(5, ['dockerd', '--config-file', '/etc/docker/conf']).dir('/etc/docker/conf');
    const reading = await readLocalHost({ engine: 'unix:///run/docker.sock', info: engineInfo(), root: fake.root });
    expect(reading.errors).toContainEqual({ file: '/etc/docker/conf', message: 'cannot read the daemon configuration: EISDIR' });
    expect(reading.daemon?.configFile).toBeUndefined();
    expect(reading.daemon?.settings.get('config-file')?.value).toBe('/etc/docker/conf');
    expect(fileWith(reading.host?.files, 'daemon.json')).toMatchObject({ path: '/etc/docker/conf', type: 'directory' });
  });
});

describe('which dockerd serves the engine', () => {
  function twoDaemons(): FakeRoot {
    return new FakeRoot()
      .process(100, ['/usr/bin/dockerd', '--data-root=/srv/a', '-H', 'unix:///run/a.sock', '--icc=false'])
      .process(200, ['/usr/bin/dockerd', '--data-root=/srv/b', '--host=unix:///run/b.sock', '--live-restore']);
  }

  it('picks the one listening on the audited socket', async () => {
    fake = twoDaemons();
    const reading = await readLocalHost({ engine: 'unix:///run/b.sock', info: engineInfo('/srv/a'), root: fake.root });
    expect(reading.daemon?.process?.pid).toBe(200);
  });

  it('picks by data root when no -H names the socket', async () => {
    fake = twoDaemons();
    const reading = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo('/srv/a'), root: fake.root });
    expect(reading.daemon?.process?.pid).toBe(100);
    expect(reading.daemon?.settings.get('icc')?.value).toBe(false);
  });

  it('skips the host when several run and none can be told apart', async () => {
    fake = twoDaemons();
    const reading = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo('/srv/c'), root: fake.root });
    expect(reading).toEqual({
      hostSkipped: '2 dockerd processes run and none can be told to serve unix:///var/run/docker.sock (by -H or by data root /srv/c)',
      errors: [],
    });
  });

  it('matches fd:// (socket activation) through docker.socket\'s ListenStream', async () => {
    fake = twoDaemons()
      .process(300, ['/usr/bin/dockerd', '-H', 'fd://'])
      .write('/usr/lib/systemd/system/docker.socket', '[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\n');
    const reading = await readLocalHost({ engine: 'unix:///run/docker.sock', info: engineInfo('/srv/c'), root: fake.root });
    expect(reading.daemon?.process?.pid).toBe(300);
  });

  it('matches a loopback TCP engine to a dockerd listening on all addresses', async () => {
    fake = twoDaemons().process(300, ['/usr/bin/dockerd', '-H', 'tcp://0.0.0.0:2375']);
    const reading = await readLocalHost({ engine: 'tcp://localhost:2375', info: engineInfo('/srv/c'), root: fake.root });
    expect(reading.daemon?.process?.pid).toBe(300);
  });

  it('takes the only dockerd, found by argv[0] when comm differs', async () => {
    fake = new FakeRoot().process(42, ['/usr/local/bin/dockerd'], { comm: 'dockerd-wrapped' }).process(43, ['/bin/sleep']);
    const reading = await readLocalHost({ engine: 'unix:///run/docker.sock', info: engineInfo(), root: fake.root });
    expect(reading.daemon?.process?.pid).toBe(42);
  });

  it('skips the host when no dockerd is visible', async () => {
    fake = new FakeRoot().process(1, ['/sbin/init']);
    const reading = await readLocalHost({ engine: 'unix:///var/run/docker.sock', info: engineInfo(), root: fake.root });
    expect(reading.host).toBeUndefined();
    expect(reading.daemon).toBeUndefined();
    expect(reading.hostSkipped).toMatch(/^no dockerd process is visible in \/proc/);
  });

  it('skips the host of a remote engine without reading anything', async () => {
    fake = await debianMachine();
    const reading = await readLocalHost({ engine: 'tcp://10.0.0.5:2376', info: engineInfo(), root: fake.root });
    expect(reading).toEqual({
      hostSkipped:
        'the engine at tcp://10.0.0.5:2376 runs on 10.0.0.5, not on this machine: its daemon files, processes and kernel were not checked',
      errors: [],
    });
  });
});

describe('containerd socket', () => {
  const containerdPath = async (root: FakeRoot) =>
    fileWith((await readLocalHost({ engine: 'unix:///run/docker.sock', info: engineInfo(), root: root.root })).host?.files, 'containerd.sock')?.path;

  it('takes dockerd\'s --containerd first', async () => {
    fake = new FakeRoot().process(5, ['dockerd', '--containerd=/run/k3s/containerd.sock']).process(6, ['containerd', '-a', '/x.sock']);
    expect(await containerdPath(fake)).toBe('/run/k3s/containerd.sock');
  });

  it('else the only containerd process\'s --address', async () => {
    fake = new FakeRoot().process(5, ['dockerd']).process(6, ['/usr/bin/containerd', '--address=/srv/cd.sock']);
    expect(await containerdPath(fake)).toBe('/srv/cd.sock');
  });

  it('else containerd\'s default address when a socket is there, else the one under dockerd\'s exec root', async () => {
    fake = new FakeRoot().process(5, ['dockerd', '--exec-root=/run/dk']);
    expect(await containerdPath(fake)).toBe('/run/dk/containerd/containerd.sock');
    await fake.socket('/run/containerd/containerd.sock', 0o660);
    expect(await containerdPath(fake)).toBe('/run/containerd/containerd.sock');
  });
});

describe('kernel versions of other distributions', () => {
  const kernel = async (root: FakeRoot) =>
    (await readLocalHost({ engine: 'unix:///run/docker.sock', info: engineInfo(), root: root.root })).host?.kernel;

  it('reads Ubuntu\'s upstream version from /proc/version_signature', async () => {
    fake = new FakeRoot()
      .process(5, ['dockerd'])
      .write('/proc/sys/kernel/osrelease', '5.15.0-91-generic\n')
      .write('/proc/version', 'Linux version 5.15.0-91-generic (buildd@lcy02) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0) #101-Ubuntu SMP\n')
      .write('/proc/version_signature', 'Ubuntu 5.15.0-91.101-generic 5.15.131\n')
      .write('/sys/fs/selinux/enforce', '1');
    const facts = await kernel(fake);
    expect(facts?.version).toEqual({ value: '5.15.131', at: { file: '/proc/version_signature', line: 1, column: 30 } });
    expect(facts?.selinux).toBe(true);
    expect(facts?.apparmor).toBe(false);
    expect(facts?.seccomp).toBe(false);
    expect(facts?.lsm).toEqual([]);
  });

  it('else takes the leading x.y.z of the release', async () => {
    fake = new FakeRoot().process(5, ['dockerd']).write('/proc/sys/kernel/osrelease', '6.8.12-4-pve\n').write('/proc/version', 'Linux version 6.8.12-4-pve #1 SMP\n');
    expect((await kernel(fake))?.version).toEqual({ value: '6.8.12', at: { file: '/proc/sys/kernel/osrelease', line: 1, column: 1 } });
  });
});

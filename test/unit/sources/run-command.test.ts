import { describe, expect, it } from 'vitest';
import type { ContainerFacts } from '../../../src/facts/container.js';
import type { InputError } from '../../../src/facts/finding.js';
import { parseInput } from '../../../src/scan/parse-input.js';
import { parseRunCommand } from '../../../src/sources/run-command/parse-run.js';
import { maybePlaced, placedAll, placedNamespaces } from './helpers.js';

const FILE = 'command-line';
function run(text: string): ContainerFacts {
  const result = parseRunCommand(text, FILE);
  expect(result.errors).toEqual([]);
  if (!result.container) throw new Error('no container');
  return result.container;
}

function errorsOf(text: string): InputError[] {
  const result = parseRunCommand(text, FILE);
  expect(result.container).toBeUndefined();
  return result.errors;
}

/** 1-based column of the `nth` (0-based) occurrence of `token` in a one-line command. */
function col(text: string, token: string, nth = 0): number {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(token, index + 1);
    if (index < 0) throw new Error(`${token} not in ${text}`);
  }
  return index + 1;
}

describe('docker run: capabilities', () => {
  it('reads --cap-add=X and --cap-add X, normalising the name, at the flag', () => {
    const text = 'docker run --cap-add=cap_sys_admin --cap-add CAP_NET_ADMIN --cap-add sys_ptrace --cap-drop ALL nginx';
    const facts = run(text);
    expect(placedAll(facts.capAdd)).toEqual([
      ['SYS_ADMIN', 1, 12],
      ['NET_ADMIN', 1, 36],
      ['SYS_PTRACE', 1, 60],
    ]);
    expect(placedAll(facts.capDrop)).toEqual([['ALL', 1, col(text, '--cap-drop')]]);
    expect(facts.request.HostConfig?.CapAdd).toEqual(['cap_sys_admin', 'CAP_NET_ADMIN', 'sys_ptrace']);
  });
});

describe('docker run: short flags', () => {
  it('reads combined short flags -itd and -dp 8080:80', () => {
    const text = 'docker run -itd -dp 8080:80 nginx';
    const facts = run(text);
    expect(placedAll(facts.ports)).toEqual([[{ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '8080' }, 1, 17]]);
    expect(maybePlaced(facts.image)).toEqual(['nginx', 1, 29]);
  });

  it('reads a value attached to a short flag: -p8080:80, -eFOO=bar, -e=FOO=bar', () => {
    const text = 'docker run -p8080:80 -eFOO=bar -e=BAZ=qux -e PLAIN=1 -e PASSED nginx';
    const facts = run(text);
    expect(placedAll(facts.ports)).toEqual([[{ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '8080' }, 1, 12]]);
    expect(placedAll(facts.env)).toEqual([
      [{ name: 'FOO', value: 'bar' }, 1, col(text, '-eFOO')],
      [{ name: 'BAZ', value: 'qux' }, 1, col(text, '-e=BAZ')],
      [{ name: 'PLAIN', value: '1' }, 1, col(text, '-e PLAIN')],
      [{ name: 'PASSED' }, 1, col(text, '-e PASSED')],
    ]);
  });

  it('reads a boolean short flag written with =value, as pflag does', () => {
    // bug fixed: `-d=false` was an unknown flag `-=`
    const facts = run('docker run -d=false -P=true -itP=0 nginx');
    expect(maybePlaced(facts.publishAll)).toEqual([false, 1, 29]);
  });
});

describe('docker run: mounts', () => {
  it('reads -v, --volume and --mount at each flag', () => {
    const text =
      'docker run -v /srv:/data --volume /etc:/host-etc:ro -v named:/n -v /anon ' +
      '--mount type=bind,source=/a,target=/b,readonly --mount type=volume,src=v,dst=/v nginx';
    const facts = run(text);
    expect(placedAll(facts.mounts)).toEqual([
      [{ type: 'bind', source: '/srv', target: '/data', readOnly: false }, 1, col(text, '-v /srv')],
      [{ type: 'bind', source: '/etc', target: '/host-etc', readOnly: true }, 1, col(text, '--volume')],
      [{ type: 'volume', source: 'named', target: '/n', readOnly: false }, 1, col(text, '-v named')],
      [{ type: 'volume', source: '', target: '/anon', readOnly: false }, 1, col(text, '-v /anon')],
      [{ type: 'bind', source: '/a', target: '/b', readOnly: true }, 1, col(text, '--mount')],
      [{ type: 'volume', source: 'v', target: '/v', readOnly: false }, 1, col(text, '--mount', 1)],
    ]);
  });

  it('reads --mount readonly=false and ro=true', () => {
    const facts = run('docker run --mount "type=bind,source=/a,target=/b,readonly=false" --mount type=bind,src=/c,dst=/d,ro=true x');
    expect(facts.mounts.map((m) => m.value.readOnly)).toEqual([false, true]);
  });

  it('reads --use-api-socket as a bind of the Docker socket', () => {
    const facts = run('docker run --use-api-socket alpine');
    expect(placedAll(facts.mounts)).toEqual([
      [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false }, 1, 12],
    ]);
  });

  it('reads --volumes-from, --device and --device-cgroup-rule', () => {
    const text = 'docker run --volumes-from other --device /dev/sda:/dev/xvda:r --device /dev/fuse --device-cgroup-rule "c 1:3 mr" x';
    const facts = run(text);
    expect(placedAll(facts.volumesFrom)).toEqual([['other', 1, 12]]);
    expect(placedAll(facts.devices)).toEqual([
      [{ pathOnHost: '/dev/sda', pathInContainer: '/dev/xvda', permissions: 'r' }, 1, col(text, '--device /dev/sda')],
      [{ pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', permissions: 'rwm' }, 1, col(text, '--device /dev/fuse')],
    ]);
    expect(placedAll(facts.deviceCgroupRules)).toEqual([['c 1:3 mr', 1, col(text, '--device-cgroup-rule')]]);
  });
});

describe('docker run: ports', () => {
  it('reads -P and -p in every spelling', () => {
    const text = 'docker run -P -p 80 -p 127.0.0.1:8080:80 -p [::1]:8443:443/tcp -p 9000-9001:9000-9001/udp --publish=53:53/udp x';
    const facts = run(text);
    expect(maybePlaced(facts.publishAll)).toEqual([true, 1, 12]);
    expect(placedAll(facts.ports)).toEqual([
      [{ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '' }, 1, col(text, '-p 80')],
      [{ containerPort: '80', protocol: 'tcp', hostIp: '127.0.0.1', hostPort: '8080' }, 1, col(text, '-p 127')],
      [{ containerPort: '443', protocol: 'tcp', hostIp: '::1', hostPort: '8443' }, 1, col(text, '-p [')],
      [{ containerPort: '9000-9001', protocol: 'udp', hostIp: '', hostPort: '9000-9001' }, 1, col(text, '-p 9000')],
      [{ containerPort: '53', protocol: 'udp', hostIp: '', hostPort: '53' }, 1, col(text, '--publish')],
    ]);
  });

  it('reports a bad port at the flag', () => {
    expect(errorsOf('docker run -p 99999:80 nginx')).toEqual([
      { file: FILE, line: 1, column: 12, message: 'cannot read port "99999:80"' },
    ]);
    expect(errorsOf('docker run --publish 80/icmp nginx')).toEqual([
      { file: FILE, line: 1, column: 12, message: 'cannot read port "80/icmp"' },
    ]);
  });
});

describe('docker run: namespaces and security options', () => {
  it('reads --net host, --pid=host, --ipc, --uts, --userns, --cgroupns', () => {
    const text = 'docker run --net host --pid=host --ipc host --uts=host --userns host --cgroupns host x';
    expect(placedNamespaces(run(text))).toEqual({
      network: ['host', 1, 12],
      pid: ['host', 1, col(text, '--pid')],
      ipc: ['host', 1, col(text, '--ipc')],
      uts: ['host', 1, col(text, '--uts')],
      userns: ['host', 1, col(text, '--userns')],
      cgroup: ['host', 1, col(text, '--cgroupns')],
    });
  });

  it('reads --network=host and --network container:x', () => {
    expect(placedNamespaces(run('docker run --network=host x'))).toEqual({ network: ['host', 1, 12] });
    expect(placedNamespaces(run('docker run --network container:db x'))).toEqual({ network: ['container:db', 1, 12] });
  });

  it('reads every --security-opt spelling', () => {
    const text =
      'docker run --security-opt seccomp=unconfined --security-opt apparmor=unconfined ' +
      '--security-opt label=disable --security-opt no-new-privileges --security-opt=no-new-privileges:true x';
    expect(placedAll(run(text).securityOpts)).toEqual([
      [{ key: 'seccomp', value: 'unconfined', raw: 'seccomp=unconfined' }, 1, col(text, '--security-opt')],
      [{ key: 'apparmor', value: 'unconfined', raw: 'apparmor=unconfined' }, 1, col(text, '--security-opt', 1)],
      [{ key: 'label', value: 'disable', raw: 'label=disable' }, 1, col(text, '--security-opt', 2)],
      [{ key: 'no-new-privileges', value: 'true', raw: 'no-new-privileges' }, 1, col(text, '--security-opt', 3)],
      [{ key: 'no-new-privileges', value: 'true', raw: 'no-new-privileges:true' }, 1, col(text, '--security-opt', 4)],
    ]);
  });

  it('reads --privileged, --privileged=false and Go boolean spellings', () => {
    expect(maybePlaced(run('docker run --privileged x').privileged)).toEqual([true, 1, 12]);
    expect(maybePlaced(run('docker run --privileged=false x').privileged)).toEqual([false, 1, 12]);
    // bug fixed: any value but "false" meant true, so `--privileged=0` read as privileged
    expect(maybePlaced(run('docker run --privileged=0 x').privileged)).toEqual([false, 1, 12]);
    expect(maybePlaced(run('docker run --privileged=T x').privileged)).toEqual([true, 1, 12]);
    expect(maybePlaced(run('docker run --read-only=FALSE x').readOnlyRootfs)).toEqual([false, 1, 12]);
  });

  it('reports a boolean flag with a value that is not a boolean', () => {
    expect(errorsOf('docker run --privileged=maybe nginx')).toEqual([
      { file: FILE, line: 1, column: 12, message: 'flag --privileged takes true or false, not "maybe"' },
    ]);
  });
});

describe('docker run: user and resources', () => {
  it('reads --user and -u, the last one winning', () => {
    expect(maybePlaced(run('docker run --user 1000:1000 x').user)).toEqual(['1000:1000', 1, 12]);
    expect(maybePlaced(run('docker run --user 1000 -u 0 x').user)).toEqual(['0', 1, 24]);
  });

  it('reads --memory 512m, -m 1g, --cpus 1.5, --pids-limit 100, --read-only', () => {
    const facts = run('docker run --memory 512m --cpus 1.5 --pids-limit 100 --read-only x');
    expect(maybePlaced(facts.memory)).toEqual([512 * 1024 ** 2, 1, 12]);
    expect(maybePlaced(facts.cpus)).toEqual([1.5, 1, 26]);
    expect(maybePlaced(facts.pidsLimit)).toEqual([100, 1, 37]);
    expect(maybePlaced(facts.readOnlyRootfs)).toEqual([true, 1, 54]);
    expect(maybePlaced(run('docker run -m 1g x').memory)).toEqual([1024 ** 3, 1, 12]);
    expect(maybePlaced(run('docker run --memory=2GB x').memory)).toEqual([2 * 1024 ** 3, 1, 12]);
    expect(maybePlaced(run('docker run --pids-limit -1 x').pidsLimit)).toEqual([-1, 1, 12]);
  });

  it('reports unreadable sizes and numbers at the flag', () => {
    expect(errorsOf('docker run -m lots x')).toEqual([{ file: FILE, line: 1, column: 12, message: 'cannot read "lots" as a number or size' }]);
    // bug fixed: an empty value read as 0, which means unlimited
    expect(errorsOf('docker run --cpus "" x')).toEqual([{ file: FILE, line: 1, column: 12, message: 'cannot read "" as a number or size' }]);
    expect(errorsOf('docker run --pids-limit "" x')).toEqual([{ file: FILE, line: 1, column: 12, message: 'cannot read "" as a number or size' }]);
    expect(errorsOf('docker run --cpus 0x10 x')).toEqual([{ file: FILE, line: 1, column: 12, message: 'cannot read "0x10" as a number or size' }]);
  });
});

describe('docker run: sysctls, ulimits, restart, health, env files', () => {
  it('reads --sysctl, --ulimit and --restart', () => {
    const text = 'docker run --sysctl net.core.somaxconn=1024 --ulimit nofile=1024:2048 --ulimit nproc=512 --restart on-failure:5 x';
    const facts = run(text);
    expect(placedAll(facts.sysctls)).toEqual([[{ name: 'net.core.somaxconn', value: '1024' }, 1, 12]]);
    expect(facts.request.HostConfig?.Ulimits).toEqual([
      { Name: 'nofile', Soft: 1024, Hard: 2048 },
      { Name: 'nproc', Soft: 512, Hard: 512 },
    ]);
    expect(maybePlaced(facts.restart)).toEqual([{ name: 'on-failure', maximumRetryCount: 5 }, 1, col(text, '--restart')]);
  });

  it('reads --health-cmd and --no-healthcheck', () => {
    const text = 'docker run --health-cmd "curl -f http://localhost || exit 1" x';
    const facts = run(text);
    expect(facts.request.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'curl -f http://localhost || exit 1'] });
    expect(maybePlaced(facts.healthcheck)).toEqual([{ disabled: false }, 1, 12]);
    expect(maybePlaced(run('docker run --no-healthcheck x').healthcheck)).toEqual([{ disabled: true }, 1, 12]);
  });

  it('accepts --env-file without reading the file', () => {
    const facts = run('docker run --env-file ./app.env --env-file=.env nginx');
    expect(facts.env).toEqual([]);
    expect(facts.image?.value).toBe('nginx');
  });

  it('takes the container name from --name', () => {
    expect(run('docker run --name web nginx').name).toBe('web');
    expect(run('docker run nginx').name).toBe('docker run');
  });
});

describe('docker run: command forms', () => {
  it.each([
    ['docker create --privileged nginx', 15],
    ['docker container run --privileged nginx', 22],
    ['docker container create --privileged nginx', 25],
    ['sudo docker run --privileged nginx', 17],
    ['sudo -E -u root docker run --privileged nginx', 28],
    ['docker -H tcp://10.0.0.1:2375 run --privileged nginx', 35],
    ['docker --host=unix:///run/docker.sock --log-level debug run --privileged nginx', 61],
    ['time nice -n 5 docker run --privileged nginx', 27],
    ['DOCKER_HOST=tcp://x:2375 docker run --privileged nginx', 37],
    ['podman run --privileged nginx', 12],
    ['/usr/bin/docker run --privileged nginx', 21],
    ['docker pull nginx && docker run --privileged nginx', 33],
  ])('%s', (text, column) => {
    const facts = run(text);
    expect(maybePlaced(facts.privileged)).toEqual([true, 1, column]);
    expect(facts.image?.value).toBe('nginx');
    expect(facts.origin).toBe('run');
  });

  it('takes the word after `--` as the image', () => {
    const facts = run('docker run --rm -- nginx --privileged');
    expect(maybePlaced(facts.image)).toEqual(['nginx', 1, 20]);
    expect(facts.privileged).toBeUndefined();
    expect(facts.request.Cmd).toEqual(['--privileged']);
  });

  it('gives flags after the image to the command', () => {
    const facts = run('docker run nginx --privileged -v /:/host nginx -g "daemon off;"');
    expect(facts.privileged).toBeUndefined();
    expect(facts.mounts).toEqual([]);
    expect(facts.request.Cmd).toEqual(['--privileged', '-v', '/:/host', 'nginx', '-g', 'daemon off;']);
  });

  it('places flags on the right lines of a command with \\ continuations', () => {
    const text = ['docker run \\', '  --privileged \\', '    -v "/my dir:/data" \\', '  --cap-add=NET_ADMIN \\', '  nginx:1.27 \\', '  sh -c "echo hi"'].join('\n');
    const facts = run(text);
    expect(maybePlaced(facts.privileged)).toEqual([true, 2, 3]);
    expect(placedAll(facts.mounts)).toEqual([[{ type: 'bind', source: '/my dir', target: '/data', readOnly: false }, 3, 5]]);
    expect(placedAll(facts.capAdd)).toEqual([['NET_ADMIN', 4, 3]]);
    expect(maybePlaced(facts.image)).toEqual(['nginx:1.27', 5, 3]);
    expect(facts.request.Cmd).toEqual(['sh', '-c', 'echo hi']);
    expect(facts.at).toMatchObject({ line: 1, column: 1 });
  });

  it('unquotes values with spaces in single and double quotes', () => {
    const facts = run(`docker run -e "GREETING=hello world" -e 'QUOTE=it''s' --label "a b=c" -v '/a b:/c d:ro' x`);
    expect(facts.env.map((e) => e.value)).toEqual([
      { name: 'GREETING', value: 'hello world' },
      { name: 'QUOTE', value: 'its' },
    ]);
    expect(facts.mounts.map((m) => m.value)).toEqual([{ type: 'bind', source: '/a b', target: '/c d', readOnly: true }]);
  });

  it('keeps a $VAR in a value as written', () => {
    const facts = run('docker run -v "$PWD":/app -e TOKEN=$TOKEN x');
    expect(facts.mounts.map((m) => m.value)).toEqual([{ type: 'bind', source: '$PWD', target: '/app', readOnly: false }]);
    expect(facts.env.map((e) => e.value)).toEqual([{ name: 'TOKEN', value: '$TOKEN' }]);
  });
});

describe('docker run: exact columns of flag tokens', () => {
  it('places each flag at its first character, not at its value', () => {
    const text = 'docker run  -it   --privileged=true\t--cap-add  SYS_ADMIN -v/:/host  nginx';
    const facts = run(text);
    expect(maybePlaced(facts.privileged)).toEqual([true, 1, 19]);
    expect(placedAll(facts.capAdd)).toEqual([['SYS_ADMIN', 1, 37]]);
    expect(placedAll(facts.mounts)).toEqual([[{ type: 'bind', source: '/', target: '/host', readOnly: false }, 1, 58]]);
    expect(maybePlaced(facts.image)).toEqual(['nginx', 1, 69]);
  });
});

describe('docker run: errors', () => {
  it('reports an unknown flag at the flag', () => {
    expect(errorsOf('docker run --bogus nginx')).toEqual([{ file: FILE, line: 1, column: 12, message: 'unknown flag --bogus' }]);
    expect(errorsOf('docker run -itZ nginx')).toEqual([{ file: FILE, line: 1, column: 12, message: 'unknown flag -Z' }]);
    expect(errorsOf('docker run \\\n  --rm \\\n  --frobnicate=1 nginx')).toEqual([
      { file: FILE, line: 3, column: 3, message: 'unknown flag --frobnicate' },
    ]);
  });

  it('reports a flag missing its value once, at the flag', () => {
    // bug fixed: "the command names no image" was reported as well
    expect(errorsOf('docker run --cap-add')).toEqual([{ file: FILE, line: 1, column: 12, message: 'flag --cap-add needs a value' }]);
    expect(errorsOf('docker run -it -e')).toEqual([{ file: FILE, line: 1, column: 16, message: 'flag -e needs a value' }]);
  });

  it('reports a command without an image', () => {
    expect(errorsOf('docker run')).toEqual([{ file: FILE, line: 1, column: 1, message: 'the command names no image' }]);
    expect(errorsOf('docker run -it --rm')).toEqual([{ file: FILE, line: 1, column: 1, message: 'the command names no image' }]);
    expect(errorsOf('docker run --rm --')).toEqual([{ file: FILE, line: 1, column: 1, message: 'the command names no image' }]);
  });

  it.each(['', 'ls -la', 'docker ps -a', 'docker build -t x .', 'docker image ls', '((('])(
    'reports text that is not docker run/create: %j',
    (text) => {
      expect(errorsOf(text)).toEqual([{ file: FILE, line: 1, column: 1, message: 'no `docker run` or `docker create` command found' }]);
    },
  );

  it('reports the --mount without a target at the flag', () => {
    expect(errorsOf('docker run --mount type=bind,source=/a nginx')).toEqual([
      { file: FILE, line: 1, column: 12, message: '--mount "type=bind,source=/a" has no target' },
    ]);
  });

  it('goes through parseInput without throwing', async () => {
    const parsed = await parseInput('docker run --bogus x', 'run', FILE);
    expect(parsed).toEqual({ facts: [], errors: [{ file: FILE, line: 1, column: 12, message: 'unknown flag --bogus' }], spans: [] });
  });
});

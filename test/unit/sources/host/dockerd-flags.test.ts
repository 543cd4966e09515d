import { describe, expect, it } from 'vitest';
import type { DaemonSetting } from '../../../../src/facts/host.js';
import { parseDockerdFlags } from '../../../../src/sources/host/dockerd-flags.js';

const FILE = 'process:dockerd[812]';
const at = (i: number) => ({ file: FILE, line: 0, column: 0, path: `argv.${i}` });

function values(argv: string[]): Record<string, unknown> {
  return Object.fromEntries([...parseDockerdFlags(argv, FILE)].map(([option, setting]) => [option, setting.value]));
}

function setting(argv: string[], option: string): DaemonSetting | undefined {
  return parseDockerdFlags(argv, FILE).get(option);
}

describe('dockerd flags', () => {
  it('reads boolean flags bare as true and with =value as that value', () => {
    expect(values(['dockerd', '--icc=false', '--live-restore', '--userland-proxy=false', '--no-new-privileges'])).toEqual({
      icc: false,
      'live-restore': true,
      'userland-proxy': false,
      'no-new-privileges': true,
    });
    expect(values(['dockerd', '--tlsverify=1', '--experimental=F', '--selinux-enabled=True', '--raw-logs'])).toEqual({
      tlsverify: true,
      experimental: false,
      'selinux-enabled': true,
      'raw-logs': true,
    });
  });

  it('does not take the next word as a boolean flag value: `--icc false` is --icc and a stray word', () => {
    expect(values(['dockerd', '--icc', 'false', '--iptables=false'])).toEqual({ icc: true, iptables: false });
  });

  it('leaves out a boolean flag with a value Go cannot parse, as dockerd would refuse it', () => {
    expect(values(['dockerd', '--icc=nope'])).toEqual({});
  });

  it('reads value flags as --name=value, --name value, -X value, -Xvalue and -X=value', () => {
    expect(
      values([
        'dockerd', '--log-level=warn', '--userns-remap', 'default', '-s', 'overlay2', '-Gdocker', '-b=br0',
        '--seccomp-profile', '/etc/docker/seccomp.json', '--cgroup-parent=/docker', '--data-root', '/srv/docker',
        '--exec-root=/run/dk', '--containerd', '/run/containerd/containerd.sock', '--ip=127.0.0.1', '--log-driver', 'journald',
        '--storage-driver=btrfs', '--tlscacert=/etc/docker/ca.pem', '--tlscert', '/etc/docker/cert.pem',
        '--tlskey=/etc/docker/key.pem', '--config-file=/opt/daemon.json', '--bridge=docker1',
      ]),
    ).toEqual({
      'log-level': 'warn',
      'userns-remap': 'default',
      'storage-driver': 'btrfs',
      group: 'docker',
      bridge: 'docker1',
      'seccomp-profile': '/etc/docker/seccomp.json',
      'cgroup-parent': '/docker',
      'data-root': '/srv/docker',
      'exec-root': '/run/dk',
      containerd: '/run/containerd/containerd.sock',
      ip: '127.0.0.1',
      'log-driver': 'journald',
      tlscacert: '/etc/docker/ca.pem',
      tlscert: '/etc/docker/cert.pem',
      tlskey: '/etc/docker/key.pem',
      'config-file': '/opt/daemon.json',
    });
  });

  it('gathers repeated -H/--host into hosts, pointing at each flag', () => {
    const hosts = setting(['dockerd', '-H', 'unix:///run/docker.sock', '--host=tcp://0.0.0.0:2375', '-Hfd://'], 'hosts');
    expect(hosts).toEqual({
      value: ['unix:///run/docker.sock', 'tcp://0.0.0.0:2375', 'fd://'],
      at: at(1),
      from: 'flag',
      itemAt: { 0: at(1), 1: at(3), 2: at(4) },
    });
  });

  it('gathers insecure registries and authorization plugins', () => {
    expect(
      values(['dockerd', '--insecure-registry', '10.0.0.0/8', '--insecure-registry=reg:5000', '--authorization-plugin=opa']),
    ).toEqual({ 'insecure-registries': ['10.0.0.0/8', 'reg:5000'], 'authorization-plugins': ['opa'] });
  });

  it('reads --default-ulimit in the shape daemon.json uses, and --log-opt as a map', () => {
    expect(
      values(['dockerd', '--default-ulimit', 'nofile=1024:2048', '--default-ulimit=nproc=512', '--log-opt', 'max-size=10m', '--log-opt=max-file=3']),
    ).toEqual({
      'default-ulimits': { nofile: { Name: 'nofile', Soft: 1024, Hard: 2048 }, nproc: { Name: 'nproc', Soft: 512, Hard: 512 } },
      'log-opts': { 'max-size': '10m', 'max-file': '3' },
    });
    expect(setting(['dockerd', '--log-opt', 'a=1', '--log-opt', 'b=2'], 'log-opts')?.itemAt).toEqual({ a: at(1), b: at(3) });
  });

  it('reads -D and --debug, and grouped short flags -DH', () => {
    expect(values(['dockerd', '-D'])).toEqual({ debug: true });
    expect(values(['dockerd', '--debug=false'])).toEqual({ debug: false });
    expect(values(['dockerd', '-DH', 'unix:///x.sock', '-l', 'debug'])).toEqual({ debug: true, hosts: ['unix:///x.sock'], 'log-level': 'debug' });
    expect(values(['dockerd', '-D=false'])).toEqual({ debug: false });
  });

  it('reads --tls, --ip-forward, --iptables and --experimental, the last value of a repeated flag winning', () => {
    const flags = parseDockerdFlags(['dockerd', '--tls', '--ip-forward=false', '--iptables', '--experimental', '--log-level=info', '--log-level=error'], FILE);
    expect(flags.get('tls')?.value).toBe(true);
    expect(flags.get('ip-forward')?.value).toBe(false);
    expect(flags.get('iptables')?.value).toBe(true);
    expect(flags.get('experimental')?.value).toBe(true);
    expect(flags.get('log-level')).toEqual({ value: 'error', at: at(6), from: 'flag' });
  });

  it('reads numbers as numbers and the deprecated --graph/-g as data-root', () => {
    expect(values(['dockerd', '--mtu=1400', '-g', '/old'])).toEqual({ mtu: 1400, 'data-root': '/old' });
  });

  it('skips unknown flags and stray words, and stops at --', () => {
    expect(values(['dockerd', '--frobnicate=1', 'stray', '-Z', '--icc=false', '--', '--live-restore'])).toEqual({ icc: false });
  });

  it('ignores a value flag with no value at the end', () => {
    expect(values(['dockerd', '--icc=false', '-H'])).toEqual({ icc: false });
  });
});

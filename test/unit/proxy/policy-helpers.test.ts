import { describe, expect, it } from 'vitest';
import { checkedView, judgeBuild, serviceToCreateRequest } from '../../../src/proxy/policy-bodies.js';
import { parsePolicyConfig } from '../../../src/proxy/policy-config.js';
import { hostPathsOfVolumeOptions, imageAllowed, matchesPattern } from '../../../src/proxy/policy-containers.js';

describe('matchesPattern', () => {
  it.each([
    ['registry.example.com/team/app:1', 'registry.example.com/*', true],
    ['registry.example.com.evil.net/app:1', 'registry.example.com/*', false],
    ['ci-cache-1', 'ci-cache-*', true],
    ['ci-cache', 'ci-cache-*', false],
    ['a.b', 'a?b', false],
    ['a(b)', 'a(b)', true],
    ['line\nbreak', '*', true],
  ])('%j ~ %j is %s', (value, pattern, expected) => {
    expect(matchesPattern(value, pattern)).toBe(expected);
  });
});

describe('imageAllowed', () => {
  it.each([
    ['nginx:1.27', ['docker.io/library/*'], true],
    ['nginx', ['docker.io/library/nginx'], true],
    ['docker.io/library/nginx:1.27', ['nginx:*'], false],
    ['registry.example.com:5000/app@sha256:' + 'a'.repeat(64), ['registry.example.com:5000/*'], true],
    ['sha256:' + 'b'.repeat(64), ['docker.io/*'], false],
    ['bbbbbbbbbbbb', ['docker.io/*'], false],
    ['sha256:' + 'b'.repeat(64), ['*'], true],
    ['not a reference', ['docker.io/*'], false],
  ])('%s with %j is %s', (image, patterns, expected) => {
    expect(imageAllowed(image, patterns)).toBe(expected);
  });
});

describe('hostPathsOfVolumeOptions', () => {
  it.each([
    [{ type: 'none', o: 'bind', device: '/etc' }, ['/etc']],
    [{ type: 'none', o: 'rbind,ro', device: 'relative/dir' }, ['relative/dir']],
    [{ type: 'ext4', device: '/dev/sda1' }, ['/dev/sda1']],
    [{ type: 'overlay', device: 'overlay', o: 'lowerdir=/etc:/usr,upperdir=/tmp/u,workdir=/tmp/w' }, ['/etc', '/usr', '/tmp/u', '/tmp/w']],
    [{ type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/exports/data' }, []],
    [{ type: 'tmpfs', device: 'tmpfs', o: 'size=100m,uid=1000' }, []],
    [{}, []],
  ])('%j -> %j', (options, paths) => {
    expect(hostPathsOfVolumeOptions(options)).toEqual(paths);
  });
});

describe('checkedView', () => {
  it('judges a local volume that binds a host path as the bind mount it is', () => {
    const view = checkedView({ HostConfig: { Mounts: [{ Type: 'volume', Target: '/h', VolumeOptions: { DriverConfig: { Name: 'local', Options: { o: 'bind', device: '/' } } } } as never] } });
    expect(view.HostConfig?.Mounts?.[0]).toMatchObject({ Type: 'bind', Source: '/', Target: '/h' });
  });

  it('leaves other volumes alone', () => {
    const request = { HostConfig: { Mounts: [{ Type: 'volume' as const, Source: 'data', Target: '/d' }] } };
    expect(checkedView(request)).toEqual(request);
  });
});

describe('serviceToCreateRequest', () => {
  it('maps a service container spec onto the create model, paths back onto the spec', () => {
    const { request, pathOf } = serviceToCreateRequest({
      Name: 's',
      TaskTemplate: {
        ContainerSpec: { Image: 'a:1', User: '0', CapabilityAdd: ['NET_ADMIN'], ReadOnly: true, Privileges: { NoNewPrivileges: true, AppArmor: { Mode: 'disabled' } } },
        Resources: { Limits: { MemoryBytes: 1024, Pids: 10 } },
        Networks: [{ Target: 'host' }],
      },
    });
    expect(request).toEqual({
      Image: 'a:1',
      User: '0',
      HostConfig: { CapAdd: ['NET_ADMIN'], ReadonlyRootfs: true, SecurityOpt: ['apparmor=unconfined', 'no-new-privileges'], Memory: 1024, PidsLimit: 10, NetworkMode: 'host' },
    });
    expect(pathOf('HostConfig.CapAdd.0')).toBe('TaskTemplate.ContainerSpec.CapabilityAdd.0');
    expect(pathOf('HostConfig.Memory')).toBe('TaskTemplate.Resources.Limits.MemoryBytes');
    expect(pathOf('HostConfig.NetworkMode')).toBe('TaskTemplate.Networks');
    expect(pathOf('User')).toBe('TaskTemplate.ContainerSpec.User');
  });
});

describe('judgeBuild', () => {
  const config = parsePolicyConfig('allow: [images:build]\nbuild: { remote-contexts: [https://git.example.com/*] }\n', 'p');
  it.each([
    ['t=x', []],
    ['remote=https://git.example.com/a.git', []],
    ['remote=https://git.example.com.evil/a.git', ['build-remote-context']],
    ['remote=client-session', ['build-remote-context']],
    ['remote=client-session&version=2', []],
    ['networkmode=host', ['build-host-network']],
    ['networkmode=container:db', ['namespace-join']],
    ['networkmode=none&cgroupparent=/x', ['cgroup-parent']],
  ])('%s', (query, ids) => {
    expect(judgeBuild(new URLSearchParams(query), config).map((v) => v.ruleId)).toEqual(ids);
  });
});

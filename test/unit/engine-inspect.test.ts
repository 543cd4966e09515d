import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { located, type Location } from '../../src/facts/location.js';
import noDisabledSecurityProfile from '../../src/rules/container/no-disabled-security-profile.js';
import { DEFAULT_SETTINGS } from '../../src/rules/rule.js';
import { runRules } from '../../src/rules/run-rules.js';
import type { ContainerInspect } from '../../src/sources/engine/client.js';
import {
  containerFactsFromInspect,
  inspectFieldPath,
  requestFromInspect,
} from '../../src/sources/engine/inspect-to-facts.js';

/**
 * `GET /containers/hc-privileged/json` recorded from Debian 12's docker.io 20.10 engine
 * (scripts/engine.sh) after:
 *
 *   docker create --name hc-privileged --privileged --cap-add SYS_ADMIN \
 *     -v /var/run/docker.sock:/var/run/docker.sock --pid host -p 8080:80 --user 0 \
 *     --read-only --memory 64m --pids-limit 50 --security-opt no-new-privileges \
 *     --env APP_MODE=test hullcheck-test/busybox:1
 */
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/engine/inspect-privileged.json'), 'utf8'),
) as ContainerInspect;

const at = (path: string): Location => ({ file: 'container:hc-privileged@a0bbd656d9c2', line: 0, column: 0, path });

describe('containerFactsFromInspect', () => {
  it('derives the facts of a recorded privileged container, located at inspect field paths', () => {
    const facts = containerFactsFromInspect(fixture);
    expect({ ...facts, request: undefined }).toEqual({
      kind: 'container',
      origin: 'inspect',
      name: 'hc-privileged',
      at: { file: 'container:hc-privileged@a0bbd656d9c2', line: 0, column: 0 },
      request: undefined,
      image: located('hullcheck-test/busybox:1', at('Config.Image')),
      builtLocally: false,
      user: located('0', at('Config.User')),
      privileged: located(true, at('HostConfig.Privileged')),
      capAdd: [located('SYS_ADMIN', at('HostConfig.CapAdd.0'))],
      capDrop: [],
      securityOpts: [
        located({ key: 'no-new-privileges', value: 'true', raw: 'no-new-privileges' }, at('HostConfig.SecurityOpt.0')),
        // The engine adds this to every privileged container.
        located({ key: 'label', value: 'disable', raw: 'label=disable' }, at('HostConfig.SecurityOpt.1')),
      ],
      namespaces: {
        pid: located('host', at('HostConfig.PidMode')),
        ipc: located('private', at('HostConfig.IpcMode')),
        network: located('default', at('HostConfig.NetworkMode')),
        cgroup: located('host', at('HostConfig.CgroupnsMode')),
      },
      mounts: [
        located(
          { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
          at('HostConfig.Binds.0'),
        ),
      ],
      volumesFrom: [],
      devices: [],
      deviceCgroupRules: [],
      readOnlyRootfs: located(true, at('HostConfig.ReadonlyRootfs')),
      tmpfs: [],
      memory: located(67108864, at('HostConfig.Memory')),
      cpus: located(0, at('HostConfig.NanoCpus')),
      cpuShares: located(0, at('HostConfig.CpuShares')),
      pidsLimit: located(50, at('HostConfig.PidsLimit')),
      ports: [
        located({ containerPort: '80', protocol: 'tcp', hostIp: '', hostPort: '8080' }, at('HostConfig.PortBindings.80/tcp.0')),
      ],
      publishAll: located(false, at('HostConfig.PublishAllPorts')),
      restart: located({ name: 'no', maximumRetryCount: 0 }, at('HostConfig.RestartPolicy')),
      env: [
        located({ name: 'APP_MODE', value: 'test' }, at('Config.Env.0')),
        located({ name: 'PATH', value: '/bin' }, at('Config.Env.1')),
      ],
      sysctls: [],
      healthcheck: undefined,
    });
    expect(facts.request).toEqual(requestFromInspect(fixture));
  });

  it('lifts Config to the top level of the create body, keeps HostConfig, and drops nulls', () => {
    const request = requestFromInspect(fixture);
    expect(Object.keys(request).sort()).toEqual(['Cmd', 'Env', 'ExposedPorts', 'HostConfig', 'Image', 'Labels', 'User']);
    expect(request).toMatchObject({ Image: 'hullcheck-test/busybox:1', User: '0', Cmd: ['/bin/sh'], ExposedPorts: { '80/tcp': {} } });
    // Null in the fixture: unset lists, and fields the create model does not have are not copied.
    expect(request.HostConfig).not.toHaveProperty('CapDrop');
    expect(request.HostConfig).not.toHaveProperty('DeviceCgroupRules');
    expect(request.HostConfig).not.toHaveProperty('LogConfig');
    expect(request.HostConfig).toMatchObject({ Privileged: true, CapAdd: ['SYS_ADMIN'], Memory: 67108864, PidsLimit: 50 });
  });

  it('names a container without its leading slash, or by short id when it has no name', () => {
    expect(containerFactsFromInspect({ ...fixture, Name: '/web' }).name).toBe('web');
    expect(containerFactsFromInspect({ ...fixture, Name: '' }).name).toBe('a0bbd656d9c2');
  });

  it('reads a minimal inspect with null lists and no limits as an unconfined default container', () => {
    const facts = containerFactsFromInspect({
      Id: 'f'.repeat(64),
      Name: '/plain',
      Config: { Image: 'nginx:1.27', User: '', Env: null, Healthcheck: { Test: ['NONE'] } },
      HostConfig: { Privileged: false, CapAdd: null, Binds: null, PidsLimit: null, PidMode: '' },
    });
    expect(facts.user).toBeUndefined();
    expect(facts.privileged).toEqual(located(false, { file: 'container:plain@ffffffffffff', line: 0, column: 0, path: 'HostConfig.Privileged' }));
    expect(facts.pidsLimit).toBeUndefined();
    expect(facts.namespaces).toEqual({});
    expect(facts.capAdd).toEqual([]);
    expect(facts.env).toEqual([]);
    expect(facts.healthcheck).toEqual(located({ disabled: true }, { file: 'container:plain@ffffffffffff', line: 0, column: 0, path: 'Config.Healthcheck' }));
  });
});

describe('inspectFieldPath', () => {
  it('maps create-body paths to where docker inspect has them', () => {
    expect(inspectFieldPath('HostConfig.CapAdd.2')).toBe('HostConfig.CapAdd.2');
    expect(inspectFieldPath('User')).toBe('Config.User');
    expect(inspectFieldPath('Env.3')).toBe('Config.Env.3');
    expect(inspectFieldPath('Image')).toBe('Config.Image');
  });
});

describe('container rules on an inspected container', () => {
  const findings = (inspect: ContainerInspect) =>
    runRules(containerFactsFromInspect(inspect), [noDisabledSecurityProfile], DEFAULT_SETTINGS).map((f) => f.at.path);

  it('does not report the label=disable the engine adds to a privileged container', () => {
    expect(findings(fixture)).toEqual([]);
  });

  it('reports label=disable on an unprivileged container, and seccomp=unconfined on a privileged one', () => {
    const unprivileged = { ...fixture, HostConfig: { ...fixture.HostConfig, Privileged: false, PidMode: '', IpcMode: 'private' } };
    expect(findings(unprivileged)).toEqual(['HostConfig.SecurityOpt.1']);
    const unconfined = { ...fixture, HostConfig: { ...fixture.HostConfig, SecurityOpt: ['label=disable', 'seccomp=unconfined'] } };
    expect(findings(unconfined)).toEqual(['HostConfig.SecurityOpt.1']);
  });
});

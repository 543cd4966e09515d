import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, parsePolicyConfig, PolicyError } from '../../../src/proxy/policy.js';

function errorsOf(text: string): string {
  try {
    parsePolicyConfig(text, 'policy.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message;
  }
  throw new Error('policy was accepted');
}

describe('policy.yaml loader', () => {
  it('reads the full format', () => {
    const config = parsePolicyConfig(
      [
        'allow: [preset:traefik, containers:create]',
        'containers:',
        '  rules: { fail-on: medium, ignore: [no-root-user] }',
        '  allow:',
        '    images: [registry.example.com/*]',
        '    bind-sources: [/srv/data]',
        '    capabilities: [cap_net_admin]',
        '    device-cgroup-rules: ["c 10:229   rwm"]',
        '  require-labels: { team: ci, tier: 2 }',
        '  ownership: { label: hullcheck.owner, owner: ci }',
        'exec: { privileged: true }',
        'build: { host-network: true }',
      ].join('\n'),
      'policy.yaml',
    );
    expect([...config.operations].sort()).toEqual(['containers:create', 'containers:inspect', 'containers:list', 'events', 'ping', 'version']);
    expect(config.containers.rules).toEqual({ mode: 'fail-on', failOn: 'medium', ignore: new Set(['no-root-user']) });
    expect(config.containers.allow).toMatchObject({ images: ['registry.example.com/*'], bindSources: ['/srv/data'], capabilities: ['NET_ADMIN'], deviceCgroupRules: ['c 10:229 rwm'] });
    expect(config.containers.requireLabels).toEqual({ team: 'ci', tier: '2' });
    expect(config.containers.ownership).toEqual({ label: 'hullcheck.owner', owner: 'ci' });
    expect(config.exec).toEqual({ privileged: true, root: true });
    expect(config.build).toEqual({ remoteContexts: [], hostNetwork: true });
  });

  it('a list of rules selects exactly those rules', () => {
    expect(parsePolicyConfig('allow: [ping]\ncontainers:\n  rules: [no-privileged]\n', 'p').containers.rules).toEqual({ mode: 'only', rules: new Set(['no-privileged']) });
  });

  it('defaults to fail-on high when containers.rules is absent', () => {
    expect(parsePolicyConfig('allow: [containers:create]\n', 'p').containers.rules).toMatchObject({ mode: 'fail-on', failOn: 'high' });
  });

  it.each([
    ['', 'policy.yaml:1:1: the policy must be a mapping with at least an "allow:" list of operations'],
    ['- ping\n', 'policy.yaml:1:1: the policy must be a mapping'],
    ['containers: {}\n', 'policy.yaml:1:1: the policy has no "allow:" list: name the operations this client may use'],
    ['allow: ping\n', 'policy.yaml:1:8: "allow" must be a list of operations and presets'],
    ['allow:\n', 'policy.yaml:1:7: "allow" must be a list of operations and presets'],
    ['allow: [ping]\nallowed: [info]\n', 'policy.yaml:2:1: unknown key "allowed" in the policy (known: allow, containers, exec, build, plugins)'],
    ['allow:\n  - ping\n  - containers:craete\n', 'policy.yaml:3:5: unknown operation "containers:craete"'],
    ['allow:\n  - preset:treafik\n', 'policy.yaml:2:5: unknown preset "preset:treafik" (known: preset:read-only'],
    ['allow: [unknown]\n', 'policy.yaml:1:9: requests the proxy does not know cannot be allowed'],
    ['allow: [ping]\ncontainers:\n  rules: { fail-on: severe }\n', 'policy.yaml:3:21: "fail-on" must be one of none, info, low, medium, high, critical'],
    ['allow: [ping]\ncontainers:\n  rules: [no-privileged, no-such-rule]\n', 'policy.yaml:3:26: unknown container rule "no-such-rule"'],
    ['allow: [ping]\ncontainers:\n  rules: { ignore: [no-sudo] }\n', 'policy.yaml:3:21: unknown container rule "no-sudo"'],
    ['allow: [ping]\ncontainers:\n  allow:\n    bind-sources: [srv/data]\n', 'policy.yaml:4:20: bind source "srv/data" must be an absolute path'],
    ['allow: [ping]\ncontainers:\n  allow:\n    capability: [NET_ADMIN]\n', 'policy.yaml:4:5: unknown key "capability" in "containers.allow"'],
    ['allow: [ping]\ncontainers:\n  allow:\n    images: registry.example.com/*\n', 'policy.yaml:4:13: "containers.allow.images" must be a list of strings'],
    ['allow: [ping]\ncontainers:\n  ownership: { label: hullcheck.owner }\n', 'policy.yaml:3:14: "containers.ownership" needs both "label" and "owner"'],
    ['allow: [ping]\ncontainers:\n  require-labels: { team: }\n', 'policy.yaml:3:27: label "team" needs a value'],
    ['allow: [ping]\nexec: { privileged: yes }\n', 'policy.yaml:2:21: "exec.privileged" must be true or false'],
    ['allow: [ping]\nallow: [info]\n', 'policy.yaml:2:1: Map keys must be unique'],
    ['allow: [ping\n', 'policy.yaml:2:1:'],
    ['allow: [ping]\nbuild: { remote-contexts: [""] }\n', 'policy.yaml:2:28: "build.remote-contexts" entries must be non-empty strings'],
  ])('%j -> %s', (text, message) => {
    expect(errorsOf(text)).toContain(message);
  });

  it('reports every problem, each with its line', () => {
    expect(errorsOf('allow: [pong, ping]\ncontainers:\n  rule: []\n').split('\n')).toEqual([
      'policy.yaml:1:9: unknown operation "pong" (see docs/proxy-policy.md for the list)',
      'policy.yaml:3:3: unknown key "rule" in "containers" (known: rules, allow, require-labels, ownership)',
    ]);
  });

  it('loadPolicy names a file it cannot read', () => {
    expect(() => loadPolicy('/nonexistent/policy.yaml')).toThrow('/nonexistent/policy.yaml: cannot read policy: ENOENT');
    const dir = mkdtempSync(join(tmpdir(), 'hullcheck-policy-'));
    writeFileSync(join(dir, 'bad.yaml'), 'allow: [containers:create]\ncontainers:\n  rules: { fail-on: nope }\n');
    expect(() => loadPolicy(join(dir, 'bad.yaml'))).toThrow(`${join(dir, 'bad.yaml')}:3:21: "fail-on" must be one of`);
  });
});

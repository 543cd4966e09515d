import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRANT_CHECKS } from '../../../src/proxy/policy-containers.js';
import { loadPolicy, type Policy } from '../../../src/proxy/policy.js';
import type { Decision, EngineLookup, ProxyRequest } from '../../../src/proxy/types.js';
import {
  ALLOWED_CASES,
  AMBIGUOUS_BODY_CASES,
  OPERATION_CASES,
  OWNERSHIP_CASES,
  POLICIES,
  PRIVILEGE_GRANT_CASES,
  type DecisionCase,
  type PolicyName,
} from '../../fixtures/proxy/privilege-grants.js';

const dir = mkdtempSync(join(tmpdir(), 'hullcheck-policy-'));
const policies = new Map<PolicyName, { policy: Policy; file: string }>();

function policyNamed(name: PolicyName): { policy: Policy; file: string } {
  let entry = policies.get(name);
  if (!entry) {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, POLICIES[name]);
    entry = { policy: loadPolicy(file), file };
    policies.set(name, entry);
  }
  return entry;
}

/** Containers as the engine would report their labels: `mine` was created through the proxy by `ci`. */
export const LABELS: Record<string, Record<string, string>> = {
  mine: { 'hullcheck.owner': 'ci' },
  theirs: { 'hullcheck.owner': 'other' },
  unlabelled: {},
};

const engine: EngineLookup = {
  containerLabels: async (id) => LABELS[id],
  execContainerLabels: async (id) => (id === 'exec-in-mine' ? LABELS.mine : id === 'exec-in-theirs' ? LABELS.theirs : undefined),
};

export function requestOf(method: string, target: string, body?: string): ProxyRequest {
  const [path = '', query = ''] = target.split('?');
  return {
    method,
    path,
    query: new URLSearchParams(query),
    headers: {},
    ...(body !== undefined ? { body: Buffer.from(body) } : {}),
    streamedBody: false,
  };
}

async function decide(c: DecisionCase, lookup: EngineLookup = engine): Promise<{ decision: Decision; file: string }> {
  const { policy, file } = policyNamed(c.policy);
  const decision = await policy.decide(requestOf(c.method, c.path, c.body), { listener: 'unix:///run/test.sock', peer: 'unix' }, lookup);
  return { decision, file };
}

function expectCase(decision: Decision, file: string, c: DecisionCase): void {
  expect({ allow: decision.allow, status: decision.status }).toEqual({ allow: c.expect.allow, status: c.expect.status });
  if (!c.expect.allow) expect([...decision.rules].sort()).toEqual([...c.expect.rules].sort());
  if (c.expect.message) expect(decision.message).toBe(c.expect.message.replace('POLICY_FILE', file));
  if (!c.expect.allow) expect(decision.body).toBeUndefined();
}

describe('decide(): privilege grants', () => {
  it.each(PRIVILEGE_GRANT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { decision, file } = await decide(c);
    expectCase(decision, file, c);
  });
});

describe('decide(): ambiguous bodies', () => {
  it.each(AMBIGUOUS_BODY_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { decision, file } = await decide(c);
    expectCase(decision, file, c);
  });
});

describe('decide(): allowed requests', () => {
  it.each(ALLOWED_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { decision, file } = await decide(c);
    expectCase(decision, file, c);
    if (c.body !== undefined) expect(JSON.parse(decision.body!.toString())).toEqual(JSON.parse(c.body));
  });
});

describe('decide(): operations', () => {
  it.each(OPERATION_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { decision, file } = await decide(c);
    expectCase(decision, file, c);
  });
});

const allowed = { allow: true, status: 200, rules: [] as string[] };

describe('decide(): ownership', () => {
  it.each(OWNERSHIP_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { decision, file } = await decide(c);
    expectCase(decision, file, c);
  });

  it('create adds the owner label to the body it forwards, re-serialised from the checked object', async () => {
    const { decision } = await decide({
      name: 'create',
      policy: 'ownership',
      method: 'POST',
      path: '/containers/create',
      body: '{ "Image": "hullcheck-test/busybox:1",\n  "Labels": {"job": "42"} }',
      expect: { allow: true, status: 200, rules: [] },
    });
    expect(decision.body?.toString()).toBe('{"Image":"hullcheck-test/busybox:1","Labels":{"job":"42","hullcheck.owner":"ci"}}');
  });

  it('a lookup that fails means refusal', async () => {
    const failing: EngineLookup = {
      containerLabels: async () => {
        throw new Error('connect ECONNREFUSED /var/run/docker.sock');
      },
      execContainerLabels: async () => undefined,
    };
    const { decision } = await decide({ name: 'x', policy: 'ownership', method: 'POST', path: '/containers/mine/stop', expect: allowed }, failing);
    expect(decision).toEqual({
      allow: false,
      status: 403,
      operation: 'containers:stop',
      rules: ['policy-error'],
      message: 'hullcheck proxy: denied: the policy could not evaluate POST /containers/mine/stop for unix:///run/test.sock (connect ECONNREFUSED /var/run/docker.sock)',
    });
  });
});

describe('decide(): never fails open', () => {
  it('a body the rules cannot read is refused', async () => {
    const { decision } = await decide({
      name: 'x',
      policy: 'default',
      method: 'POST',
      path: '/containers/create',
      body: '{"Image":"hullcheck-test/busybox:1","HostConfig":{"CapAdd":"SYS_ADMIN"}}',
      expect: allowed,
    });
    expect({ allow: decision.allow, status: decision.status, rules: decision.rules }).toEqual({ allow: false, status: 403, rules: ['policy-error'] });
  });

  it('a streamed body where one must be checked is refused', async () => {
    const { policy } = policyNamed('default');
    const request = { ...requestOf('POST', '/containers/create'), streamedBody: true };
    const decision = await policy.decide(request, { listener: 'l', peer: 'p' }, engine);
    expect(decision).toMatchObject({ allow: false, status: 400, message: 'hullcheck proxy: request body refused: the body must be sent whole so that it can be checked' });
  });

  it('an allowed create forwards the checked object, not the bytes received', async () => {
    const { decision } = await decide({
      name: 'x',
      policy: 'default',
      method: 'POST',
      path: '/containers/create',
      body: '{"Image":"hullcheck-test/busybox:1" , "Cmd":["echo","\\u0041"]}',
      expect: allowed,
    });
    expect(decision.body?.toString()).toBe('{"Image":"hullcheck-test/busybox:1","Cmd":["echo","A"]}');
  });
});

describe('the decision table', () => {
  it('covers every check a denial can name', () => {
    const named = new Set([...PRIVILEGE_GRANT_CASES, ...AMBIGUOUS_BODY_CASES, ...OPERATION_CASES, ...OWNERSHIP_CASES].flatMap((c) => c.expect.rules));
    const checks = [...GRANT_CHECKS, 'not-owner', 'exec-privileged', 'exec-root', 'plugin-not-allowed', 'plugin-privileges', 'plugin-settings', 'build-remote-context', 'build-host-network', 'operation', 'strict-json'];
    expect(checks.filter((id) => !named.has(id))).toEqual([]);
  });
});

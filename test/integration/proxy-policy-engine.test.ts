import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicyConfig } from '../../src/proxy/policy-config.js';
import { createPolicy } from '../../src/proxy/policy.js';
import type { EngineLookup } from '../../src/proxy/types.js';
import { startEngine, type TestEngine } from './engines.js';

/**
 * Why the strict decoder refuses what it refuses: against a real dockerd,
 * bodies whose keys differ only by case or Unicode folding, or repeat, set
 * fields that JSON.parse does not show. Containers are created, never started.
 */
let engine: TestEngine;

beforeAll(async () => {
  engine = await startEngine();
}, 120_000);

afterAll(async () => {
  await engine?.stop();
});

function call(method: string, path: string, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const socketPath = engine.socket.replace(/^unix:\/\//, '');
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, method, path, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What the engine stored for a body: HostConfig of the created container (removed again). */
async function engineReads(body: string): Promise<Record<string, unknown>> {
  const created = await call('POST', '/containers/create', body);
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = String(created.json.Id);
  const inspect = await call('GET', `/containers/${id}/json`);
  await call('DELETE', `/containers/${id}?force=1`);
  return inspect.json.HostConfig as Record<string, unknown>;
}

const policy = createPolicy(parsePolicyConfig('allow: [containers:create]\n', 'policy.yaml'));
const lookup: EngineLookup = { containerLabels: async () => undefined, execContainerLabels: async () => undefined };
const decide = (body: string) =>
  policy.decide({ method: 'POST', path: '/containers/create', query: new URLSearchParams(), headers: {}, body: Buffer.from(body), streamedBody: false }, { listener: 'l', peer: 'p' }, lookup);

const image = '"Image":"hullcheck-test/busybox:1"';

describe('the engine decodes what JSON.parse does not show', () => {
  it.each([
    ['a lower-case field', `{${image},"HostConfig":{"privileged":true}}`, 'Privileged', true],
    ['the last of two spellings', `{${image},"HostConfig":{"Privileged":false,"privileged":true}}`, 'Privileged', true],
    ['long s for s', `{${image},"HostConfig":{"Bind\u017f":["/:/host"]}}`, 'Binds', ['/:/host']],
    ['the Kelvin sign for k', `{${image},"HostConfig":{"Networ\u212aMode":"host"}}`, 'NetworkMode', 'host'],
    // The engine still reads HostConfig fields at the top of a body that has no HostConfig (an old API's layout).
    ['a HostConfig field at the top level', `{${image},"Privileged":true}`, 'Privileged', true],
    ['an exact duplicate', `{${image},"HostConfig":{"PidMode":"","PidMode":"host"}}`, 'PidMode', 'host'],
  ])('%s: the engine sets it, the policy refuses the body', async (_name, body, field, engineValue) => {
    expect((await engineReads(body))[field]).toEqual(engineValue);
    const seenByJsonParse = (JSON.parse(body) as { HostConfig?: Record<string, unknown> }).HostConfig?.[field];
    // JSON.parse also keeps the last exact duplicate; other readers (and other checks) keep the first.
    if (!body.includes('"PidMode":"","PidMode"')) expect(seenByJsonParse).not.toEqual(engineValue);
    const decision = await decide(body);
    expect({ allow: decision.allow, status: decision.status, rules: decision.rules }).toEqual({ allow: false, status: 400, rules: ['strict-json'] });
  });

  it('the canonical body the policy forwards is read by the engine as the policy read it', async () => {
    const body = `{${image},"HostConfig":{"Memory":268435456,"PidsLimit":100,"CapDrop":["ALL"]},"Labels":{"a":"1","A":"2"}}`;
    const decision = await decide(body);
    expect(decision.allow).toBe(true);
    const host = await engineReads(decision.body!.toString());
    expect({ Memory: host.Memory, PidsLimit: host.PidsLimit, CapDrop: host.CapDrop }).toEqual({ Memory: 268435456, PidsLimit: 100, CapDrop: ['ALL'] });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyConfig } from '../../src/proxy/policy-config.js';
import { createPolicy } from '../../src/proxy/policy.js';
import { foldKey } from '../../src/proxy/strict-json.js';
import type { EngineLookup, ProxyRequest } from '../../src/proxy/types.js';
import { PROPERTY_TIMEOUT, RUNS } from './support.js';

const policy = createPolicy(parsePolicyConfig('allow: [containers:create, containers:update, exec:create, volumes:create]\n', 'policy.yaml'));
const engine: EngineLookup = { containerLabels: async () => undefined, execContainerLabels: async () => undefined };
const client = { listener: 'unix:///t.sock', peer: 'unix' };

const request = (path: string, body: string): ProxyRequest => ({
  method: 'POST',
  path,
  query: new URLSearchParams(),
  headers: {},
  body: Buffer.from(body),
  streamedBody: false,
});

/** Spellings the engine reads as the Privileged field. */
const privilegedKey = fc.constantFrom('Privileged', 'privileged', 'PRIVILEGED', 'PrivilegeD', 'Privileged\u200b', 'Privileged ');

/** HostConfig members: some harmless, some that grant, some spelled oddly. */
const hostMember = fc.oneof(
  fc.tuple(privilegedKey, fc.boolean()),
  fc.tuple(fc.constant('Memory'), fc.integer({ min: 0, max: 2 ** 40 })),
  fc.tuple(fc.constant('Binds'), fc.constantFrom(['/srv:/srv:ro'], ['/:/host'], ['/var/run/docker.sock:/s'])),
  fc.tuple(fc.constantFrom('PidMode', 'pidmode', 'NetworkMode'), fc.constantFrom('host', 'container:x', 'none', '')),
  fc.tuple(fc.constantFrom('CapAdd', 'capadd', 'CapAdd\u212a'), fc.constantFrom(['SYS_ADMIN'], ['CHOWN'], [])),
  fc.tuple(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
);

/** Reads HostConfig as Go's decoder would: keys folded, the last match wins. */
function goReads(body: Record<string, unknown>, field: string): unknown {
  const host = Object.entries(body).filter(([k]) => foldKey(k) === foldKey('HostConfig')).pop()?.[1];
  if (!host || typeof host !== 'object') return undefined;
  return Object.entries(host).filter(([k]) => foldKey(k) === foldKey(field)).pop()?.[1];
}

describe('decide() properties', () => {
  it('never lets a privileged or host-namespace container through, however the body spells it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostMember, { maxLength: 6 }), async (members) => {
        const hostText = members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',');
        const text = `{"Image":"hullcheck-test/busybox:1","HostConfig":{${hostText}}}`;
        const decision = await policy.decide(request('/containers/create', text), client, engine);
        if (!decision.allow) {
          expect([400, 403]).toContain(decision.status);
          expect(decision.message).toMatch(/^hullcheck proxy: /);
          return;
        }
        const forwarded = JSON.parse(decision.body!.toString()) as Record<string, unknown>;
        expect(goReads(forwarded, 'Privileged')).not.toBe(true);
        expect(goReads(forwarded, 'PidMode')).not.toBe('host');
        expect(goReads(forwarded, 'CapAdd') ?? []).not.toContain('SYS_ADMIN');
      }),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);

  it('always answers with a decision, whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/containers/create', '/containers/x/update', '/containers/x/exec', '/volumes/create'),
        fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))),
        async (path, body) => {
          const decision = await policy.decide(request(path, body), client, engine);
          expect(typeof decision.allow).toBe('boolean');
          if (!decision.allow) expect([400, 403]).toContain(decision.status);
        },
      ),
      RUNS,
    );
  }, PROPERTY_TIMEOUT);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/proxy/policy.js';
import { startProxy, type DecisionLogEntry, type RunningProxy } from '../../src/proxy/server.js';
import {
  ALLOWED_CASES,
  AMBIGUOUS_BODY_CASES,
  OPERATION_CASES,
  OWNERSHIP_CASES,
  POLICIES,
  PRIVILEGE_GRANT_CASES,
  type DecisionCase,
  type PolicyName,
} from '../fixtures/proxy/privilege-grants.js';
import { exchange, statuses } from '../unit/proxy/server-harness.js';
import { startEngine, type TestEngine } from './engines.js';

/**
 * The security table on raw sockets against a real engine: one listener per
 * policy (the way users give each client its own socket), every privilege
 * grant, ambiguous body, operation and ownership case sent as raw HTTP, with
 * its body framed by Content-Length and again chunked. Denied requests must
 * change nothing on the engine; the framing rows show that what the engine
 * receives is only ever what was checked.
 */

const API = '/v1.41';
const IMAGE = 'hullcheck-test/busybox:1';
let engine: TestEngine;
let proxy: RunningProxy;
let dir: string;
const log: DecisionLogEntry[] = [];
const socketOf = (policy: PolicyName) => join(dir, `${policy}.sock`);
const policyFile = (policy: PolicyName) => join(dir, `${policy}.yaml`);

function engineGet(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: engine.socket.slice('unix://'.length), path }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end();
  });
}

function enginePost(path: string, body?: unknown): Promise<{ Id?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: engine.socket.slice('unix://'.length), path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(text ? (JSON.parse(text) as { Id?: string }) : {}));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** What could have changed on the engine: containers, volumes, plugins, images. */
async function engineState(): Promise<string> {
  const [containers, volumes, plugins, images] = await Promise.all([engineGet('/containers/json?all=1'), engineGet('/volumes'), engineGet('/plugins'), engineGet('/images/json')]);
  return JSON.stringify({
    containers: (containers as { Id: string; State: string }[]).map((c) => `${c.Id}:${c.State}`).sort(),
    volumes: ((volumes as { Volumes: { Name: string }[] | null }).Volumes ?? []).map((v) => v.Name).sort(),
    plugins: (plugins as unknown[]).length,
    images: (images as { Id: string }[]).map((i) => i.Id).sort(),
  });
}

/** The raw request, as bytes: the body is UTF-8, split into two chunks when chunked (possibly inside a character). */
function raw(method: string, target: string, body: Buffer | undefined, framing: 'length' | 'chunked'): Buffer {
  const head = [`${method} ${target} HTTP/1.1`, 'Host: docker', 'Connection: close'];
  if (body === undefined) return Buffer.from(`${head.join('\r\n')}\r\n\r\n`);
  head.push('Content-Type: application/json');
  if (framing === 'length') return Buffer.concat([Buffer.from(`${[...head, `Content-Length: ${body.length}`].join('\r\n')}\r\n\r\n`), body]);
  const cut = Math.floor(body.length / 2);
  const parts = [body.subarray(0, cut), body.subarray(cut)].filter((p) => p.length > 0);
  return Buffer.concat([
    Buffer.from(`${[...head, 'Transfer-Encoding: chunked'].join('\r\n')}\r\n\r\n`),
    ...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]),
    Buffer.from('0\r\n\r\n'),
  ]);
}

/** Sends one case and returns its status, message and the decision logged for it. */
async function send(testCase: DecisionCase, framing: 'length' | 'chunked'): Promise<{ status: number; message: string; entry: DecisionLogEntry | undefined }> {
  log.length = 0;
  const body = testCase.body === undefined ? undefined : Buffer.from(testCase.body, 'utf8');
  const answer = await exchange(socketOf(testCase.policy), raw(testCase.method, `${API}${testCase.path}`, body, framing));
  const [status] = statuses(answer);
  const text = Buffer.from(answer, 'latin1').toString('utf8');
  const json = text.slice(text.indexOf('\r\n\r\n') + 4);
  let message = '';
  try {
    message = (JSON.parse(json.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n\r\n$/, '')) as { message?: string }).message ?? '';
  } catch {
    // Engine answers that are not one JSON object (e.g. 204) carry no message.
  }
  return { status: status ?? 0, message, entry: log[0] };
}

beforeAll(async () => {
  engine = await startEngine();
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-sec-'));
  const names = Object.keys(POLICIES) as PolicyName[];
  for (const name of names) writeFileSync(policyFile(name), POLICIES[name]);
  proxy = await startProxy({
    listeners: names.map((name) => ({ address: `unix://${socketOf(name)}`, policy: loadPolicy(policyFile(name)) })),
    upstream: { host: engine.socket, source: 'test' },
    log: (entry) => log.push(entry),
    warn: () => undefined,
  });
  await enginePost('/containers/create?name=mine', { Image: IMAGE, Cmd: ['true'], Labels: { 'hullcheck.owner': 'ci' } });
  await enginePost('/containers/create?name=theirs', { Image: IMAGE, Cmd: ['true'], Labels: { 'hullcheck.owner': 'other' } });
  await enginePost('/containers/create?name=unlabelled', { Image: IMAGE, Cmd: ['true'] });
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

const DENIED = [...PRIVILEGE_GRANT_CASES, ...AMBIGUOUS_BODY_CASES, ...OPERATION_CASES, ...OWNERSHIP_CASES].filter((c) => !c.expect.allow && !c.path.includes('/exec/exec-in-'));
const ALLOWED = [...ALLOWED_CASES, ...OWNERSHIP_CASES].filter((c) => c.expect.allow && !c.path.includes('/exec/exec-in-'));

describe.each(['length', 'chunked'] as const)('denied requests change nothing on the engine (body framed by %s)', (framing) => {
  it.each(DENIED)('$name', async (testCase) => {
    const before = await engineState();
    const { status, message, entry } = await send(testCase, framing);
    expect(status).toBe(testCase.expect.status);
    if (testCase.expect.message) expect(message).toBe(testCase.expect.message.replace('POLICY_FILE', policyFile(testCase.policy)));
    else expect(message).toMatch(/^hullcheck proxy: /);
    expect(entry).toMatchObject({ decision: 'deny', status: testCase.expect.status });
    expect([...(entry?.rules ?? [])].sort()).toEqual([...testCase.expect.rules].sort());
    expect(await engineState()).toBe(before);
  });
});

describe('allowed requests reach the engine', () => {
  it.each(ALLOWED)('$name', async (testCase) => {
    const { status, entry } = await send(testCase, 'length');
    expect(entry).toMatchObject({ decision: 'allow', status });
    // The engine's own answer: it may still refuse (an image it does not have, a remote it cannot fetch).
    expect(status).not.toBe(403);
  });
});

describe('the engine gets the body the policy checked', () => {
  it('a create through the ownership listener arrives with the owner label the policy added', async () => {
    const body = JSON.stringify({ Image: IMAGE, Cmd: ['true'], Labels: { team: 'a' } });
    const answer = await exchange(socketOf('ownership'), `POST ${API}/containers/create?name=labelled-by-proxy HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    expect(statuses(answer)).toEqual([201]);
    const inspect = (await engineGet('/containers/labelled-by-proxy/json')) as { Config: { Labels: Record<string, string> } };
    expect(inspect.Config.Labels).toEqual({ team: 'a', 'hullcheck.owner': 'ci' });
  });
});

describe('framing tricks against the real engine', () => {
  const privileged = JSON.stringify({ Image: IMAGE, HostConfig: { Privileged: true } });
  const plain = JSON.stringify({ Image: IMAGE, Cmd: ['true'] });
  const post = (path: string, body: string, extra: string[] = []) =>
    `${[`POST ${API}${path} HTTP/1.1`, 'Host: docker', 'Content-Type: application/json', `Content-Length: ${body.length}`, ...extra].join('\r\n')}\r\n\r\n${body}`;
  const rows: { name: string; send: string; status: number[]; created: number }[] = [
    { name: 'pipelined: allowed create, then privileged create', send: post('/containers/create', plain) + post('/containers/create', privileged), status: [201, 403], created: 1 },
    {
      name: 'privileged create smuggled after Content-Length with Transfer-Encoding',
      send: `POST ${API}/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${plain.length}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${post('/containers/create', privileged)}`,
      status: [400],
      created: 0,
    },
    { name: 'privileged body behind an empty Content-Length (CVE-2024-41110 shape)', send: `POST ${API}/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length:\r\n\r\n${privileged}`, status: [400], created: 0 },
    { name: 'privileged create behind an Upgrade on ping', send: `GET ${API}/_ping HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n${post('/containers/create', privileged)}`, status: [200, 403], created: 0 },
    { name: 'privileged create under an encoded path', send: post('/containers%2Fcreate', privileged), status: [400], created: 0 },
    { name: 'privileged create with a doubled version prefix', send: post('/v1.41/containers/create', privileged), status: [400], created: 0 },
  ];
  it.each(rows)('$name', async (row) => {
    const before = ((await engineGet('/containers/json?all=1')) as unknown[]).length;
    const answer = await exchange(socketOf('default'), row.send);
    expect(statuses(answer)).toEqual(row.status);
    expect(((await engineGet('/containers/json?all=1')) as unknown[]).length - before).toBe(row.created);
  });
});

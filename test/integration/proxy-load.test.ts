import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type TestEngine } from './engines.js';
import { startProxyChild, type ProxyChild } from './proxy-child.js';

/**
 * `hullcheck proxy` (its own process) under load on a private engine:
 * concurrent clients, long-lived streams, clients that vanish mid-request, a
 * slow client, and the engine stopped and started under it. Bounded: each
 * phase has a fixed amount of work. The proxy's file descriptors and memory
 * are read from /proc before and after.
 */

const run = promisify(execFile);
const engineScript = join(import.meta.dirname, '../../scripts/engine.sh');
const IMAGE = 'hullcheck-test/busybox:1';
const CLIENTS = 64;
const REQUESTS_PER_CLIENT = 40;

let engine: TestEngine;
let proxy: ProxyChild;
let dir: string;
let cwd: string;
let socketPath: string;

beforeAll(async () => {
  engine = await startEngine();
  dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-load-'));
  cwd = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-cwd-'));
  socketPath = join(dir, 'proxy.sock');
  writeFileSync(join(dir, 'policy.yaml'), 'allow: [preset:ci-runner, preset:portainer-readonly]\ncontainers:\n  rules:\n    fail-on: none\n');
  proxy = await startProxyChild(['--listen', `unix://${socketPath}`, '--policy', join(dir, 'policy.yaml'), '--upstream', engine.socket, '--log', join(dir, 'decisions.log')], cwd);
}, 120_000);

afterAll(async () => {
  if (proxy && proxy.child.exitCode === null) await proxy.stop();
  await engine?.stop();
  for (const path of [dir, cwd]) if (path) rmSync(path, { recursive: true, force: true });
}, 60_000);

interface Answer {
  status: number;
  body: string;
}

function call(method: string, path: string, agent: Agent | false, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, agent, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** CLIENTS keep-alive clients, each sending REQUESTS_PER_CLIENT requests one after the other. */
async function burst(): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const paths = ['/_ping', '/v1.41/containers/json?all=1', '/version', '/images/json'];
  const statuses = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const seen: number[] = [];
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) seen.push((await call('GET', paths[(client + i) % paths.length] as string, agent)).status);
      return seen;
    }),
  );
  agent.destroy();
  return statuses.flat();
}

/** Opens a streaming GET and returns a function that ends it; resolves once the stream delivered `until` or its headers. */
function openStream(path: string, until?: string): Promise<{ received: () => string; close: () => void }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = request({ socketPath, path, agent: false }, (res) => {
      const handle = { received: () => text, close: () => req.destroy() };
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (until && text.includes(until)) resolve(handle);
      });
      res.on('error', () => undefined);
      if (!until) resolve(handle);
    });
    req.on('error', (error) => (text ? undefined : reject(error)));
    req.end();
  });
}

function rawAndVanish(bytes: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(socketPath, () => {
      socket.write(bytes);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 5);
    });
    socket.on('error', () => resolve());
  });
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
}

describe('hullcheck proxy under load', () => {
  it('serves bursts, streams, vanishing and slow clients, and an engine restart without leaking', { timeout: 180_000 }, async () => {
    const chatty = JSON.parse((await call('POST', '/containers/create?name=chatty', false, { Image: IMAGE, Cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.05; done'], HostConfig: { NetworkMode: 'host' } })).body) as { Id: string };
    expect((await call('POST', `/containers/${chatty.Id}/start`, false)).status).toBe(204);

    // Warm-up: the same burst as later, so the engine connection pool is at its working size.
    expect(new Set(await burst())).toEqual(new Set([200]));
    await settle();
    const baseline = { fds: proxy.fds(), rss: proxy.rss() };

    // Long-lived streams held open through the bursts.
    const streams = await Promise.all([
      ...Array.from({ length: 10 }, () => openStream('/events')),
      ...Array.from({ length: 10 }, () => openStream(`/containers/${chatty.Id}/logs?follow=1&stdout=1`, 'tick')),
    ]);
    // A slow client: one byte every 10 ms, while everything else runs.
    const slow = new Promise<string>((resolve) => {
      const socket = connect(socketPath);
      const bytes = 'GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n';
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      let i = 0;
      const timer = setInterval(() => {
        socket.write(bytes[i++] as string);
        if (i === bytes.length) clearInterval(timer);
      }, 10);
    });
    const bursts = [await burst(), await burst()].flat();
    expect(bursts.length).toBe(2 * CLIENTS * REQUESTS_PER_CLIENT);
    expect(new Set(bursts)).toEqual(new Set([200]));
    expect(await slow).toMatch(/^HTTP\/1\.1 200 OK\r\n/);

    // Clients that vanish: mid-head, mid-body, and while a stream is flowing.
    await Promise.all(Array.from({ length: 100 }, () => rawAndVanish('GET /containers/json HTTP/1.1\r\nHo')));
    await Promise.all(Array.from({ length: 100 }, () => rawAndVanish('POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 100\r\n\r\n{"Ima')));
    await Promise.all(Array.from({ length: 50 }, async () => (await openStream(`/containers/${chatty.Id}/logs?follow=1&stdout=1`, 'tick')).close()));
    expect(streams.slice(10).every((stream) => stream.received().includes('tick'))).toBe(true);
    for (const stream of streams) stream.close();

    // The engine goes away and comes back: the proxy answers 502 meanwhile and serves again after.
    await run('bash', [engineScript, 'stop', engine.dir]);
    const down = await call('GET', '/_ping', false);
    expect(down.status).toBe(502);
    expect(JSON.parse(down.body).message).toContain(`the Docker engine at ${engine.socket} is not reachable`);
    await run('bash', [engineScript, 'start', engine.dir]);
    expect((await call('GET', '/_ping', false)).status).toBe(200);
    expect(proxy.child.exitCode).toBeNull();

    // Memory flat: after the heap has grown to its working size, more of the same load adds nothing that stays.
    const series: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(new Set(await burst())).toEqual(new Set([200]));
      await settle();
      series.push(proxy.rss());
    }
    const after = { fds: proxy.fds(), rss: series[series.length - 1] as number };
    expect(after.fds).toBeLessThanOrEqual(baseline.fds + 4);
    expect(after.rss - baseline.rss).toBeLessThan(48 * 1024 * 1024);
    expect(Math.max(...series) - Math.min(...series)).toBeLessThan(12 * 1024 * 1024);

    // SIGTERM: exit 0, the socket file removed, nothing written but the socket and the log.
    expect(await proxy.stop()).toBe(0);
    expect(existsSync(socketPath)).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['decisions.log', 'policy.yaml']);
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    process.stdout.write(`proxy load: fds ${baseline.fds} -> ${after.fds}, rss ${mib(baseline.rss)} MiB -> ${series.map(mib).join(', ')} MiB\n`);
  });
});

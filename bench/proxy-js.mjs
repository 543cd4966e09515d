// The proxy's own JavaScript per request, without sockets (not part of
// `npm run bench`): one client connection (serveConnection, the real policy
// and the real upstream pool) over in-memory sockets, the engine a canned
// answer recorded from dockerd. No syscalls, no other process: what is left
// is the parsing, deciding, rebuilding and relaying the proxy does in JS.
// Plain JS against tsc's output in dist/ (tsx would add a helper call to
// every closure it creates and measure that instead):
//
//   npx tsc -p tsconfig.json && node bench/proxy-js.mjs   (node --cpu-prof for a profile)
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../dist/proxy/policy.js';
import { serveConnection } from '../dist/proxy/server-connection.js';
import { DEFAULT_LIMITS } from '../dist/proxy/server.js';
import { UpstreamPool } from '../dist/proxy/upstream-pool.js';

const COUNT = Number(process.env.COUNT ?? 200_000);
const CASES = {
  ping: {
    request: 'GET /v1.41/_ping HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n',
    response:
      'HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nCache-Control: no-cache, no-store, must-revalidate\r\nDocker-Experimental: false\r\nOstype: linux\r\nPragma: no-cache\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\nDate: Mon, 23 Nov 2026 15:09:33 GMT\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOK',
  },
  list: {
    request: 'GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n',
    response:
      'HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker/20.10.24+dfsg1 (linux)\r\nDate: Mon, 23 Nov 2026 15:09:33 GMT\r\nContent-Length: 3\r\n\r\n[]\n',
  },
};

/** Just enough of a net.Socket for the proxy: writes go to `sink`, reads come from emit('data'). */
class MemorySocket extends EventEmitter {
  constructor(sink) {
    super();
    this.sink = sink;
    this.destroyed = false;
    this.paused = false;
  }
  write(data) {
    this.sink(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
    return true;
  }
  cork() {}
  uncork() {}
  setTimeout() {}
  pause() {
    this.paused = true;
    return this;
  }
  resume() {
    this.paused = false;
    return this;
  }
  isPaused() {
    return this.paused;
  }
  end() {}
  destroy() {
    this.destroyed = true;
  }
}

async function measure(name, policyFile) {
  const { request, response } = CASES[name];
  const answer = Buffer.from(response, 'latin1');
  const pool = new UpstreamPool(() => {
    // The answer comes on a later turn of the event loop, as a socket read would.
    const engine = new MemorySocket(() => setImmediate(() => engine.emit("data", answer)));
    return engine;
  });
  const upstream = {
    host: 'unix:///memory',
    exchange: (bytes, options, handlers) => pool.exchange(bytes, options, handlers),
    lookup: { containerLabels: async () => undefined, execContainerLabels: async () => undefined },
    close: () => pool.close(),
  };
  let received = 0;
  let next = () => undefined;
  const client = new MemorySocket((bytes) => {
    received += bytes.length;
    if (received >= answer.length) {
      received = 0;
      next();
    }
  });
  serveConnection(client, { client: { listener: 'bench', peer: 'unix' }, policy: loadPolicy(policyFile), upstream, limits: DEFAULT_LIMITS, log: (entry) => JSON.stringify(entry) });
  const bytes = Buffer.from(request, 'latin1');
  const one = () =>
    new Promise((resolve) => {
      next = resolve;
      client.emit('data', bytes);
    });
  for (let i = 0; i < 20_000; i++) await one();
  // CPU time, not wall time, in batches: other processes on a busy machine slow some batches down
  // (caches, shared cores); the fastest batch is the proxy's own cost.
  const batches = [];
  for (let b = 0; b < 20; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < COUNT / 20; i++) await one();
    const used = process.cpuUsage(start);
    batches.push((used.user + used.system) / (COUNT / 20));
  }
  batches.sort((x, y) => x - y);
  return batches;
}

const dir = mkdtempSync(join(tmpdir(), 'hullcheck-proxy-js.'));
try {
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, 'allow: [preset:ci-runner]\ncontainers:\n  rules:\n    fail-on: high\n');
  for (const name of ['ping', 'list', 'ping', 'list']) {
    const batches = await measure(name, policyFile);
    console.log(`${name}: ${batches[0].toFixed(1)} us CPU per request in the fastest batch, ${batches[10].toFixed(1)} in the median one`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

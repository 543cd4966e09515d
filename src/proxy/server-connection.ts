import type { Duplex } from 'node:stream';
import { ChunkedDecoder } from './http-body.js';
import { HttpError, parseRequestHead, type BodyFraming, type RequestHead } from './http-head.js';
import { isHijack, isStreamedUpload } from './http-routes.js';
import { canonicalTarget, forwardTarget, type CanonicalTarget } from './http-target.js';
import type { Decision, ProxyClient, ProxyPolicy, ProxyRequest } from './types.js';
import type { Upstream } from './upstream.js';
import type { Exchange, UpstreamResponse } from './upstream-pool.js';

/**
 * One client connection: requests are read strictly one after the other
 * (pipelined ones wait their turn), each is decided by the policy, and only
 * an allowed request is re-serialised and sent upstream. The response is
 * relayed as it arrives, never buffered. After the engine answers 101 the
 * two connections are spliced and HTTP ends for this connection.
 */

export interface DecisionLogEntry {
  time: string;
  listener: string;
  client: string;
  method: string;
  path: string;
  operation: string;
  decision: 'allow' | 'deny';
  rules: string[];
  status: number;
  message?: string;
}

export interface ConnectionLimits {
  maxHeadBytes: number;
  maxBodyBytes: number;
  /** From the first byte of a request until its head and (buffered) body are in. */
  requestTimeoutMs: number;
  /** A connection with no request in progress and no bytes for this long is closed. */
  idleTimeoutMs: number;
}

export interface ConnectionContext {
  client: ProxyClient;
  policy: ProxyPolicy;
  upstream: Upstream;
  limits: ConnectionLimits;
  log(entry: DecisionLogEntry): void;
}

class ClientGone extends Error {}

/** Request headers that describe this hop, not the request: rebuilt by the proxy, never copied. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection', 'proxy-authorization']);
const CRLF = '\r\n';

let isoSecond = -1;
let isoPrefix = '';

/** `new Date(now).toISOString()`, with the part up to the second formatted once a second: the log asks on every request. */
export function isoTime(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const ms = now - second * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

type Outcome = 'next' | 'close' | 'upgraded';

export function serveConnection(socket: Duplex, context: ConnectionContext): void {
  new Connection(socket, context).start();
}

class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private gone = false;
  private wake: (() => void) | undefined;
  private busy = false;
  /** The exchange with the engine for the request being forwarded. */
  private inflight: Exchange | undefined;
  private readonly onData = (chunk: Buffer) => this.received(chunk);

  constructor(
    private readonly socket: Duplex,
    private readonly context: ConnectionContext,
  ) {}

  start(): void {
    this.socket.on('data', this.onData);
    this.socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    this.socket.on('close', () => {
      this.gone = true;
      this.inflight?.abort();
      this.notify();
    });
    // The engine's answer is paused while the client is not reading; it goes on once the client drains.
    this.socket.on('drain', () => this.inflight?.resume());
    this.socket.on('error', () => undefined);
    const timed = this.socket as Duplex & { setTimeout?(ms: number): void };
    timed.setTimeout?.(this.context.limits.idleTimeoutMs);
    this.socket.on('timeout', () => {
      // A request under way is bounded by requestTimeoutMs, a forwarded one (a stream) by nothing.
      if (!this.busy && this.buffered === 0) this.socket.destroy();
    });
    this.serve().catch(() => this.socket.destroy());
  }

  private received(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const { maxHeadBytes, maxBodyBytes } = this.context.limits;
    // Pipelined or early bytes are kept, up to one request's worth; beyond that the client waits.
    if (this.buffered > maxHeadBytes + maxBodyBytes + 65_536) this.socket.pause();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForData(): Promise<void> {
    if (this.gone) return Promise.reject(new ClientGone());
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Everything received and not yet used, as one buffer. */
  private pending(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(bytes: number): Buffer {
    const all = this.pending();
    const used = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    if (this.socket.isPaused()) this.socket.resume();
    return used;
  }

  private async serve(): Promise<void> {
    for (;;) {
      let outcome: Outcome;
      try {
        const head = await this.readHead();
        if (!head) break;
        this.busy = true;
        outcome = await this.handle(head);
        this.busy = false;
      } catch (error) {
        if (error instanceof HttpError) this.refuseAndClose(error);
        else this.socket.destroy();
        return;
      }
      if (outcome === 'upgraded') {
        this.busy = true;
        return;
      }
      if (outcome === 'close') break;
    }
    this.socket.end();
  }

  /** The next request head, or undefined when the client closed cleanly between requests. */
  private async readHead(): Promise<RequestHead | undefined> {
    const deadline = this.deadline();
    try {
      for (;;) {
        if (this.buffered > 0) {
          const parsed = parseRequestHead(this.pending(), this.context.limits.maxHeadBytes);
          if (parsed) {
            this.consume(parsed.size);
            return parsed.head;
          }
          if (this.ended) throw new HttpError(400, 'connection closed in the middle of a request head');
          deadline.arm();
        } else if (this.ended) {
          return undefined;
        }
        await this.waitForData();
        if (deadline.expired) throw new HttpError(408, 'request not received in time');
      }
    } finally {
      deadline.cancel();
    }
  }

  private deadline() {
    let timer: NodeJS.Timeout | undefined;
    const state = {
      expired: false,
      arm: () => {
        timer ??= setTimeout(() => {
          state.expired = true;
          this.notify();
        }, this.context.limits.requestTimeoutMs);
      },
      cancel: () => {
        clearTimeout(timer);
        timer = undefined;
      },
    };
    return state;
  }

  private async handle(head: RequestHead): Promise<Outcome> {
    const target = canonicalTarget(head.target);
    const streamed = isStreamedUpload(head.method, target.segments, target.query);
    const expect = head.headers.get('expect');
    if (expect !== undefined) {
      if (expect.toLowerCase() !== '100-continue') throw new HttpError(417, `unsupported Expect ${JSON.stringify(expect)}`);
      // A buffered body is needed to decide; a streamed one is invited only once the head is allowed.
      if (head.framing.kind !== 'none' && !streamed) this.socket.write(`HTTP/1.1 100 Continue${CRLF}${CRLF}`);
    }
    const body = streamed || head.framing.kind === 'none' ? undefined : await this.readBody(head.framing);
    const request: ProxyRequest = { method: head.method, path: target.path, query: target.query, headers: Object.fromEntries(head.headers), streamedBody: streamed };
    if (target.apiVersion) request.apiVersion = target.apiVersion;
    if (body && body.length > 0) request.body = body;
    const decision = await this.decide(request);
    if (this.gone) return 'close';
    if (!decision.allow) {
      this.log(request, decision, decision.status);
      // An unread streamed body cannot be skipped safely: the connection ends with the answer.
      const close = !head.keepAlive || (streamed && head.framing.kind !== 'none');
      this.writeJson(decision.status, decision.message, close);
      return close ? 'close' : 'next';
    }
    if (streamed && expect !== undefined && head.framing.kind !== 'none') this.socket.write(`HTTP/1.1 100 Continue${CRLF}${CRLF}`);
    const forwardBody = streamed ? undefined : (decision.body ?? body);
    return this.forward(head, target, request, decision, forwardBody, streamed);
  }

  private async readBody(framing: BodyFraming): Promise<Buffer | undefined> {
    const { maxBodyBytes } = this.context.limits;
    if (framing.kind === 'none') return undefined;
    const deadline = this.deadline();
    deadline.arm();
    try {
      if (framing.kind === 'length') {
        if (framing.length > maxBodyBytes) throw new HttpError(413, `request body larger than ${maxBodyBytes} bytes`);
        while (this.buffered < framing.length) await this.more(deadline);
        return this.consume(framing.length);
      }
      const decoder = new ChunkedDecoder(maxBodyBytes);
      const parts: Buffer[] = [];
      for (;;) {
        if (this.buffered > 0) {
          const { data, used } = decoder.decode(this.pending());
          // Copies: the decoded parts point into the receive buffer, which is reused.
          for (const part of data) parts.push(Buffer.from(part));
          this.consume(used);
          if (decoder.done) return Buffer.concat(parts);
        }
        await this.more(deadline);
      }
    } finally {
      deadline.cancel();
    }
  }

  private async more(deadline: { expired: boolean }): Promise<void> {
    if (this.ended) throw new HttpError(400, 'connection closed in the middle of a request body');
    await this.waitForData();
    if (deadline.expired) throw new HttpError(408, 'request body not received in time');
  }

  /** The policy's answer; a policy that throws or answers nonsense is a refusal. */
  private async decide(request: ProxyRequest): Promise<Decision> {
    const { policy, client, upstream } = this.context;
    try {
      const decision = await policy.decide(request, client, upstream.lookup);
      if (decision && decision.allow === true) {
        if (decision.body !== undefined && !Buffer.isBuffer(decision.body)) throw new Error('the policy returned a body that is not bytes');
        return decision;
      }
      if (decision && decision.allow === false && typeof decision.message === 'string') {
        return { ...decision, status: decision.status === 400 ? 400 : 403 };
      }
      throw new Error('the policy gave no decision');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { allow: false, status: 403, message: `hullcheck proxy: refused because the policy failed: ${reason}`, operation: 'unknown', rules: [] };
    }
  }

  private forward(
    head: RequestHead,
    target: CanonicalTarget,
    request: ProxyRequest,
    decision: Decision,
    body: Buffer | undefined,
    streamed: boolean,
  ): Promise<Outcome> {
    const bytes = this.upstreamRequest(head, target, body, streamed);
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let uploadComplete = !streamed;
      let uploadDone: Promise<boolean> = Promise.resolve(true);
      let rechunk = false;
      let corked = false;
      /** The response head, held back until the body's first bytes so that both leave in one write. */
      let pendingHead: string | undefined;
      let upgradeResponse: UpstreamResponse | undefined;
      const done = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        this.inflight = undefined;
        resolve(outcome);
      };
      const release = () => {
        if (pendingHead !== undefined) {
          this.socket.write(pendingHead);
          pendingHead = undefined;
        }
        if (!corked) return;
        corked = false;
        this.socket.uncork();
      };
      const exchange = this.context.upstream.exchange(bytes, { bodyless: head.method === 'HEAD', complete: !streamed, retry: head.method === 'GET' || head.method === 'HEAD' }, {
        head: (response) => {
          this.log(request, decision, response.status);
          if (response.status === 101) {
            upgradeResponse = response;
            return;
          }
          // An answer the engine ends by closing is chunked for the client, whose connection stays usable.
          rechunk = response.framing === 'close';
          let text = `HTTP/1.1 ${response.status} ${response.statusText}${CRLF}`;
          for (const [name, value] of response.headers) text += `${name}: ${value}${CRLF}`;
          if (rechunk) text += `Transfer-Encoding: chunked${CRLF}`;
          if (!head.keepAlive) text += `Connection: close${CRLF}`;
          // Head and a small body usually arrive in one read: held (or corked) until then, they leave in one write.
          process.nextTick(release);
          if (!rechunk) {
            pendingHead = `${text}${CRLF}`;
            return;
          }
          this.socket.cork();
          corked = true;
          this.socket.write(`${text}${CRLF}`);
        },
        body: (data) => {
          if (!rechunk) {
            if (pendingHead === undefined) return this.socket.write(data);
            const bytes = Buffer.concat([Buffer.from(pendingHead), data]);
            pendingHead = undefined;
            return this.socket.write(bytes);
          }
          this.socket.write(`${data.length.toString(16)}${CRLF}`);
          this.socket.write(data);
          return this.socket.write(CRLF);
        },
        end: () => {
          if (rechunk) this.socket.write(`0${CRLF}${CRLF}`);
          release();
          // The next request may only be read once this one's body was read to its end.
          if (!streamed) done(head.keepAlive ? 'next' : 'close');
          else void uploadDone.then((complete) => done(complete && head.keepAlive ? 'next' : 'close'));
        },
        upgrade: (upstreamSocket, rest) => {
          this.splice(upgradeResponse as UpstreamResponse, upstreamSocket, rest);
          done('upgraded');
        },
        error: (error, answered) => {
          release();
          if (answered || this.gone) {
            this.socket.destroy();
            done('close');
            return;
          }
          this.log(request, { ...decision, message: error.message }, 502);
          this.writeJson(502, `hullcheck proxy: the Docker engine at ${this.context.upstream.host} is not reachable (${error.message})`, !uploadComplete || !head.keepAlive);
          done(uploadComplete && head.keepAlive ? 'next' : 'close');
        },
      });
      if (!settled) this.inflight = exchange;
      if (streamed) uploadDone = this.streamBody(head.framing, exchange).then((ok) => (uploadComplete = ok));
    });
  }

  /** The request the engine gets, rebuilt from the checked parts: never the bytes received. */
  private upstreamRequest(head: RequestHead, target: CanonicalTarget, body: Buffer | undefined, streamed: boolean): Buffer {
    // The engine ignores Host but Go refuses HTTP/1.1 without one; the docker CLI sends this name.
    const lines = [`${head.method} ${forwardTarget(target)} HTTP/1.1`, 'Host: api.moby.localhost'];
    for (const [name, value] of head.headers) if (!HOP_BY_HOP.has(name)) lines.push(`${name}: ${value}`);
    if (isHijack(head.method, target.segments) && head.headers.has('upgrade')) lines.push('Connection: Upgrade', `Upgrade: ${head.headers.get('upgrade')}`);
    if (!streamed) {
      if (body && body.length > 0) lines.push(`Content-Length: ${body.length}`);
      else if (head.method === 'POST' || head.method === 'PUT') lines.push('Content-Length: 0');
    } else if (head.framing.kind === 'length') {
      lines.push(`Content-Length: ${head.framing.length}`);
    } else if (head.framing.kind === 'chunked') {
      lines.push('Transfer-Encoding: chunked');
    } else {
      lines.push('Content-Length: 0');
    }
    // Header values passed the parser's visible-ASCII check, so latin1 writes them byte for byte.
    const bytes = Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}`, 'latin1');
    return !streamed && body && body.length > 0 ? Buffer.concat([bytes, body]) : bytes;
  }

  /** Sends a streamed upload upstream as it arrives, de-framed strictly and framed again. Resolves true when all of it was read. */
  private async streamBody(framing: BodyFraming, exchange: Exchange): Promise<boolean> {
    try {
      if (framing.kind === 'length') {
        let left = framing.length;
        while (left > 0) {
          if (this.buffered === 0) await this.more({ expired: false });
          const piece = this.consume(Math.min(left, this.buffered));
          left -= piece.length;
          await exchange.write(Buffer.from(piece));
        }
      } else if (framing.kind === 'chunked') {
        const decoder = new ChunkedDecoder(Number.MAX_SAFE_INTEGER);
        while (!decoder.done) {
          if (this.buffered === 0) await this.more({ expired: false });
          const { data, used } = decoder.decode(this.pending());
          const framed = data.flatMap((part) => [Buffer.from(`${part.length.toString(16)}${CRLF}`), Buffer.from(part), Buffer.from(CRLF)]);
          this.consume(used);
          if (framed.length > 0) await exchange.write(Buffer.concat(framed));
          if (!decoder.done && used === 0) await this.more({ expired: false });
        }
        await exchange.write(Buffer.from(`0${CRLF}${CRLF}`));
      }
      exchange.end();
      return true;
    } catch {
      exchange.abort();
      this.socket.destroy();
      return false;
    }
  }

  /** After the engine's 101: the client's and the engine's connections become one byte stream. */
  private splice(response: UpstreamResponse, upstreamSocket: Duplex, upstreamHead: Buffer): void {
    const lines = [`HTTP/1.1 101 ${response.statusText || 'Switching Protocols'}`, ...response.headers.map(([name, value]) => `${name}: ${value}`), 'Connection: Upgrade'];
    this.socket.off('data', this.onData);
    this.socket.write(`${lines.join(CRLF)}${CRLF}${CRLF}`);
    if (upstreamHead.length > 0) this.socket.write(upstreamHead);
    if (this.buffered > 0) upstreamSocket.write(this.consume(this.buffered));
    if (this.ended) upstreamSocket.end();
    upstreamSocket.on('error', () => this.socket.destroy());
    this.socket.on('error', () => upstreamSocket.destroy());
    upstreamSocket.on('close', () => this.socket.destroy());
    this.socket.on('close', () => upstreamSocket.destroy());
    upstreamSocket.pipe(this.socket);
    if (!this.ended) this.socket.pipe(upstreamSocket);
    upstreamSocket.resume();
    this.socket.resume();
  }

  private refuseAndClose(error: HttpError): void {
    this.context.log({
      time: isoTime(Date.now()),
      listener: this.context.client.listener,
      client: this.context.client.peer,
      method: '-',
      path: '-',
      operation: 'unknown',
      decision: 'deny',
      rules: [],
      status: error.status,
      message: error.message,
    });
    if (!this.gone) this.writeJson(error.status, `hullcheck proxy: ${error.message}`, true);
    this.socket.end();
  }

  private writeJson(status: number, message: string, close: boolean): void {
    const body = `${JSON.stringify({ message })}\n`;
    const lines = [
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...(close ? ['Connection: close'] : []),
    ];
    this.socket.write(`${lines.join(CRLF)}${CRLF}${CRLF}${body}`);
  }

  private log(request: ProxyRequest, decision: Decision, status: number): void {
    const entry: DecisionLogEntry = {
      time: isoTime(Date.now()),
      listener: this.context.client.listener,
      client: this.context.client.peer,
      method: request.method,
      path: request.apiVersion ? `/v${request.apiVersion}${request.path}` : request.path,
      operation: decision.operation,
      decision: decision.allow ? 'allow' : 'deny',
      rules: decision.rules,
      status,
    };
    if (!decision.allow || status >= 500) entry.message = decision.message;
    this.context.log(entry);
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
  502: 'Bad Gateway',
};

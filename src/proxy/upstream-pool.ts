import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { ChunkedDecoder } from './http-body.js';

/**
 * Kept-alive raw connections to the engine. The proxy writes the request it
 * rebuilt as bytes and reads the engine's answer with a small HTTP/1.1
 * response reader: enough to know where each response ends (so the
 * connection can serve the next request), to relay the body bytes as they
 * arrive, and to hand over the socket when the engine answers 101. The
 * engine is trusted; its responses are relayed with their framing intact.
 */

export type ResponseFraming = 'none' | 'length' | 'chunked' | 'close';

export interface UpstreamResponse {
  status: number;
  statusText: string;
  /** Header lines as the engine sent them, without Connection and Keep-Alive. */
  headers: [string, string][];
  framing: ResponseFraming;
}

export interface ExchangeHandlers {
  head(response: UpstreamResponse): void;
  /** Body bytes in the engine's framing (chunked stays chunked); false asks for a pause. */
  body(bytes: Buffer): boolean;
  end(): void;
  upgrade(socket: Duplex, rest: Buffer): void;
  /** The engine failed: before any response (`answered` false) or in the middle of one. */
  error(error: Error, answered: boolean): void;
}

export interface Exchange {
  /** Writes more request body (already framed by the caller); resolves when it may write again. */
  write(bytes: Buffer): Promise<void>;
  /** The request body is complete. */
  end(): void;
  pause(): void;
  resume(): void;
  abort(): void;
}

export type Dial = () => Duplex & { setNoDelay?(noDelay: boolean): unknown };

const MAX_RESPONSE_HEAD = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

export function unixDial(path: string): Dial {
  return () => net.connect(path);
}

export function tcpDial(host: string, port: number, secure?: tls.ConnectionOptions): Dial {
  return () => {
    const socket = secure ? tls.connect({ host, port, ...secure }) : net.connect({ host, port });
    socket.setNoDelay(true);
    return socket;
  };
}

export class UpstreamPool {
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();

  constructor(
    private readonly dial: Dial,
    private readonly maxIdle = 64,
  ) {}

  /**
   * Sends one request. `complete`: the whole request is in `bytes` (a GET, or a
   * buffered body), so a kept-alive connection the engine closed meanwhile can
   * be retried on a fresh one; streamed bodies follow through `write`.
   */
  exchange(bytes: Buffer, options: { bodyless: boolean; complete: boolean; retry: boolean }, handlers: ExchangeHandlers): Exchange {
    const reused = this.idle.pop();
    const exchange = new PoolExchange(reused ?? this.connect());
    if (reused && options.complete && options.retry) {
      const retryHandlers: ExchangeHandlers = {
        head: handlers.head,
        body: handlers.body,
        end: handlers.end,
        upgrade: handlers.upgrade,
        error: (error, answered) => {
          if (!answered && exchange.connection === reused) {
            exchange.connection = this.connect();
            exchange.connection.start(bytes, options.bodyless, handlers);
            return;
          }
          handlers.error(error, answered);
        },
      };
      reused.start(bytes, options.bodyless, retryHandlers);
    } else {
      exchange.connection.start(bytes, options.bodyless, handlers);
    }
    return exchange;
  }

  release(connection: Connection): void {
    if (this.idle.length >= this.maxIdle || connection.socket.destroyed) {
      connection.socket.destroy();
      return;
    }
    this.idle.push(connection);
  }

  forget(connection: Connection): void {
    this.open.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
  }

  close(): void {
    for (const connection of this.open) connection.socket.destroy();
    this.idle.length = 0;
  }

  private connect(): Connection {
    const connection = new Connection(this.dial(), this);
    this.open.add(connection);
    return connection;
  }
}

/** One request's use of a connection (or, after a retry, of the fresh one that replaced it). */
class PoolExchange implements Exchange {
  constructor(public connection: Connection) {}

  write(bytes: Buffer): Promise<void> {
    return this.connection.write(bytes);
  }

  /** The framing written by the caller ends the body; nothing more to send. */
  end(): void {}

  pause(): void {
    this.connection.socket.pause();
  }

  resume(): void {
    this.connection.socket.resume();
  }

  abort(): void {
    this.connection.socket.destroy();
  }
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private handlers: ExchangeHandlers | undefined;
  private state: 'idle' | 'head' | 'body' | 'upgraded' = 'idle';
  private bodyless = false;
  private framing: ResponseFraming = 'none';
  private remaining = 0;
  private decoder: ChunkedDecoder | undefined;
  private answered = false;
  /** False once the engine said `Connection: close` for the answer being read. */
  private keepAlive = true;
  private readonly onData = (chunk: Buffer) => this.received(chunk);

  constructor(
    readonly socket: ReturnType<Dial>,
    private readonly pool: UpstreamPool,
  ) {
    socket.on('data', this.onData);
    socket.on('end', () => this.ended());
    socket.on('error', (error) => this.failed(error));
    socket.on('close', () => {
      this.pool.forget(this);
      this.failed(new Error('the engine closed the connection'));
    });
  }

  start(bytes: Buffer, bodyless: boolean, handlers: ExchangeHandlers): void {
    this.handlers = handlers;
    this.bodyless = bodyless;
    this.answered = false;
    this.state = 'head';
    this.socket.write(bytes);
  }

  write(bytes: Buffer): Promise<void> {
    if (this.socket.write(bytes)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private received(chunk: Buffer): void {
    if (this.state === 'idle' || this.state === 'upgraded') {
      // Bytes nobody asked for: this connection cannot be trusted to frame the next answer.
      this.socket.destroy();
      return;
    }
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    try {
      this.process();
    } catch (error) {
      this.socket.destroy();
      this.failed(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private process(): void {
    while (this.buffer.length > 0 && this.handlers) {
      if (this.state === 'head') {
        if (!this.readHead()) return;
      } else if (this.state === 'body') {
        if (!this.readBody()) return;
      } else {
        return;
      }
    }
  }

  /** False when the head is not complete yet. */
  private readHead(): boolean {
    const end = this.buffer.indexOf(HEAD_END);
    if (end === -1) {
      if (this.buffer.length > MAX_RESPONSE_HEAD) throw new Error('the engine sent a response head that is too large');
      return false;
    }
    const text = this.buffer.toString('latin1', 0, end);
    const rest = this.buffer.subarray(end + 4);
    let lineEnd = text.indexOf('\r\n');
    if (lineEnd === -1) lineEnd = text.length;
    const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(text.slice(0, lineEnd));
    if (!match) throw new Error('the engine sent something that is not an HTTP response');
    const status = Number(match[1]);
    if (status >= 100 && status < 200 && status !== 101) {
      this.buffer = rest; // 100 Continue and friends: the real answer follows
      return true;
    }
    const headers: [string, string][] = [];
    let length: string | undefined;
    let chunked = false;
    let close = false;
    for (let start = lineEnd + 2; start < text.length + 2; ) {
      let stop = text.indexOf('\r\n', start);
      if (stop === -1) stop = text.length;
      const colon = text.indexOf(':', start);
      if (colon <= start || colon >= stop) throw new Error('the engine sent a malformed response header');
      const name = text.slice(start, colon);
      const value = text.slice(colon + 1, stop).trim();
      start = stop + 2;
      // Only these four names matter here; the others are relayed without lower-casing them.
      const key = name.length === 10 || name.length === 14 || name.length === 17 ? name.toLowerCase() : '';
      if (key === 'connection') close = value.toLowerCase().split(',').some((token) => token.trim() === 'close');
      else if (key === 'keep-alive') continue;
      else {
        if (key === 'content-length') length = value;
        if (key === 'transfer-encoding') chunked = value.toLowerCase() === 'chunked';
        headers.push([name, value]);
      }
    }
    const handlers = this.handlers as ExchangeHandlers;
    this.answered = true;
    if (status === 101) {
      this.state = 'upgraded';
      this.socket.off('data', this.onData);
      this.buffer = Buffer.alloc(0);
      this.pool.forget(this);
      handlers.head({ status, statusText: match[2] ?? '', headers, framing: 'none' });
      handlers.upgrade(this.socket, rest);
      return false;
    }
    this.framing = this.bodyless || status === 204 || status === 304 ? 'none' : chunked ? 'chunked' : length !== undefined ? 'length' : 'close';
    if (this.framing === 'length') {
      if (!/^[0-9]{1,15}$/.test(length as string)) throw new Error('the engine sent an invalid Content-Length');
      this.remaining = Number(length);
      if (this.remaining === 0) this.framing = 'none';
    }
    if (this.framing === 'chunked') this.decoder = new ChunkedDecoder(Number.MAX_SAFE_INTEGER);
    this.buffer = rest;
    this.state = 'body';
    handlers.head({ status, statusText: match[2] ?? '', headers, framing: this.framing });
    if (this.framing === 'none') this.finish(!close);
    else if (close && this.framing !== 'close') this.keepAlive = false;
    return true;
  }

  /** False when nothing could be used: the rest of a chunk line has not arrived yet. */
  private readBody(): boolean {
    const handlers = this.handlers as ExchangeHandlers;
    let piece: Buffer;
    if (this.framing === 'length') {
      piece = this.buffer.subarray(0, this.remaining);
      this.remaining -= piece.length;
    } else if (this.framing === 'chunked') {
      const { used } = (this.decoder as ChunkedDecoder).decode(this.buffer);
      piece = this.buffer.subarray(0, used);
      if (used === 0) return false;
    } else {
      piece = this.buffer;
    }
    this.buffer = this.buffer.subarray(piece.length);
    if (piece.length > 0 && !handlers.body(piece)) this.socket.pause();
    const done = this.framing === 'length' ? this.remaining === 0 : this.framing === 'chunked' ? Boolean(this.decoder?.done) : false;
    if (done) this.finish(this.keepAlive);
    return true;
  }

  private finish(reusable: boolean): void {
    const handlers = this.handlers as ExchangeHandlers;
    this.handlers = undefined;
    this.state = 'idle';
    this.decoder = undefined;
    const clean = reusable && this.buffer.length === 0;
    this.buffer = Buffer.alloc(0);
    this.keepAlive = true;
    handlers.end();
    this.socket.resume();
    if (clean) this.pool.release(this);
    else this.socket.destroy();
  }

  private ended(): void {
    if (this.state === 'body' && this.framing === 'close') {
      this.finish(false);
      return;
    }
    this.socket.destroy();
  }

  private failed(error: Error): void {
    const handlers = this.handlers;
    if (!handlers || this.state === 'upgraded') return;
    this.handlers = undefined;
    this.state = 'idle';
    handlers.error(error, this.answered);
  }
}

/**
 * A strict HTTP/1.1 request-head parser for the proxy. It accepts the plain
 * shape every Docker client sends and refuses everything a lenient parser
 * might read differently from the engine behind it: bare LF or CR, obsolete
 * line folding, whitespace before a colon, control characters, duplicate
 * header names, Content-Length together with Transfer-Encoding, codings
 * other than `chunked`, and Content-Length values that are not plain digits.
 */

export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' };

export interface RequestHead {
  method: string;
  /** The request-target exactly as sent. */
  target: string;
  /** Header names lower-cased, values trimmed of surrounding blanks, in the order sent. */
  headers: Map<string, string>;
  framing: BodyFraming;
  /** False when the client sent `Connection: close`. */
  keepAlive: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** The methods the Engine API uses; anything else is refused before a policy sees it. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']);
/** Visible ASCII only: no blanks, controls or bytes above 0x7e in a request-target. */
const TARGET = /^[\x21-\x7e]+$/;
/** Header values: visible ASCII, space and tab. */
const VALUE = /^[\x20-\x7e\t]*$/;
const DIGITS = /^[0-9]{1,15}$/;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Parses one request head from the start of `buffer`. Returns undefined when
 * the head is not complete yet, else the head and its size in bytes. Throws
 * HttpError (400, or 431 when the head exceeds `maxHeadBytes`).
 */
export function parseRequestHead(buffer: Buffer, maxHeadBytes: number): { head: RequestHead; size: number } | undefined {
  const end = buffer.indexOf(HEAD_END);
  const scanned = end === -1 ? buffer.subarray(0, maxHeadBytes) : buffer.subarray(0, end);
  checkLineEndings(scanned, end === -1);
  if (end === -1) {
    if (buffer.length > maxHeadBytes) throw new HttpError(431, `request head larger than ${maxHeadBytes} bytes`);
    return undefined;
  }
  if (end + 4 > maxHeadBytes) throw new HttpError(431, `request head larger than ${maxHeadBytes} bytes`);
  const lines = scanned.toString('latin1').split('\r\n');
  const { method, target } = parseRequestLine(lines[0] ?? '');
  const headers = parseHeaderLines(lines.slice(1));
  return { head: { method, target, headers, framing: framingOf(headers), keepAlive: !hasToken(headers.get('connection'), 'close') }, size: end + 4 };
}

/** Every LF must follow a CR and every CR must precede an LF; a trailing CR may still await its LF. */
function checkLineEndings(bytes: Buffer, incomplete: boolean): void {
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) {
    if (i === 0 || bytes[i - 1] !== 13) throw new HttpError(400, 'bare LF in the request head: lines must end with CRLF');
  }
  for (let i = bytes.indexOf(13); i !== -1; i = bytes.indexOf(13, i + 1)) {
    if (i === bytes.length - 1 && incomplete) break;
    if (bytes[i + 1] !== 10) throw new HttpError(400, 'bare CR in the request head');
  }
}

function parseRequestLine(line: string): { method: string; target: string } {
  const parts = line.split(' ');
  if (parts.length !== 3) throw new HttpError(400, 'malformed request line: expected METHOD SP TARGET SP HTTP/1.1');
  const [method, target, version] = parts as [string, string, string];
  if (!METHODS.has(method)) throw new HttpError(400, `unsupported request method ${JSON.stringify(method.slice(0, 20))}: only GET, HEAD, POST, PUT and DELETE`);
  if (!TARGET.test(target)) throw new HttpError(400, 'malformed request target');
  if (version !== 'HTTP/1.1') throw new HttpError(400, `unsupported protocol version ${JSON.stringify(version.slice(0, 20))}: only HTTP/1.1`);
  return { method, target };
}

function parseHeaderLines(lines: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) throw new HttpError(400, 'obsolete line folding in the request head');
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon);
    if (!TOKEN.test(name)) throw new HttpError(400, 'malformed header line');
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!VALUE.test(value)) throw new HttpError(400, `control or non-ASCII character in header ${name}`);
    const key = name.toLowerCase();
    // Engines take the first of repeated headers, intermediaries sometimes the last or both: refuse the ambiguity.
    if (headers.has(key)) throw new HttpError(400, `header ${name} sent more than once`);
    headers.set(key, value);
  }
  return headers;
}

function framingOf(headers: Map<string, string>): BodyFraming {
  const length = headers.get('content-length');
  const coding = headers.get('transfer-encoding');
  if (coding !== undefined) {
    if (length !== undefined) throw new HttpError(400, 'both Content-Length and Transfer-Encoding: ambiguous framing');
    if (coding.toLowerCase() !== 'chunked') throw new HttpError(400, `unsupported Transfer-Encoding ${JSON.stringify(coding)}: only chunked`);
    return { kind: 'chunked' };
  }
  if (length === undefined) return { kind: 'none' };
  if (!DIGITS.test(length)) throw new HttpError(400, 'invalid Content-Length');
  const value = Number(length);
  return value === 0 ? { kind: 'none' } : { kind: 'length', length: value };
}

export function hasToken(value: string | undefined, token: string): boolean {
  return value !== undefined && value.split(',').some((part) => part.trim().toLowerCase() === token);
}

import { HttpError } from './http-head.js';

/**
 * Canonicalises a request-target the way the proxy checks it, and rebuilds the
 * target it forwards from the checked parts, so the engine routes exactly
 * what the policy saw. Anything with two readings is refused: absolute-form
 * targets, encoded slashes or backslashes, dot segments (plain or encoded),
 * empty segments, malformed escapes, `;` in the query (Go drops such
 * queries), and version prefixes other than `/v<major>.<minor>/`.
 */

export interface CanonicalTarget {
  /** Decoded path without the version prefix: `/containers/web/json`. */
  path: string;
  /** The decoded segments of `path`. */
  segments: string[];
  apiVersion?: string;
  query: URLSearchParams;
}

const VERSION = /^v([1-9][0-9]{0,2}|0)\.(0|[1-9][0-9]{0,2})$/;
const LOOKS_LIKE_VERSION = /^[vV][0-9.]/;
const ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const FORBIDDEN_ESCAPE = /%(2f|5c|00)/i;

export function canonicalTarget(target: string): CanonicalTarget {
  if (!target.startsWith('/')) throw new HttpError(400, 'only origin-form request targets (/path) are accepted');
  if (target.includes('#')) throw new HttpError(400, 'fragment in the request target');
  const mark = target.indexOf('?');
  const rawPath = mark === -1 ? target : target.slice(0, mark);
  const rawQuery = mark === -1 ? '' : target.slice(mark + 1);
  const segments = decodeSegments(rawPath);
  let apiVersion: string | undefined;
  const first = segments[0] ?? '';
  if (VERSION.test(first)) {
    apiVersion = first.slice(1);
    segments.shift();
    if (segments.length === 0) throw new HttpError(400, 'nothing after the API version prefix');
  } else if (LOOKS_LIKE_VERSION.test(first)) {
    throw new HttpError(400, `malformed API version prefix /${first}/`);
  }
  if (LOOKS_LIKE_VERSION.test(segments[0] ?? '')) throw new HttpError(400, 'repeated API version prefix');
  return { path: `/${segments.join('/')}`, segments, ...(apiVersion ? { apiVersion } : {}), query: parseQuery(rawQuery) };
}

function decodeSegments(rawPath: string): string[] {
  if (rawPath.includes('\\')) throw new HttpError(400, 'backslash in the request path');
  if (ESCAPE.test(rawPath)) throw new HttpError(400, 'malformed percent-escape in the request path');
  if (FORBIDDEN_ESCAPE.test(rawPath)) throw new HttpError(400, 'encoded slash, backslash or NUL in the request path');
  const raw = rawPath.slice(1).split('/');
  return raw.map((segment) => {
    if (segment === '') throw new HttpError(400, 'empty path segment (// or a trailing /) in the request path');
    let decoded = segment;
    if (segment.includes('%')) {
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw new HttpError(400, 'percent-escape that is not UTF-8 in the request path');
      }
    }
    if (decoded === '.' || decoded === '..') throw new HttpError(400, 'dot segment in the request path');
    if (/[\x00-\x1f\x7f]/.test(decoded)) throw new HttpError(400, 'control character in the request path');
    return decoded;
  });
}

function parseQuery(rawQuery: string): URLSearchParams {
  if (rawQuery === '') return new URLSearchParams();
  if (rawQuery.includes(';')) throw new HttpError(400, 'semicolon in the query string');
  if (ESCAPE.test(rawQuery)) throw new HttpError(400, 'malformed percent-escape in the query string');
  try {
    // Decoding each escape once up front turns invalid UTF-8 into an error instead of U+FFFD.
    if (rawQuery.includes('%')) for (const part of rawQuery.split(/[&=]/)) decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new HttpError(400, 'percent-escape that is not UTF-8 in the query string');
  }
  return new URLSearchParams(rawQuery);
}

/** Characters kept as they are in a forwarded path segment; everything else is percent-encoded. */
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;
const ALL_SEGMENT_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]*$/;

/** The target forwarded upstream: rebuilt from the checked parts, never copied from the request. */
export function forwardTarget(target: CanonicalTarget): string {
  const path = target.segments.map(encodeSegment).join('/');
  const query = target.query.toString();
  return `${target.apiVersion ? `/v${target.apiVersion}` : ''}/${path}${query ? `?${query}` : ''}`;
}

function encodeSegment(segment: string): string {
  if (ALL_SEGMENT_SAFE.test(segment)) return segment;
  let out = '';
  for (const char of segment) out += SEGMENT_SAFE.test(char) ? char : encodeURIComponent(char);
  return out;
}

/**
 * The two kinds of Engine API request the HTTP layer must treat specially,
 * by method and canonical path (version prefix already removed).
 */

/**
 * Uploads the proxy streams instead of buffering: build contexts, image
 * archives, `docker cp` into a container, plugin archives. The policy decides
 * on method, path, query and headers alone (`streamedBody: true`).
 */
export function isStreamedUpload(method: string, segments: string[], query: URLSearchParams): boolean {
  const [first, second, third] = segments;
  if (method === 'POST' && segments.length === 1 && first === 'build') return true;
  if (method === 'POST' && first === 'images' && segments.length === 2) {
    if (second === 'load') return true;
    if (second === 'create' && query.get('fromSrc') === '-') return true;
  }
  if (method === 'PUT' && first === 'containers' && segments.length === 3 && third === 'archive') return true;
  if (method === 'POST' && first === 'plugins' && segments.length === 2 && second === 'create') return true;
  return false;
}

/**
 * Requests the engine answers by taking over the connection (101 Switching
 * Protocols): attach, exec start, BuildKit's session and gRPC. Only these
 * carry an `Upgrade` header upstream; on any other request it is dropped, so
 * the engine can never switch protocols where the proxy does not expect it.
 */
export function isHijack(method: string, segments: string[]): boolean {
  if (method !== 'POST') return false;
  const [first, , third] = segments;
  if (first === 'containers' && segments.length === 3 && third === 'attach') return true;
  if (first === 'exec' && segments.length === 3 && third === 'start') return true;
  return segments.length === 1 && (first === 'session' || first === 'grpc');
}

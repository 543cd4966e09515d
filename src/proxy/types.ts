/**
 * The seam between the proxy's HTTP layer (src/proxy/server*, which parses,
 * frames and forwards) and its policy (src/proxy/policy*, which decides).
 * The HTTP layer hands over only requests it has parsed strictly and
 * canonicalised; it forwards exactly the body the decision returns.
 */

/** A request the HTTP layer has parsed, de-chunked and canonicalised. */
export interface ProxyRequest {
  method: string;
  /** Canonical path without the API version prefix: `/containers/create`. */
  path: string;
  /** `1.43` when the client sent `/v1.43/...`, else undefined. */
  apiVersion?: string;
  /** The query string, decoded. */
  query: URLSearchParams;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The whole body (the HTTP layer caps its size), absent when there is none or it is streamed. */
  body?: Buffer;
  /** True when the body is a stream the policy cannot see (build context, image load); the policy decides on the rest. */
  streamedBody: boolean;
}

/** Who is asking: the listener it came through, whose policy applies. */
export interface ProxyClient {
  /** The listener's address as configured: `unix:///run/hullcheck/traefik.sock`. */
  listener: string;
  /** Peer description for the log: `unix`, `127.0.0.1:53412`, or a TLS client certificate subject. */
  peer: string;
}

/** What the policy may ask the engine while deciding (label ownership). Read only. */
export interface EngineLookup {
  /** Labels of a container by id or name; undefined when it does not exist. */
  containerLabels(idOrName: string): Promise<Record<string, string> | undefined>;
  /** Labels of the container an exec instance belongs to; undefined when unknown. */
  execContainerLabels(execId: string): Promise<Record<string, string> | undefined>;
}

export interface Decision {
  allow: boolean;
  /** 200-ish when allowed (unused); 403 for policy denials, 400 for requests that cannot be judged. */
  status: number;
  /** For denials: the engine-style message, naming the rule or operation. */
  message: string;
  /** The operation the request maps to (`containers:create`), or `unknown`. */
  operation: string;
  /** Rule ids that failed (for denials) or were evaluated. */
  rules: string[];
  /** The body to forward in place of the received one (re-serialised, labels added). */
  body?: Buffer;
}

export interface ProxyPolicy {
  decide(request: ProxyRequest, client: ProxyClient, engine: EngineLookup): Promise<Decision>;
}

import { parsePortSpec } from '../sources/port-spec.js';

/**
 * The same short port spec bound to `address`: `8080:80` -> `127.0.0.1:8080:80`,
 * `3000` -> `127.0.0.1::3000` (Docker still picks the host port), `0.0.0.0:53:53/udp`
 * -> `127.0.0.1:53:53/udp`. A spec that cannot be read is returned unchanged.
 */
export function bindPortSpec(spec: string, address: string): string {
  const parsed = parsePortSpec(spec);
  if (!parsed) return spec;
  const slash = spec.trim().lastIndexOf('/');
  const protocol = slash >= 0 ? spec.trim().slice(slash) : '';
  return `${address}:${parsed.hostPort}:${parsed.containerPort}${protocol}`;
}

/**
 * Image references as Docker reads them (`[registry/]repository[:tag][@digest]`),
 * shared by the container image rules and the Dockerfile base-image rules.
 */
export interface ImageReference {
  /** Registry host (with port), lower case; Docker Hub aliases become `docker.io`. */
  registry: string;
  /** Path inside the registry; Docker Hub official images get the `library/` namespace. */
  repository: string;
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  digest?: string;
  /** True when the reference names no registry and Docker Hub is assumed. */
  implicitRegistry: boolean;
}

export const DOCKER_HUB = 'docker.io';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

const HOST_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;

/**
 * Parses an image reference the way the Docker CLI does. Returns undefined
 * when the text is not a valid reference: empty parts (`nginx:`, what an unset
 * variable leaves behind), leftover `${VAR}` text, upper-case repositories.
 */
export function parseImageReference(ref: string): ImageReference | undefined {
  const text = ref.trim();
  const at = text.indexOf('@');
  const digest = at < 0 ? undefined : text.slice(at + 1);
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  const nameAndTag = at < 0 ? text : text.slice(0, at);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const tag = colon > lastSlash ? nameAndTag.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  const name = tag === undefined ? nameAndTag : nameAndTag.slice(0, colon);
  const split = splitRegistry(name);
  if (!split) return undefined;
  return {
    ...split,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

function splitRegistry(name: string): Omit<ImageReference, 'tag' | 'digest'> | undefined {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = slash >= 0 && looksLikeRegistry(first);
  if (hasRegistry && !DOMAIN.test(first)) return undefined;
  const registry = hasRegistry ? normalizeRegistryHost(first) : DOCKER_HUB;
  const path = hasRegistry ? name.slice(slash + 1) : name;
  if (!path.split('/').every((component) => PATH_COMPONENT.test(component))) return undefined;
  const repository = registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  return { registry, repository, implicitRegistry: !hasRegistry };
}

/** Docker's rule: the first path component is a registry when it has a dot or a port, is `localhost`, or has upper case. */
function looksLikeRegistry(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase();
}

/** Lower-cases a registry host and folds the Docker Hub aliases into `docker.io`. */
export function normalizeRegistryHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/**
 * True when the image comes from the place a trust entry names. An entry is a
 * registry host (`ghcr.io`, `registry.local:5000`, `*.dkr.ecr.eu-west-1.amazonaws.com`),
 * optionally followed by a path prefix (`ghcr.io/myorg`). An entry without a
 * host (`myorg`) is a Docker Hub namespace, as Docker itself reads such names.
 * Path prefixes match whole components: `ghcr.io/myorg` does not trust `ghcr.io/myorg-evil`.
 */
export function isFromRegistryEntry(image: ImageReference, entry: string): boolean {
  const trimmed = entry.trim().replace(/\/+$/, '');
  if (trimmed === '') return false;
  const slash = trimmed.indexOf('/');
  const first = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const hasHost = looksLikeRegistry(first) || first.startsWith('*.');
  const host = hasHost ? first : DOCKER_HUB;
  const prefix = hasHost ? (slash < 0 ? '' : trimmed.slice(slash + 1)) : trimmed;
  return hostMatches(image.registry, host) && pathHasPrefix(image.repository, prefix);
}

function hostMatches(registry: string, pattern: string): boolean {
  const wanted = pattern.toLowerCase();
  if (wanted.startsWith('*.')) return registry.endsWith(wanted.slice(1));
  return registry === normalizeRegistryHost(wanted);
}

function pathHasPrefix(repository: string, prefix: string): boolean {
  return prefix === '' || repository === prefix || repository.startsWith(`${prefix}/`);
}

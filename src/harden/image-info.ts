import type { EndpointOptions } from '../sources/engine/endpoint.js';
import { knownImage } from './data/known-images.js';

/** What hardening needs to know about a service's image. */
export interface ImageInfo {
  /** Where it came from: the engine's image inspect, or hullcheck's table of well-known images. */
  source: 'engine' | 'table';
  /** `Config.User`; empty when the image runs as root. Undefined when unknown. */
  user?: string;
  volumes: string[];
  /** Ports the image says it listens on (`ExposedPorts`), as numbers. */
  listens: number[];
  entrypoint: string[];
  cmd: string[];
  /** Paths outside the VOLUMEs the service is known to write to. */
  writable: string[];
  /** Why the image is believed to start as root and switch user, when it is. */
  dropsPrivileges?: string;
  /** The capabilities that switch needs, when known to be fewer than the usual five. */
  switchCaps?: string[];
}

/** Programs that switch from root to another user, and so need SETUID/SETGID (and usually CHOWN). */
const SWITCH_USER = /(?:^|[\s;&|'"(/])(gosu|su-exec|setpriv|chpst|setuidgid|s6-setuidgid|runuser)(?=[\s;'"]|$)|(?:^|[\s;&|'"(/])su\s+(?:-[a-z]+\s+)*(?:-s\s+\S+\s+)?[a-z_][\w-]*\s+-c\b/;

/** The switching program named in an entrypoint, command or build step, if any. */
export function userSwitchIn(text: string): string | undefined {
  const match = SWITCH_USER.exec(text);
  if (!match) return undefined;
  return match[1] ?? 'su';
}

interface EngineImageInspect {
  Config?: {
    User?: string | null;
    Volumes?: Record<string, unknown> | null;
    ExposedPorts?: Record<string, unknown> | null;
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | string | null;
  } | null;
}

function words(value: string[] | string | null | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : [value];
}

function portNumbers(exposed: Record<string, unknown> | null | undefined): number[] {
  return Object.keys(exposed ?? {})
    .map((key) => Number(key.split('/')[0]))
    .filter((port) => Number.isInteger(port));
}

/** Image knowledge from `GET /images/NAME/json` and its history, topped up with the table of well-known images. */
export function imageInfoFromEngine(image: string, inspect: EngineImageInspect, history: string[]): ImageInfo {
  const config = inspect.Config ?? {};
  const known = knownImage(image);
  const entrypoint = words(config.Entrypoint);
  const cmd = words(config.Cmd);
  const tool = userSwitchIn([...entrypoint, ...cmd].join(' ')) ?? history.map(userSwitchIn).find(Boolean);
  const dropsPrivileges = known?.dropsPrivileges ?? (tool ? `the image starts as root and its entrypoint or build steps switch user with ${tool}` : undefined);
  return {
    source: 'engine',
    user: config.User ?? '',
    volumes: Object.keys(config.Volumes ?? {}),
    listens: portNumbers(config.ExposedPorts),
    entrypoint,
    cmd,
    writable: known?.writable ?? [],
    ...(dropsPrivileges ? { dropsPrivileges } : {}),
    ...(known?.dropsPrivileges && known.switchCaps ? { switchCaps: known.switchCaps } : {}),
  };
}

export function imageInfoFromTable(image: string): ImageInfo | undefined {
  const known = knownImage(image);
  if (!known) return undefined;
  return {
    source: 'table',
    ...(known.user !== undefined ? { user: known.user } : known.dropsPrivileges ? { user: '' } : {}),
    volumes: known.volumes ?? [],
    listens: known.listens ?? [],
    entrypoint: [],
    cmd: [],
    writable: known.writable,
    ...(known.dropsPrivileges ? { dropsPrivileges: known.dropsPrivileges } : {}),
    ...(known.switchCaps ? { switchCaps: known.switchCaps } : {}),
  };
}

export interface ImageLookup {
  images: Map<string, ImageInfo>;
  /** One line for stderr when the engine could not be asked, naming it and why. */
  note?: string;
}

/**
 * Asks the engine (resolved as `audit` resolves it) about each image with GET
 * requests only; never pulls. An image the engine does not have, or any image
 * when no engine answers, falls back to the table of well-known images.
 */
export async function lookUpImages(names: string[], endpoint: EndpointOptions | false): Promise<ImageLookup> {
  const images = new Map<string, ImageInfo>();
  const fromTable = (name: string) => {
    const info = imageInfoFromTable(name);
    if (info) images.set(name, info);
  };
  const unique = [...new Set(names)];
  if (endpoint === false || unique.length === 0) {
    unique.forEach(fromTable);
    return { images };
  }
  const { createEngineClient, EngineError } = await import('../sources/engine/client.js');
  const client = createEngineClient({ ...endpoint, timeoutMs: 5_000 });
  let note: string | undefined;
  try {
    for (const name of unique) {
      if (note) {
        fromTable(name);
        continue;
      }
      try {
        const inspect = (await client.get(`/images/${encodeURIComponent(name)}/json`)) as EngineImageInspect;
        const history = await client.get(`/images/${encodeURIComponent(name)}/history`).catch(() => []);
        const steps = Array.isArray(history) ? history.map((step) => String((step as { CreatedBy?: unknown }).CreatedBy ?? '')) : [];
        images.set(name, imageInfoFromEngine(name, inspect, steps));
      } catch (error) {
        if (error instanceof EngineError && error.statusCode !== undefined) {
          fromTable(name); // 404: the engine does not have it, and hullcheck never pulls
          continue;
        }
        const why = error instanceof Error ? error.message : String(error);
        note = `${why}; hardening from the file alone`;
        fromTable(name);
      }
    }
  } finally {
    client.close();
  }
  return note ? { images, note } : { images };
}

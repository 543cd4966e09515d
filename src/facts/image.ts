import type { Located, Location } from './location.js';

/**
 * What an image's configuration says about the containers made from it: the
 * config level of `docker image inspect`. Layers and their files are read by
 * `hullcheck image` and added here then. Image rules read ImageFacts only.
 */
export interface ImageFacts {
  kind: 'image';
  /** First tag (`nginx:1.27`), else `<none>@<short id>`. */
  name: string;
  /** `sha256:<hex>`. */
  id: string;
  tags: string[];
  /** The image itself, for findings about it as a whole: `image:nginx:1.27@<short id>`. */
  at: Location;
  /** `Config.User`; empty text when the image sets none (it then runs as root). */
  user: Located<string>;
  /** `Config.Healthcheck`, absent when the image defines none. */
  healthcheck?: Located<{ test: string[] }>;
  /** When the image was built, if the builder recorded it. */
  created?: Located<Date>;
  env: Located<{ name: string; value: string }>[];
  exposedPorts: Located<string>[];
}

/** The 12 hex digits `docker image ls` shows for an image id. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

import type { Located, Location } from './location.js';

/**
 * What an image says about the containers made from it. `audit` fills the
 * config level from `docker image inspect`; `hullcheck image` also reads the
 * layers and fills `contents`. Image rules read ImageFacts only.
 *
 * Locations: `file` is the image's label (`image:nginx:1.27@<short id>`),
 * line and column are 0, and `path` names what inside the image: an inspect
 * field (`Config.User`, `Config.Env.2`, `Config.Labels.KEY`, `History.4`) or,
 * for a file in the image's filesystem, its absolute path (`/usr/bin/su`).
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
  /** `Config.Labels`, located at `Config.Labels.<name>`. Empty when unknown. */
  labels?: Located<{ name: string; value: string }>[];
  entrypoint?: Located<string[]>;
  cmd?: Located<string[]>;
  /** Build history, oldest first, located at `History.<index>`. Empty when unknown. */
  history?: Located<ImageHistoryStep>[];
  /** The final filesystem, present only when the layers were read. */
  contents?: ImageContents;
}

export interface ImageHistoryStep {
  /** The step as the builder recorded it: `/bin/sh -c #(nop)  USER app`, `RUN /bin/sh -c apt-get ...`. */
  createdBy: string;
  /** True for steps that made no layer (ENV, USER, LABEL ...). */
  emptyLayer: boolean;
  created?: Date;
}

export type ImageFileType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** One entry of the image's final filesystem, after every layer's whiteouts were applied. */
export interface ImageFile {
  /** Absolute, normalised: `/etc/passwd`. */
  path: string;
  type: ImageFileType;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  mode: number;
  uid: number;
  gid: number;
  /** Bytes, for regular files. */
  size: number;
  /** For symlinks and hardlinks. */
  linkTarget?: string;
  /** Index into `ImageContents.layers` of the layer that last wrote this entry. */
  layer: number;
  /**
   * The leading bytes (at most PEEK_BYTES) of a regular file that may hold a
   * secret (by its name, or small enough to be a config file), as UTF-8 text.
   * Absent for other files.
   */
  peek?: string;
  at: Location;
}

/** How many leading bytes of a file the reader keeps for secret detection. */
export const PEEK_BYTES = 8192;

export interface ImageContents {
  /** The final filesystem by absolute path. */
  files: ReadonlyMap<string, ImageFile>;
  layers: { digest: string; mediaType: string }[];
  /** `/etc/os-release` (or `/usr/lib/os-release`), when present. */
  osRelease?: Located<OsRelease>;
  /** Package databases present in the final filesystem. */
  packageDatabases: { kind: 'dpkg' | 'apk' | 'rpm'; path: string }[];
  /** The newest modification time among package manager metadata files, when known. */
  newestPackageMetadata?: Date;
}

export interface OsRelease {
  /** `ID`, lower case: `debian`, `ubuntu`, `alpine`. */
  id: string;
  /** `VERSION_ID`: `12`, `22.04`, `3.19.1`. */
  versionId?: string;
  /** `VERSION_CODENAME`: `bookworm`. */
  codename?: string;
  prettyName?: string;
}

/** The 12 hex digits `docker image ls` shows for an image id. */
export function shortImageId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

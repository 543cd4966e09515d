import { own } from '../../rules/helpers/own.js';
/**
 * What hardening needs to know about widely used official images when no
 * engine can be asked (and what the engine cannot tell: which paths outside
 * the VOLUMEs the service writes to, and whether its entrypoint starts as root
 * and switches user). Keyed by repository name without registry or tag.
 */
export interface KnownImage {
  /** Paths the service writes to at run time that are not image VOLUMEs. */
  writable: string[];
  /** The image's VOLUME paths, for when the engine cannot be asked. */
  volumes?: string[];
  /** The image's USER, when it sets a non-root one. */
  user?: string;
  /** Ports the service listens on inside the container. */
  listens?: number[];
  /** How the entrypoint switches from root to the service user, if it does. */
  dropsPrivileges?: string;
  /** The capabilities that switch needs, when fewer than the usual five. */
  switchCaps?: string[];
}

const ROOT_THEN_GOSU = 'its entrypoint starts as root, fixes ownership of its data directory and switches user with gosu';

export const KNOWN_IMAGES: Readonly<Record<string, KnownImage>> = {
  nginx: {
    // /var/run is a link to /run in the Debian and Alpine images, and /run always gets a tmpfs.
    writable: ['/var/cache/nginx'],
    listens: [80],
    dropsPrivileges: 'the nginx master process starts as root, creates its cache directories and runs its workers as user nginx',
    switchCaps: ['CHOWN', 'SETUID', 'SETGID'],
  },
  'nginxinc/nginx-unprivileged': { writable: ['/var/cache/nginx', '/tmp'], user: '101', listens: [8080] },
  httpd: {
    writable: ['/usr/local/apache2/logs'],
    listens: [80],
    dropsPrivileges: 'Apache starts as root and runs its workers as user daemon',
    switchCaps: ['SETUID', 'SETGID'],
  },
  postgres: { writable: ['/var/run/postgresql'], volumes: ['/var/lib/postgresql/data'], listens: [5432], dropsPrivileges: ROOT_THEN_GOSU },
  redis: { writable: [], volumes: ['/data'], listens: [6379], dropsPrivileges: ROOT_THEN_GOSU },
  mysql: { writable: ['/var/run/mysqld'], volumes: ['/var/lib/mysql'], listens: [3306, 33060], dropsPrivileges: ROOT_THEN_GOSU },
  mariadb: { writable: ['/run/mysqld'], volumes: ['/var/lib/mysql'], listens: [3306], dropsPrivileges: ROOT_THEN_GOSU },
  mongo: { writable: [], volumes: ['/data/db', '/data/configdb'], listens: [27017], dropsPrivileges: ROOT_THEN_GOSU },
  rabbitmq: { writable: [], volumes: ['/var/lib/rabbitmq'], listens: [5672], dropsPrivileges: ROOT_THEN_GOSU },
  memcached: { writable: [], user: 'memcache', listens: [11211] },
  traefik: { writable: [], listens: [80, 443] },
  'grafana/grafana': { writable: [], volumes: ['/var/lib/grafana'], user: '472', listens: [3000] },
  'prom/prometheus': { writable: [], volumes: ['/prometheus'], user: 'nobody', listens: [9090] },
  wordpress: {
    writable: ['/var/run/apache2', '/var/lock/apache2'],
    volumes: ['/var/www/html'],
    listens: [80],
    dropsPrivileges: 'its entrypoint copies WordPress into /var/www/html as root and Apache runs its workers as www-data',
  },
};

/** `docker.io/library/nginx:1.27@sha256:...` -> `nginx`; `ghcr.io/org/app:1` -> `org/app`. */
export function repositoryOf(image: string): string {
  let rest = image.trim().split('@')[0] ?? '';
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') rest = rest.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) rest = rest.slice(0, colon);
  return rest.replace(/^library\//, '').toLowerCase();
}

export function knownImage(image: string): KnownImage | undefined {
  const repository = repositoryOf(image);
  return own(KNOWN_IMAGES, repository);
}

import type { Location } from '../../facts/location.js';
import { baseName, formatSize, isAllowedPath } from '../helpers/image-files.js';
import { imageRule } from '../rule.js';

interface Cache {
  /** Matches a file inside the cache; the first group (or the whole match) is the cache directory. */
  pattern: RegExp;
  what: string;
}

const HOME = String.raw`/(?:root|home/[^/]+)`;

/** Caches package managers fill while installing; nothing at run time reads them. */
const CACHES: readonly Cache[] = [
  { pattern: /^(\/var\/cache\/apt\/archives)\//, what: 'downloaded .deb packages' },
  { pattern: /^(\/var\/cache\/apt)\/[^/]+\.bin$/, what: 'the apt package cache' },
  { pattern: /^(\/var\/lib\/apt\/lists)\//, what: 'apt package lists' },
  { pattern: /^(\/var\/cache\/apk)\//, what: 'apk package cache' },
  { pattern: /^(\/var\/cache\/(?:yum|dnf|zypp))\//, what: 'rpm package cache' },
  { pattern: new RegExp(String.raw`^(${HOME}/\.cache/pip)/`), what: 'pip cache' },
  { pattern: new RegExp(String.raw`^(${HOME}/\.npm/_cacache)/`), what: 'npm cache' },
  { pattern: new RegExp(String.raw`^(${HOME}/\.cache/yarn|/usr/local/share/\.cache/yarn)/`), what: 'yarn cache' },
  { pattern: new RegExp(String.raw`^(${HOME}/\.cache/go-build)/`), what: 'Go build cache' },
  { pattern: new RegExp(String.raw`^(${HOME}/(?:\.composer/cache|\.cache/composer))/`), what: 'Composer cache' },
];

/** Where all of the caches above live: one cheap test before the patterns, per file. */
const CACHE_ROOTS: readonly string[] = ['/var/cache/', '/var/lib/apt/', '/root/', '/home/', '/usr/local/share/.cache/'];

/** Files every package manager keeps in its cache directory even when empty. */
const BOOKKEEPING = new Set(['lock', '.lock', 'CACHEDIR.TAG']);

interface Total {
  what: string;
  files: number;
  bytes: number;
}

export default imageRule({
  meta: {
    id: 'no-package-cache-in-image',
    title: 'Package manager cache left in the image',
    severity: 'low',
    reads: 'image',
    cis: [],
    equivalents: { dockle: 'DKL-DI-0004, DKL-DI-0005' },
    options: ['allow-paths'],
    docs: {
      why:
        'Package managers keep what they downloaded (packages, indexes, wheels, tarballs) in a cache. Left in a layer, ' +
        'the cache makes every pull and every node larger and slower, and stale package lists let a later ' +
        '`apt-get install` in a derived image install outdated versions. Removing the cache in a later step does not ' +
        'help: the layer that wrote it still ships. Each cache directory (apt, apk, yum/dnf, pip, npm, yarn, Go, Composer) ' +
        'is reported once, with its file count and size.',
      fix:
        'Clean up in the same RUN step that installs: `apt-get install -y --no-install-recommends ... && rm -rf /var/lib/apt/lists/*`, ' +
        '`apk add --no-cache ...`, `dnf install -y ... && dnf clean all`, `pip install --no-cache-dir ...`, ' +
        '`npm ci && npm cache clean --force`; or use a cache mount (`RUN --mount=type=cache,target=/var/cache/apt ...`).',
      examples: [
        {
          kind: 'host',
          bad: '$ docker run --rm --entrypoint du app:1 -sh /var/lib/apt/lists\n45.2M\t/var/lib/apt/lists',
          good: '$ docker run --rm --entrypoint du app:1 -sh /var/lib/apt/lists\n4.0K\t/var/lib/apt/lists',
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    if (!facts.contents) return;
    const totals = new Map<string, Total>();
    for (const file of facts.contents.files.values()) {
      if (file.type !== 'file' || !CACHE_ROOTS.some((root) => file.path.startsWith(root)) || BOOKKEEPING.has(baseName(file.path))) continue;
      if (isAllowedPath(settings, 'no-package-cache-in-image', file.path)) continue;
      for (const cache of CACHES) {
        const dir = cache.pattern.exec(file.path)?.[1];
        if (!dir) continue;
        const total = totals.get(dir) ?? { what: cache.what, files: 0, bytes: 0 };
        total.files++;
        total.bytes += file.size;
        totals.set(dir, total);
        break;
      }
    }
    for (const [dir, total] of totals) {
      const at: Location = facts.contents.files.get(dir)?.at ?? { ...facts.at, path: dir };
      report({
        message: `${dir} holds ${total.what}: ${total.files} ${total.files === 1 ? 'file' : 'files'}, ${formatSize(total.bytes)}`,
        at,
        fix: { description: 'clean the cache in the same RUN step that fills it, or use --no-cache / a cache mount' },
      });
    }
  },
});

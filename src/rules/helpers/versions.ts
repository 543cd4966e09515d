/**
 * Versions as the engine, runc, containerd, the kernel and Debian packages
 * write them: `20.10.24`, `26.1.5+dfsg1`, `v1.7.13`, `1.4.0-rc.3`,
 * `1.0.0~rc93+ds1-5`, `5:24.0.7-1~debian.12~bookworm`, `6.1.0-18-amd64`.
 * Only the upstream part is kept: the numeric release and a pre-release tag.
 * Build metadata, Debian revisions, git-describe suffixes and flavours
 * (`-amd64`, `-ce`) say nothing about which upstream fixes are in.
 */
export interface Version {
  /** Numeric release parts: `[1, 4, 0]`. */
  release: number[];
  /** Present for a pre-release: `1.4.0-rc.3` is `{ label: 'rc', number: 3 }`. */
  prerelease?: { label: PrereleaseLabel; number: number };
}

const PRERELEASE_LABELS = ['alpha', 'beta', 'pre', 'rc'] as const;
type PrereleaseLabel = (typeof PRERELEASE_LABELS)[number];

const EPOCH = /^\d+:/;
/** A git commit, which some builds report in place of a version: its leading digits are no version. */
const COMMIT = /^(?=.*[a-f])[0-9a-f]{7,40}$/i;
const RELEASE = /^\d+(?:\.\d+)*/;
/** A pre-release right after the release: `-rc.3`, `-rc95`, `~rc93` (Debian), `-beta.2`, `-rc1`. */
const PRERELEASE = /^[-~.]?(alpha|beta|pre|rc)[._-]?(\d*)/i;

/** Reads the upstream version out of any of the spellings above; undefined when there is no leading number. */
export function parseVersion(raw: string): Version | undefined {
  const text = raw.trim().replace(EPOCH, '').replace(/^v/i, '');
  if (COMMIT.test(text)) return undefined;
  const release = RELEASE.exec(text);
  if (!release) return undefined;
  const parts = release[0].split('.').map(Number);
  const tag = PRERELEASE.exec(text.slice(release[0].length));
  if (!tag) return { release: parts };
  const label = (tag[1] ?? 'rc').toLowerCase() as PrereleaseLabel;
  return { release: parts, prerelease: { label, number: tag[2] ? Number(tag[2]) : 0 } };
}

/** The upstream version in a canonical spelling (`1.4.0-rc.3`, `24.0.7`), or undefined. */
export function upstreamVersion(raw: string): string | undefined {
  const version = parseVersion(raw);
  return version ? formatVersion(version) : undefined;
}

export function formatVersion(version: Version): string {
  const release = version.release.join('.');
  const pre = version.prerelease;
  return pre ? `${release}-${pre.label}.${pre.number}` : release;
}

/**
 * Orders versions: release parts numerically (missing parts are 0, so
 * `1.0` equals `1.0.0`), then a pre-release before its release, then
 * alpha < beta < pre < rc, then the pre-release number.
 */
export function compareVersions(a: Version, b: Version): number {
  return compareReleases(a.release, b.release) || comparePrereleases(a, b);
}

/** Compares two version strings; undefined when either has no version in it. */
export function compareVersionStrings(a: string, b: string): number | undefined {
  const left = parseVersion(a);
  const right = parseVersion(b);
  return left && right ? compareVersions(left, right) : undefined;
}

/** The first `parts` release numbers: the release line `6.1` of `6.1.76`, or `27` of `27.5.1`. */
export function releaseLine(version: Version, parts: number): string {
  const line = version.release.slice(0, parts);
  while (line.length < parts) line.push(0);
  return line.join('.');
}

function compareReleases(a: number[], b: number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (order !== 0) return order;
  }
  return 0;
}

function comparePrereleases(a: Version, b: Version): number {
  if (!a.prerelease || !b.prerelease) {
    if (a.prerelease) return -1;
    return b.prerelease ? 1 : 0;
  }
  const labels = compareNumbers(PRERELEASE_LABELS.indexOf(a.prerelease.label), PRERELEASE_LABELS.indexOf(b.prerelease.label));
  return labels || compareNumbers(a.prerelease.number, b.prerelease.number);
}

/** By comparison, not subtraction: very long digit runs parse to Infinity, and Infinity - Infinity is NaN. */
function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

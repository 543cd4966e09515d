import { compareVersions, parseVersion, releaseLine, type Version } from '../../helpers/versions.js';

/**
 * Docker Engine release lines and when they stopped getting fixes. Up to
 * 26.1 a line is `major.minor` (each got patch releases); from 27 on the
 * project maintains a major version and its minor releases replace each
 * other, so the line is the major alone.
 */
export interface EngineReleaseLine {
  line: string;
  /** ISO date the line reached end of life; absent while it is maintained or no date was announced. */
  endOfLife?: string;
}

export const ENGINE_RELEASES_SOURCE = 'https://endoflife.date/docker-engine';
export const ENGINE_BRANCHES_SOURCE = 'https://github.com/moby/moby/blob/master/project/BRANCHES-AND-TAGS.md';

/**
 * From endoflife.date (which follows moby's BRANCHES-AND-TAGS.md), read
 * November 2026. 25.0 is still maintained for Amazon Linux and Mirantis;
 * 28 has no announced date (27 was maintained "until after 28").
 */
export const ENGINE_RELEASE_LINES: readonly EngineReleaseLine[] = [
  { line: '17.03', endOfLife: '2017-05-05' },
  { line: '17.06', endOfLife: '2017-09-29' },
  { line: '17.09', endOfLife: '2017-11-17' },
  { line: '17.12', endOfLife: '2018-02-10' },
  { line: '18.03', endOfLife: '2018-05-10' },
  { line: '18.06', endOfLife: '2018-12-08' },
  { line: '18.09', endOfLife: '2019-08-22' },
  { line: '19.03', endOfLife: '2021-01-08' },
  { line: '20.10', endOfLife: '2023-12-10' },
  { line: '23.0', endOfLife: '2025-05-19' },
  { line: '24.0', endOfLife: '2024-06-08' },
  { line: '25.0' },
  { line: '26.0', endOfLife: '2024-06-08' },
  { line: '26.1', endOfLife: '2025-02-17' },
  { line: '27', endOfLife: '2025-05-03' },
  { line: '28' },
  { line: '29' },
];

/** From this major on, a release line is the major version alone. */
const FIRST_MAJOR_ONLY_LINE = 27;

export type EngineSupport =
  | { status: 'maintained' | 'unknown'; line?: string }
  | { status: 'end-of-life'; line: string; endOfLife?: string };

/** The release line of an engine version as Docker writes it: `19.03`, `26.1`, `27`; undefined when it cannot be read. */
export function engineReleaseLine(version: string): string | undefined {
  const parsed = parseVersion(version);
  return parsed ? lineOf(parsed) : undefined;
}

/**
 * Whether the engine's release line was past end of life on `now`. A line
 * older than every line listed (Docker 1.x) is end of life without a date;
 * a line newer than every line listed is unknown, never guessed.
 */
export function engineSupport(version: string, now: Date): EngineSupport {
  const parsed = parseVersion(version);
  if (!parsed) return { status: 'unknown' };
  const line = lineOf(parsed);
  const known = ENGINE_RELEASE_LINES.find((release) => lineOf(parseVersion(release.line) ?? { release: [] }) === line);
  if (known) return supportOn(known, now);
  return olderThanEveryLine(parsed) ? { status: 'end-of-life', line } : { status: 'unknown', line };
}

function supportOn(release: EngineReleaseLine, now: Date): EngineSupport {
  if (release.endOfLife === undefined || now.getTime() < Date.parse(release.endOfLife)) {
    return { status: 'maintained', line: release.line };
  }
  return { status: 'end-of-life', line: release.line, endOfLife: release.endOfLife };
}

/** Docker wrote calendar versions with a two-digit month (`19.03`), which numbers alone would print as `19.3`. */
function lineOf(version: Version): string {
  const major = version.release[0] ?? 0;
  if (major >= FIRST_MAJOR_ONLY_LINE) return releaseLine(version, 1);
  const [first = '0', second = '0'] = releaseLine(version, 2).split('.');
  return major >= 17 && major <= 20 ? `${first}.${second.padStart(2, '0')}` : `${first}.${second}`;
}

function olderThanEveryLine(version: Version): boolean {
  const oldest = ENGINE_RELEASE_LINES[0];
  const first = oldest ? parseVersion(oldest.line) : undefined;
  return first !== undefined && compareVersions(version, first) < 0;
}

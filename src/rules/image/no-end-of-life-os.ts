import type { OsRelease } from '../../facts/image.js';
import type { Severity } from '../../facts/finding.js';
import { OS_RELEASES, OS_RELEASES_UPDATED } from '../data/os-releases.js';
import { imageRule } from '../rule.js';

const DISTRO_NAMES = { debian: 'Debian', ubuntu: 'Ubuntu', alpine: 'Alpine' } as const;

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The version as the table lists it: Alpine by branch (`3.19.1` -> `3.19`). */
function tableVersion(release: OsRelease): string | undefined {
  const version = release.versionId?.trim();
  if (!version || !/^\d+(\.\d+)*$/.test(version)) return undefined;
  return release.id === 'alpine' ? version.split('.').slice(0, 2).join('.') : version;
}

interface Verdict {
  severity: Severity;
  message: string;
}

function verdict(release: OsRelease, now: Date): Verdict | undefined {
  if (!(release.id in DISTRO_NAMES)) return undefined;
  const id = release.id as keyof typeof DISTRO_NAMES;
  const version = tableVersion(release);
  if (!version) return undefined;
  const rows = OS_RELEASES.filter((row) => row.id === id);
  const row = rows.find((candidate) => candidate.version === version);
  const label = `${DISTRO_NAMES[id]} ${version}${row?.codename ? ` (${row.codename})` : ''}`;
  if (!row) {
    const oldest = rows[0];
    if (oldest && compareVersions(version, oldest.version) < 0) {
      return { severity: 'high', message: `${label}, older than ${DISTRO_NAMES[id]} ${oldest.version}, whose support ended on ${oldest.extendedEol ?? oldest.eol}` };
    }
    return undefined;
  }
  const today = now.toISOString().slice(0, 10);
  if (today <= row.eol) return undefined;
  if (row.extendedEol && today <= row.extendedEol) {
    return id === 'ubuntu'
      ? { severity: 'medium', message: `${label}, past standard support since ${row.eol}; security fixes only with an Ubuntu Pro subscription (ESM) until ${row.extendedEol}` }
      : { severity: 'low', message: `${label}, past regular security support since ${row.eol}; only Debian LTS updates until ${row.extendedEol}` };
  }
  return { severity: 'high', message: `${label}, which reached its end of life on ${row.extendedEol ?? row.eol}: no more security fixes` };
}

export default imageRule({
  meta: {
    id: 'no-end-of-life-os',
    title: 'Image is built on an end-of-life OS release',
    severity: 'high',
    reads: 'image',
    cis: ['4.4'],
    docs: {
      why:
        'Once a distribution release leaves support, vulnerabilities found in its packages are no longer fixed, so ' +
        'rebuilding the image no longer helps. The release is read from /etc/os-release and compared with a table of ' +
        `Debian, Ubuntu and Alpine releases (last updated ${OS_RELEASES_UPDATED}, each row citing the project's release page). ` +
        'Past the final end of support is high. Debian past regular security support but within Debian LTS (free, same ' +
        'archive) is low; Ubuntu past standard support but within ESM (needs Ubuntu Pro) is medium. Releases newer ' +
        'than the table, other distributions and images without os-release are not reported.',
      fix: 'Move the base image to a supported release (`FROM debian:13-slim`, `FROM ubuntu:24.04`, `FROM alpine:3.22`), rebuild and test.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker run --rm --entrypoint cat app:1 /etc/os-release | grep VERSION_ID\nVERSION_ID=\"10\"",
          good: "$ docker run --rm --entrypoint cat app:1 /etc/os-release | grep VERSION_ID\nVERSION_ID=\"13\"",
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    const release = facts.contents?.osRelease;
    if (!release) return;
    const found = verdict(release.value, settings.now);
    if (!found) return;
    report({
      message: `image ${facts.name} is built on ${found.message}`,
      at: release.at,
      severity: found.severity,
      fix: { description: 'rebuild on a supported release of the distribution' },
    });
  },
});

import type { HostFacts } from '../../facts/host.js';
import { hostRule, type ReportInput } from '../rule.js';
import { ENGINE_RELEASES_SOURCE, engineSupport } from './data/engine-releases.js';

/** The finding for an engine whose release line was past end of life on `now`; exported so tests can fix the date. */
export function endOfLifeFinding(facts: HostFacts, now: Date): ReportInput | undefined {
  const version = facts.version.engine;
  const support = engineSupport(version, now);
  if (support.status !== 'end-of-life') return undefined;
  const since = support.endOfLife ? `reached end of life on ${support.endOfLife}` : 'is older than every maintained line';
  return {
    message:
      `Docker Engine ${version} belongs to the ${support.line} release line, which ${since}: ` +
      `it gets no security fixes, whatever its patch level. Source: ${ENGINE_RELEASES_SOURCE}`,
    at: { ...facts.at, path: 'Version' },
    fix: { description: 'upgrade Docker Engine to a maintained release line' },
  };
}

export default hostRule({
  meta: {
    id: 'no-end-of-life-engine',
    title: 'Docker Engine release line is past end of life',
    severity: 'high',
    reads: 'host',
    // CIS Docker Benchmark v1.6.0 1.2.2 "Ensure that the version of Docker is up to date"; older editions number it 1.2 or 1.1.x.
    cis: ['1.2.2'],
    docs: {
      why:
        'Docker Engine fixes are released only for maintained release lines. Once a line reaches end of life, new ' +
        'vulnerabilities in the daemon stay open for good, even on its last patch release: 20.10.24 was the newest 20.10 for ' +
        'months after 20.10 stopped being maintained, and it never got the fix for the authorization plugin bypass ' +
        'CVE-2024-41110. hullcheck compares the release line with end-of-life dates kept in the repository, taken from the ' +
        'Moby project\'s branch table and endoflife.date. (CIS Docker Benchmark v1.6.0 1.2.2; older editions number it differently.)',
      fix:
        'Upgrade to a maintained release line, from Docker\'s apt or yum repository or your distribution. Plan upgrades: ' +
        'a major release is usually maintained only for a short time after the next one ships.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker version --format '{{.Server.Version}}'\n20.10.24",
          good: "$ docker version --format '{{.Server.Version}}'\n29.1.3",
        },
      ],
    },
  },
  check(facts, { report }) {
    const found = endOfLifeFinding(facts, new Date());
    if (found) report(found);
  },
});

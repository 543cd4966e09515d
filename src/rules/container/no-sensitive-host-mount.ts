import type { MountFact } from '../../facts/container.js';
import { severityRank, type Severity } from '../../facts/finding.js';
import { containerRule } from '../rule.js';
import { HARMLESS_HOME_ENTRIES, SENSITIVE_PATHS } from './data/sensitive-paths.js';
import { accessText, canonicalRunPath, classifyHostPath, isWithin, type HostPath } from './host-paths.js';
import { runtimeSocketExposure } from './runtime-socket.js';

interface PathRisk {
  holds: string;
  writable: Severity | null;
  readOnly: Severity | null;
}

export default containerRule({
  meta: {
    id: 'no-sensitive-host-mount',
    title: 'Container mounts a sensitive host path',
    severity: 'high',
    reads: 'container',
    cis: ['5.6'],
    docs: {
      why:
        'A bind mount puts a piece of the host file system inside the container. Writable, a system directory such as ' +
        '`/etc`, `/usr` or `/var/lib/docker` lets the container plant programs, accounts or configuration that the host ' +
        'later runs as root. Even read-only, paths like `/etc`, `/proc` or a home directory give away password hashes, ' +
        'keys and credentials. Time zone files and CA certificates mounted read-only are not reported.',
      fix:
        'Mount only the specific file or directory the service needs, read-only where possible (`:ro`, `read_only: true`), ' +
        'or copy the data into a named volume. Keep secrets out of bind mounts and pass them as Docker secrets.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /etc:/host/etc',
          good: 'services:\n  app:\n    image: nginx:1.27\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - ./conf:/etc/nginx/conf.d:ro',
        },
        {
          kind: 'run',
          bad: 'docker run -v ~/.ssh:/root/.ssh nginx:1.27',
          good: 'docker run -v /etc/localtime:/etc/localtime:ro nginx:1.27',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const mount of facts.mounts) {
      if (mount.value.type !== 'bind') continue;
      const host = classifyHostPath(mount.value.source);
      // Socket-reaching paths are no-docker-socket-mount's; `/` is reported by both.
      if (host.path !== '/' && runtimeSocketExposure(mount.value)) continue;
      const risk = mountRisk(host, mount.value);
      if (!risk) continue;
      report({
        message: `container "${facts.name}" mounts host path ${host.path} ${accessText(mount.value)}: it ${risk.holds}`,
        at: mount.at,
        severity: risk.severity,
        fix: { description: 'mount only the file or directory the service needs, read-only, or use a named volume' },
      });
    }
  },
});

interface MountRisk {
  severity: Severity;
  holds: string;
}

function mountRisk(host: HostPath, mount: MountFact): MountRisk | undefined {
  if (host.kind === 'home') return riskOf(homeRisk(host.rest), mount, 'holds');
  if (host.kind !== 'absolute') return undefined;
  const path = canonicalRunPath(host.path);
  const home = /^\/root(?:\/(.*))?$/.exec(path) ?? /^\/home\/[^/]+(?:\/(.*))?$/.exec(path);
  if (home) return riskOf(homeRisk(home[1] ?? ''), mount, 'holds');
  if (path === '/home') return riskOf({ holds: 'every user\'s home directory', writable: 'critical', readOnly: 'high' }, mount, 'holds');
  const own = riskOf(containingEntry(path), mount, 'holds');
  if (path === '/') return own;
  // A directory above a sensitive path hands that path over too: `/etc/ssl` contains `/etc/ssl/private`.
  const inside = SENSITIVE_PATHS.filter((entry) => entry.path !== path && isWithin(entry.path, path))
    .map((entry) => riskOf(entry, mount, `contains ${entry.path}, which holds`))
    .reduce(higherRisk, undefined);
  return higherRisk(own, inside);
}

function riskOf(risk: PathRisk | undefined, mount: MountFact, verb: string): MountRisk | undefined {
  const severity = risk && (mount.readOnly ? risk.readOnly : risk.writable);
  return risk && severity ? { severity, holds: `${verb} ${risk.holds}` } : undefined;
}

function higherRisk(a: MountRisk | undefined, b: MountRisk | undefined): MountRisk | undefined {
  if (!a || !b) return a ?? b;
  return severityRank(b.severity) > severityRank(a.severity) ? b : a;
}

/** A home directory, or a dot-entry in it (`.ssh`, `.aws`, `.kube`, `.bashrc`); other subdirectories are ordinary data. */
function homeRisk(rest: string): PathRisk | undefined {
  const first = rest.split('/')[0] ?? '';
  if (first === '') return { holds: 'a home directory with its keys, credentials and shell start-up files', writable: 'critical', readOnly: 'high' };
  if (!first.startsWith('.') || HARMLESS_HOME_ENTRIES.has(first)) return undefined;
  return { holds: `${first} of a home directory, where credentials and start-up files live`, writable: 'critical', readOnly: 'high' };
}

/** The most specific entry that covers the path; entries with `below` rate their subpaths separately. */
function containingEntry(path: string): PathRisk | undefined {
  let best: (typeof SENSITIVE_PATHS)[number] | undefined;
  for (const entry of SENSITIVE_PATHS) {
    const matches = entry.subpaths === false ? path === entry.path : isWithin(path, entry.path);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  if (!best || !best.below || path === best.path) return best;
  return best.below;
}

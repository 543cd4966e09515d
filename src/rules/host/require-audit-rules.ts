import type { HostFacts, HostFileRole } from '../../facts/host.js';
import type { Location } from '../../facts/location.js';
import { hostRule } from '../rule.js';

/** The Docker files auditd should watch, with the CIS control that asks for each. */
const AUDITED_ROLES: Partial<Record<HostFileRole, string | undefined>> = {
  'data-root': '1.1.5',
  'etc-docker': '1.1.6',
  'docker.service': '1.1.7',
  'containerd.sock': '1.1.8',
  'docker.socket-unit': '1.1.9',
  'etc-default-docker': '1.1.10',
  'daemon.json': '1.1.11',
  'etc-sysconfig-docker': '1.1.13',
  // Not named by the benchmark, but every API call goes through it.
  'docker.sock': undefined,
};

interface AuditTarget {
  path: string;
  at: Location;
  cis?: string;
}

function targets(facts: HostFacts): AuditTarget[] {
  const files = (facts.host?.files ?? []).flatMap((file): AuditTarget[] =>
    file.role in AUDITED_ROLES && file.type !== 'missing' ? [{ path: file.path, at: file.at, cis: AUDITED_ROLES[file.role] }] : [],
  );
  const dockerd = facts.daemon?.process;
  const binary = dockerd?.argv[0];
  return binary?.startsWith('/') && dockerd ? [{ path: binary, at: dockerd.at, cis: '1.1.3' }, ...files] : files;
}

/** /var/run is a link to /run on current distributions; a rule may name either. */
function normalized(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.startsWith('/var/run/') ? trimmed.slice('/var'.length) : trimmed;
}

/** A watch on a directory covers everything below it. */
function isWatched(path: string, watched: readonly string[]): boolean {
  const target = normalized(path);
  return watched.map(normalized).some((entry) => entry === target || target.startsWith(entry === '/' ? '/' : `${entry}/`));
}

export default hostRule({
  meta: {
    id: 'require-audit-rules',
    title: 'auditd does not watch the Docker daemon and its files',
    severity: 'low',
    reads: 'host',
    cis: ['1.1.3', '1.1.5', '1.1.6', '1.1.7', '1.1.8', '1.1.9', '1.1.10', '1.1.11', '1.1.13'],
    docs: {
      why:
        'The Docker daemon runs as root and its configuration decides what every container may do. When someone changes ' +
        'daemon.json, a unit file or the socket, or replaces the dockerd binary, an audit record of who did it and when ' +
        'is what lets an investigation tell an attack from a maintenance window. auditd keeps that record only for paths ' +
        'its rules watch.',
      fix:
        'Add a watch for each path to a file in /etc/audit/rules.d/, for example `-w /etc/docker -k docker`, ' +
        '`-w /usr/bin/dockerd -k docker`, `-w /var/lib/docker -k docker`, `-w /lib/systemd/system/docker.service -k docker`, ' +
        'then load them with `augenrules --load`. Watching a directory covers the files in it.',
      examples: [
        {
          kind: 'host',
          bad: '$ auditctl -l\n-w /etc/passwd -p wa -k identity',
          good:
            '$ auditctl -l\n-w /usr/bin/dockerd -p rwxa -k docker\n-w /var/lib/docker -p rwxa -k docker\n-w /etc/docker -p rwxa -k docker\n' +
            '-w /lib/systemd/system/docker.service -p rwxa -k docker\n-w /lib/systemd/system/docker.socket -p rwxa -k docker\n' +
            '-w /run/docker.sock -p rwxa -k docker\n-w /run/containerd -p rwxa -k docker',
        },
      ],
    },
  },
  check(facts, { report }) {
    const audit = facts.host?.audit;
    if (!audit?.running) return;
    for (const target of targets(facts)) {
      if (isWatched(target.path, audit.watched)) continue;
      report({
        message: `auditd runs but no rule watches ${target.path}: changes to it leave no audit record${target.cis ? ` (CIS ${target.cis})` : ''}`,
        at: target.at,
        fix: { description: `add "-w ${target.path} -k docker" to the audit rules` },
      });
    }
  },
});

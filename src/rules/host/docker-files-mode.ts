import type { Severity } from '../../facts/finding.js';
import { hostRule } from '../rule.js';
import { type CheckedFile, checkedFiles, cisList, octal } from './docker-files.js';

const CLASSES = [
  { who: 'its owner', shift: 6 },
  { who: 'its group', shift: 3 },
  { who: 'every user', shift: 0 },
] as const;

const READ = 4;
const WRITE = 2;
const EXECUTE = 1;
const SPECIAL_BITS = 0o7000;

/** The permission bits a file has beyond those allowed, compared bit by bit (not as decimal numbers, as docker-bench did). */
export function extraBits(mode: number, maxMode: number): number {
  return mode & ~maxMode & 0o7777;
}

function actions(bits: number): string {
  const names = [bits & READ ? 'read' : '', bits & WRITE ? 'write' : '', bits & EXECUTE ? 'execute' : ''].filter(Boolean);
  return names.join(' and ');
}

function describeExtra(extra: number, socket: boolean): string {
  const gains = CLASSES.flatMap(({ who, shift }) => {
    const bits = (extra >> shift) & 7;
    if (!bits) return [];
    if (socket && bits & WRITE && shift < 6) return [`${who} can connect to it and so control the containers and the host`];
    return [`${who} can ${actions(bits)} it`];
  });
  if (extra & SPECIAL_BITS) gains.push('it has setuid, setgid or sticky bits');
  return gains.join(', ');
}

function severityOf(extra: number, { expected, file }: CheckedFile): Severity {
  const othersOrGroupWrite = extra & ((WRITE << 3) | WRITE);
  if (expected.socket && othersOrGroupWrite) return 'critical';
  if (othersOrGroupWrite) return 'high';
  if (file.role === 'tls-key' && extra & ((READ << 3) | READ)) return 'high';
  return 'low';
}

export default hostRule({
  meta: {
    id: 'docker-files-mode',
    title: 'Docker socket, configuration or certificate file is more open than it should be',
    severity: 'high',
    reads: 'host',
    cis: cisList((expected) => expected.cis.mode),
    docs: {
      why:
        'Whoever can write daemon.json, the systemd units or /etc/default/docker decides how the next dockerd runs, ' +
        'which is root. Whoever can connect to the Docker or containerd socket controls every container and the host. ' +
        'Whoever can read the daemon\'s TLS key can pose as the daemon to its clients. So these files must be writable ' +
        'only by root, the sockets open to root and the docker group only, and the key readable by root only.',
      fix:
        'Restore the modes: `chmod 644` for daemon.json, the docker.service and docker.socket units and /etc/default/docker; ' +
        '`chmod 755` for /etc/docker and /etc/docker/certs.d; `chmod 444` for certificates; `chmod 400` for the TLS key; ' +
        '`chmod 660` for docker.sock and containerd.sock (and fix the socket unit\'s `SocketMode=` so it stays that way).',
      examples: [
        {
          kind: 'host',
          bad: '$ stat -c \'%a %U:%G %n\' /etc/docker/daemon.json /var/run/docker.sock\n664 root:root /etc/docker/daemon.json\n666 root:docker /var/run/docker.sock',
          good: '$ stat -c \'%a %U:%G %n\' /etc/docker/daemon.json /var/run/docker.sock\n644 root:root /etc/docker/daemon.json\n660 root:docker /var/run/docker.sock',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const checked of checkedFiles(facts)) {
      const { file, expected } = checked;
      if (file.mode === undefined) continue;
      const extra = extraBits(file.mode, expected.maxMode);
      if (!extra) continue;
      report({
        message:
          `${expected.label} ${file.path} has mode ${octal(file.mode)}, more open than ${octal(expected.maxMode)}: ` +
          `${describeExtra(extra, expected.socket === true)} (CIS ${expected.cis.mode})`,
        at: file.at,
        severity: severityOf(extra, checked),
        fix: { description: `chmod ${octal(file.mode & expected.maxMode).slice(1)} ${file.path}` },
      });
    }
  },
});

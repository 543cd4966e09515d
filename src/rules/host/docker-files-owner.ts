import type { HostFacts, HostFile } from '../../facts/host.js';
import type { Severity } from '../../facts/finding.js';
import { hostRule } from '../rule.js';
import { type CheckedFile, checkedFiles, cisList } from './docker-files.js';
import { daemonSetting, isRootless } from './daemon-settings.js';

function userName(file: HostFile): string {
  return file.user ?? (file.uid === undefined ? '?' : String(file.uid));
}

function groupName(file: HostFile): string {
  return file.group ?? (file.gid === undefined ? '?' : String(file.gid));
}

/** The socket's group is `docker` unless dockerd was told otherwise (`group` in daemon.json, `-G`); root only is stricter and fine. */
function socketGroups(facts: HostFacts): Set<string> {
  const configured = daemonSetting(facts, 'group')?.setting.value;
  return new Set(['root', '0', typeof configured === 'string' && configured.trim() ? configured.trim() : 'docker']);
}

function groupIsExpected(facts: HostFacts, { file, expected }: CheckedFile): boolean {
  if (file.gid === undefined && file.group === undefined) return true;
  if (expected.group === 'root') return file.gid === 0 || (file.gid === undefined && file.group === 'root');
  const allowed = socketGroups(facts);
  return file.gid === 0 || allowed.has(groupName(file));
}

function ownerIsExpected(file: HostFile): boolean {
  if (file.uid !== undefined) return file.uid === 0;
  return file.user === undefined || file.user === 'root';
}

function consequence({ file, expected }: CheckedFile, ownerWrong: boolean): string {
  if (ownerWrong) return `user ${userName(file)} can change it and its permissions`;
  const groupCanWrite = file.mode === undefined || (file.mode & 0o020) !== 0;
  if (expected.socket && groupCanWrite) return `members of group ${groupName(file)} can connect to it and so control the containers and the host`;
  return `members of group ${groupName(file)} get whatever access its mode gives that group`;
}

function severityOf({ expected }: CheckedFile, ownerWrong: boolean): Severity {
  if (ownerWrong || expected.socket) return 'high';
  return 'medium';
}

export default hostRule({
  meta: {
    id: 'docker-files-owner',
    title: 'Docker socket, configuration or certificate file is not owned by root',
    severity: 'high',
    reads: 'host',
    cis: cisList((expected) => expected.cis.owner),
    docs: {
      why:
        'The owner of a file can change its permissions, so a daemon.json, systemd unit or TLS key owned by an ordinary ' +
        'user is as good as writable by that user, and whoever writes the daemon\'s configuration runs code as root. The ' +
        'Docker socket belongs to root and the docker group, because every member of its group can control the host; any ' +
        'other group silently widens that circle.',
      fix:
        'Give the files back to root: `chown root:root` for daemon.json, /etc/docker and everything in it, the systemd units, ' +
        '/etc/default/docker and the containerd socket; `chown root:docker` for docker.sock (or set `SocketGroup=` in the ' +
        'docker.socket unit).',
      examples: [
        {
          kind: 'host',
          bad: '$ stat -c \'%a %U:%G %n\' /etc/docker/daemon.json /var/run/docker.sock\n644 deploy:deploy /etc/docker/daemon.json\n660 root:developers /var/run/docker.sock',
          good: '$ stat -c \'%a %U:%G %n\' /etc/docker/daemon.json /var/run/docker.sock\n644 root:root /etc/docker/daemon.json\n660 root:docker /var/run/docker.sock',
        },
      ],
    },
  },
  check(facts, { report }) {
    // A rootless daemon's files belong to the user who runs it.
    if (isRootless(facts)) return;
    for (const checked of checkedFiles(facts)) {
      const { file, expected } = checked;
      const ownerWrong = !ownerIsExpected(file);
      if (!ownerWrong && groupIsExpected(facts, checked)) continue;
      const wanted = `root:${expected.group}`;
      report({
        message:
          `${expected.label} ${file.path} is owned by ${userName(file)}:${groupName(file)}, not ${wanted}: ` +
          `${consequence(checked, ownerWrong)} (CIS ${expected.cis.owner})`,
        at: file.at,
        severity: severityOf(checked, ownerWrong),
        fix: { description: `chown ${wanted} ${file.path}` },
      });
    }
  },
});

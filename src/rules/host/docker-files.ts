import type { HostFacts, HostFile, HostFileRole } from '../../facts/host.js';

/** What CIS section 3 expects of one kind of Docker file: its owner, the widest mode, and the controls that say so. */
export interface FileExpectation {
  /** How a message names the file before its path. */
  label: string;
  group: 'root' | 'docker';
  maxMode: number;
  cis: { owner: string; mode: string };
  socket?: boolean;
}

export const FILE_EXPECTATIONS: Partial<Record<HostFileRole, FileExpectation>> = {
  'docker.service': { label: 'the docker.service unit', group: 'root', maxMode: 0o644, cis: { owner: '3.1', mode: '3.2' } },
  'docker.socket-unit': { label: 'the docker.socket unit', group: 'root', maxMode: 0o644, cis: { owner: '3.3', mode: '3.4' } },
  'etc-docker': { label: 'the Docker configuration directory', group: 'root', maxMode: 0o755, cis: { owner: '3.5', mode: '3.6' } },
  'certs.d': { label: 'the registry certificate directory', group: 'root', maxMode: 0o755, cis: { owner: '3.7', mode: '3.8' } },
  'registry-cert': { label: 'the registry certificate', group: 'root', maxMode: 0o444, cis: { owner: '3.7', mode: '3.8' } },
  'tls-ca': { label: 'the TLS CA certificate', group: 'root', maxMode: 0o444, cis: { owner: '3.9', mode: '3.10' } },
  'tls-cert': { label: 'the daemon\'s TLS certificate', group: 'root', maxMode: 0o444, cis: { owner: '3.11', mode: '3.12' } },
  'tls-key': { label: 'the daemon\'s TLS key', group: 'root', maxMode: 0o400, cis: { owner: '3.13', mode: '3.14' } },
  'docker.sock': { label: 'the Docker socket', group: 'docker', maxMode: 0o660, cis: { owner: '3.15', mode: '3.16' }, socket: true },
  'daemon.json': { label: 'the daemon configuration', group: 'root', maxMode: 0o644, cis: { owner: '3.17', mode: '3.18' } },
  'etc-default-docker': { label: 'the dockerd defaults file', group: 'root', maxMode: 0o644, cis: { owner: '3.19', mode: '3.20' } },
  'etc-sysconfig-docker': { label: 'the dockerd sysconfig file', group: 'root', maxMode: 0o644, cis: { owner: '3.22', mode: '3.21' } },
  'containerd.sock': { label: 'the containerd socket', group: 'root', maxMode: 0o660, cis: { owner: '3.23', mode: '3.24' }, socket: true },
};

export interface CheckedFile {
  file: HostFile;
  expected: FileExpectation;
}

/** The Docker files on the host that CIS section 3 has expectations for and that exist. */
export function checkedFiles(facts: HostFacts): CheckedFile[] {
  const files = facts.host?.files ?? [];
  return files.flatMap((file) => {
    const expected = FILE_EXPECTATIONS[file.role];
    return expected && file.type !== 'missing' ? [{ file, expected }] : [];
  });
}

export function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

export function cisList(pick: (expected: FileExpectation) => string): string[] {
  const numbers = new Set(Object.values(FILE_EXPECTATIONS).map((expected) => pick(expected)));
  return [...numbers].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

import type { Severity } from '../../../facts/finding.js';
import { compareVersions, parseVersion, releaseLine, type Version } from '../../helpers/versions.js';

export type VulnerableComponent = 'kernel' | 'runc' | 'containerd' | 'engine';

/**
 * Which versions carry the flaw. `fixed` lists the first fixed version of
 * every release line upstream patched (`1.3.9` and `1.4.3`); a version on a
 * line with no fix of its own is affected when it is older than the newest
 * fix (its line was dropped unpatched) and safe when newer (the line came
 * after the fix).
 */
export interface AffectedVersions {
  /** First affected version; absent when every earlier version is affected. */
  introduced?: string;
  fixed: readonly string[];
}

export interface KnownVulnerability {
  id: string;
  component: VulnerableComponent;
  /** One line, in our own words. */
  title: string;
  severity: Severity;
  affected: AffectedVersions;
  /** The upstream advisory, or the NVD record when upstream has none. */
  source: string;
  /** When only some setups are exposed, which ones. */
  condition?: string;
  /** A condition the engine's own facts can decide. */
  requires?: 'authorization-plugin';
}

/**
 * Release lines are `major.minor` for every component here: kernel stable
 * lines (`6.1`), runc and containerd minor releases (`1.4`), and Docker
 * release branches (`26.1`; from 27 on patch lines are minor releases too).
 */
const LINE_PARTS = 2;

/**
 * Boundaries were checked against the upstream advisories and the kernel
 * stable-tree CVE tables (nluedtke/linux_kernel_cves). Kernel fixes are
 * listed only for the stable lines whose fixed release could be confirmed;
 * a kernel on another old line is reported unless its distribution
 * changelog names the CVE.
 */
export const KNOWN_VULNERABILITIES: readonly KnownVulnerability[] = [
  {
    id: 'CVE-2019-5736',
    component: 'runc',
    title: 'a container process can overwrite the host runc binary through /proc/self/exe and run code as root on the host',
    severity: 'critical',
    affected: { fixed: ['1.0.0-rc7'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2019-5736',
  },
  {
    id: 'CVE-2021-30465',
    component: 'runc',
    title: 'swapping a volume path for a symlink while runc mounts it lets a container bind-mount host directories',
    severity: 'high',
    affected: { fixed: ['1.0.0-rc95'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2021-30465',
  },
  {
    id: 'CVE-2024-21626',
    component: 'runc',
    title: 'a leaked host directory descriptor lets an image or exec working directory reach the host filesystem ("Leaky Vessels")',
    severity: 'high',
    affected: { introduced: '1.0.0-rc93', fixed: ['1.1.12'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2024-21626',
  },
  {
    id: 'CVE-2025-31133',
    component: 'runc',
    title: 'racing the /dev/null bind mount used to mask paths lets a container write to host procfs files and escape',
    severity: 'high',
    affected: { fixed: ['1.2.8', '1.3.3', '1.4.0-rc.3'] },
    source: 'https://github.com/opencontainers/runc/security/advisories/GHSA-9493-h29p-rfm2',
  },
  {
    id: 'CVE-2025-52565',
    component: 'runc',
    title: 'racing the /dev/console bind mount lets a container gain write access to masked or read-only procfs files',
    severity: 'high',
    affected: { introduced: '1.0.0-rc3', fixed: ['1.2.8', '1.3.3', '1.4.0-rc.3'] },
    source: 'https://github.com/opencontainers/runc/security/advisories/GHSA-qw9x-cqr3-wc7r',
  },
  {
    id: 'CVE-2025-52881',
    component: 'runc',
    title: 'shared-mount races redirect runc\'s own /proc writes, bypassing LSM labels and writing arbitrary procfs files',
    severity: 'high',
    affected: { fixed: ['1.2.8', '1.3.3', '1.4.0-rc.3'] },
    source: 'https://github.com/opencontainers/runc/security/advisories/GHSA-cgrx-mc8f-2prm',
  },
  {
    id: 'CVE-2020-15257',
    component: 'containerd',
    title: 'the shim API listens on an abstract socket any host-network container can reach, and use to run host processes',
    severity: 'high',
    affected: { fixed: ['1.3.9', '1.4.3'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2020-15257',
    condition: 'containers that share the host network namespace',
  },
  {
    id: 'CVE-2022-23648',
    component: 'containerd',
    title: 'image volume paths are not confined, so an image can expose read-only copies of host files to its container',
    severity: 'high',
    affected: { fixed: ['1.4.13', '1.5.10', '1.6.1'] },
    source: 'https://github.com/containerd/containerd/security/advisories/GHSA-crp2-qrr5-8pq7',
    condition: 'containers started through containerd\'s CRI plugin (Kubernetes, crictl), not through dockerd',
  },
  {
    id: 'CVE-2024-40635',
    component: 'containerd',
    title: 'a user id or group id above 2^31-1 overflows and the container runs as root',
    severity: 'medium',
    affected: { fixed: ['1.6.38', '1.7.27', '2.0.4'] },
    source: 'https://github.com/containerd/containerd/security/advisories/GHSA-265r-hfxg-fhmg',
  },
  {
    id: 'CVE-2019-14271',
    component: 'engine',
    title: '`docker cp` loads libraries from inside the container, so a malicious image gets code run on the host',
    severity: 'critical',
    affected: { introduced: '19.03.0', fixed: ['19.03.1'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2019-14271',
  },
  {
    id: 'CVE-2021-41091',
    component: 'engine',
    title: 'the data directory is traversable by any local user, who can then run setuid programs from container filesystems',
    severity: 'medium',
    affected: { fixed: ['20.10.9'] },
    source: 'https://github.com/moby/moby/security/advisories/GHSA-3fwx-pjgw-3558',
  },
  {
    id: 'CVE-2024-41110',
    component: 'engine',
    title: 'an API request sent with an empty body reaches authorization plugins without it, so they may allow what they would deny',
    severity: 'critical',
    // The 2018 form of the bug was fixed in 18.09.1; the fix was lost from 19.03 on.
    affected: { introduced: '19.03.0', fixed: ['23.0.15', '25.0.6', '26.1.5', '27.1.1'] },
    source: 'https://github.com/moby/moby/security/advisories/GHSA-v23v-6jw2-98fq',
    condition: 'engines that use authorization (AuthZ) plugins',
    requires: 'authorization-plugin',
  },
  {
    id: 'CVE-2025-54410',
    component: 'engine',
    title: 'after a firewalld reload the rules isolating bridge networks are not restored, so containers reach other networks',
    severity: 'low',
    affected: { fixed: ['25.0.13', '28.0.0'] },
    source: 'https://github.com/moby/moby/security/advisories/GHSA-4vq8-7jfc-9cvp',
    condition: 'hosts running firewalld',
  },
  {
    id: 'CVE-2025-54388',
    component: 'engine',
    title: 'after a firewalld reload, ports published only on loopback become reachable from other machines',
    severity: 'medium',
    affected: { introduced: '28.2.0', fixed: ['28.3.3'] },
    source: 'https://github.com/moby/moby/security/advisories/GHSA-x4rx-4gw3-53p4',
    condition: 'hosts running firewalld',
  },
  {
    id: 'CVE-2026-34040',
    component: 'engine',
    title: 'an oversized API request body is dropped before authorization plugins see it, reopening the CVE-2024-41110 bypass',
    severity: 'high',
    affected: { fixed: ['29.3.1'] },
    source: 'https://github.com/moby/moby/security/advisories/GHSA-x744-4wpc-v9h2',
    condition: 'engines that use authorization (AuthZ) plugins',
    requires: 'authorization-plugin',
  },
  {
    id: 'CVE-2016-5195',
    component: 'kernel',
    title: 'a copy-on-write race lets a local user write to read-only memory mappings and files ("Dirty COW")',
    severity: 'high',
    affected: { introduced: '2.6.22', fixed: ['4.4.26', '4.7.9', '4.8.3'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2016-5195',
  },
  {
    id: 'CVE-2022-0185',
    component: 'kernel',
    title: 'an integer underflow in filesystem-context parameter parsing overflows the heap; exploitable from a user namespace',
    severity: 'high',
    affected: { introduced: '5.1', fixed: ['5.4.173', '5.10.93', '5.15.16', '5.16.2'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2022-0185',
  },
  {
    id: 'CVE-2022-0492',
    component: 'kernel',
    title: 'cgroup v1 release_agent can be set without the capability check, letting a container run a program on the host',
    severity: 'high',
    affected: { fixed: ['4.14.266', '4.19.229', '5.4.177', '5.10.97', '5.15.20', '5.16.6'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2022-0492',
  },
  {
    id: 'CVE-2022-0847',
    component: 'kernel',
    title: 'stale pipe buffer flags let any user overwrite read-only and page-cached files ("Dirty Pipe")',
    severity: 'high',
    affected: { introduced: '5.8', fixed: ['5.10.102', '5.15.25', '5.16.11'] },
    source: 'https://nvd.nist.gov/vuln/detail/CVE-2022-0847',
  },
];

export type Exposure =
  | { affected: false }
  | {
      affected: true;
      /** The version's release line: `1.1` of `1.1.11`. */
      line: string;
      /** The fix on the version's own release line, when upstream made one. */
      lineFix?: string;
      /** Every fixed version, oldest first. */
      fixes: string[];
    };

/** Whether `version` carries the flaw; a version that cannot be read is not judged. */
export function exposureOf(vulnerability: KnownVulnerability, version: string): Exposure {
  const parsed = parseVersion(version);
  if (!parsed || beforeIntroduction(vulnerability, parsed)) return { affected: false };
  const fixes = vulnerability.affected.fixed
    .flatMap((text) => {
      const fix = parseVersion(text);
      return fix ? [{ text, fix }] : [];
    })
    .sort((a, b) => compareVersions(a.fix, b.fix));
  const line = releaseLine(parsed, LINE_PARTS);
  const lineFix = fixes.find(({ fix }) => releaseLine(fix, LINE_PARTS) === line);
  const threshold = lineFix ?? fixes.at(-1);
  if (threshold && compareVersions(parsed, threshold.fix) >= 0) return { affected: false };
  return { affected: true, line, fixes: fixes.map(({ text }) => text), ...(lineFix ? { lineFix: lineFix.text } : {}) };
}

function beforeIntroduction(vulnerability: KnownVulnerability, version: Version): boolean {
  const introduced = vulnerability.affected.introduced;
  const first = introduced === undefined ? undefined : parseVersion(introduced);
  return first !== undefined && compareVersions(version, first) < 0;
}

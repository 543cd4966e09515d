import type { HostFacts, InstalledPackage } from '../../facts/host.js';
import type { Location } from '../../facts/location.js';
import { upstreamVersion } from '../helpers/versions.js';
import { hostRule, type ReportInput } from '../rule.js';
import { exposureOf, KNOWN_VULNERABILITIES, type KnownVulnerability, type VulnerableComponent } from './data/known-vulnerabilities.js';

const COMPONENT_NAMES: Record<VulnerableComponent, string> = {
  engine: 'Docker Engine',
  runc: 'runc',
  containerd: 'containerd',
  kernel: 'Linux kernel',
};

/** A component version as the host reports it, and where it was read. */
interface RunningComponent {
  component: VulnerableComponent;
  version: string;
  at: Location;
}

function runningComponents(facts: HostFacts): RunningComponent[] {
  const running: RunningComponent[] = [{ component: 'engine', version: facts.version.engine, at: { ...facts.at, path: 'Version' } }];
  for (const component of ['runc', 'containerd'] as const) {
    const version = facts.version.components[component];
    if (version) running.push({ component, version, at: { ...facts.at, path: `Components.${component}` } });
  }
  const kernel = runningKernel(facts);
  if (kernel) running.push(kernel);
  return running;
}

/**
 * The kernel's upstream version: read from the host when it is local. For a
 * remote engine only `uname -r` is known, and a distribution release such as
 * `5.10.0-28-amd64` or `5.15.0-91-generic` keeps the patch level at 0 while
 * the kernel carries hundreds of upstream fixes, so such a release is not
 * judged.
 */
function runningKernel(facts: HostFacts): RunningComponent | undefined {
  if (facts.host) return { component: 'kernel', version: facts.host.kernel.version.value, at: facts.host.kernel.version.at };
  const release = facts.version.kernel.trim();
  const version = upstreamVersion(release);
  if (!version || isDistributionAbiRelease(release)) return undefined;
  return { component: 'kernel', version, at: { ...facts.at, path: 'KernelVersion' } };
}

function isDistributionAbiRelease(release: string): boolean {
  return /^\d+\.\d+(\.0)?[-+~]/.test(release);
}

type BackportCheck =
  | { decided: 'backported' }
  | { decided: 'upstream'; reason: string; at?: Location };

/** Distributions fix a version in place; the package changelog naming the CVE is the record of that. */
function backportCheck(facts: HostFacts, component: VulnerableComponent, cve: string): BackportCheck {
  const packages = facts.host?.packages.filter((p) => p.component === component) ?? [];
  const mentioning = packages.find((p) => p.changelogCves?.has(cve));
  if (mentioning) return { decided: 'backported' };
  const installed = packages[0];
  if (!installed) return { decided: 'upstream', reason: noPackageReason(facts) };
  return { decided: 'upstream', reason: changelogReason(installed), at: installed.at };
}

function noPackageReason(facts: HostFacts): string {
  return facts.host
    ? 'no installed package provides it, so there is no changelog to show a backported fix'
    : 'the host\'s packages were not read, so a backported fix could not be checked';
}

function changelogReason(installed: InstalledPackage): string {
  const name = `${installed.name} ${installed.version}`;
  return installed.changelogCves
    ? `the Debian changelog of ${name} does not mention it, so no backported fix is assumed`
    : `${name} has no readable Debian changelog, so a backported fix could not be checked`;
}

function finding(running: RunningComponent, vulnerability: KnownVulnerability, facts: HostFacts): ReportInput | undefined {
  const exposure = exposureOf(vulnerability, running.version);
  if (!exposure.affected) return undefined;
  const check = backportCheck(facts, running.component, vulnerability.id);
  if (check.decided === 'backported') return undefined;
  const name = COMPONENT_NAMES[running.component];
  const fixed = exposure.lineFix
    ? `fixed in ${exposure.lineFix}`
    : `fixed in ${exposure.fixes.join(', ')}, with no fix for the ${exposure.line} line`;
  const exposed = exposedNow(vulnerability, facts);
  return {
    message:
      `${name} ${running.version} is affected by ${vulnerability.id}: ${vulnerability.title}; ${fixed}. ` +
      `Decided from the version: ${check.reason}.${exposed.note} Source: ${vulnerability.source}`,
    at: check.at ?? running.at,
    severity: exposed.now ? vulnerability.severity : 'info',
    fix: { description: `upgrade ${name} to ${exposure.lineFix ?? exposure.fixes.at(-1) ?? 'a fixed version'} or later` },
  };
}

/** Whether this engine is exposed now, when the flaw needs a setup the facts show; and a note saying so. */
function exposedNow(vulnerability: KnownVulnerability, facts: HostFacts): { now: boolean; note: string } {
  const only = vulnerability.condition ? ` Only ${vulnerability.condition} are exposed` : '';
  if (vulnerability.requires !== 'authorization-plugin') return { now: true, note: only ? `${only}.` : '' };
  const plugins = facts.info.authorizationPlugins;
  return plugins.length > 0
    ? { now: true, note: `${only}; this one uses ${plugins.join(', ')}.` }
    : { now: false, note: `${only}; this one uses none, so it is not exposed until one is added.` };
}

export default hostRule({
  meta: {
    id: 'no-known-vulnerable-components',
    title: 'Kernel, runc, containerd or Docker Engine has a known vulnerability',
    severity: 'high',
    reads: 'host',
    // CIS Docker Benchmark v1.6.0 numbers "host hardened" 1.2.1 and "Docker up to date" 1.2.2; editions before 1.2.0 numbered them 1.1 and 1.2.
    cis: ['1.2.1', '1.2.2'],
    docs: {
      why:
        'Every container shares the host kernel, and runc, containerd and dockerd all run as root. A flaw in any of them is a ' +
        'way out of every container on the host: runc CVE-2019-5736 and CVE-2024-21626, the kernel\'s Dirty Pipe and the cgroup ' +
        '`release_agent` bug all turned an ordinary container into root on the host. hullcheck compares the versions the engine ' +
        'and the host report with a list of such vulnerabilities kept in the repository, each with its fixed versions and a link ' +
        'to the advisory. Distributions fix a version in place without changing it, so when a component comes from a Debian or ' +
        'Ubuntu package, a CVE its changelog names is taken as fixed; the message says which way each finding was decided. ' +
        '(CIS Docker Benchmark v1.6.0 1.2.1 and 1.2.2; older editions number these controls differently.)',
      fix:
        'Upgrade the component to the fixed version the finding names, or to a later release, and restart dockerd (runc and ' +
        'containerd) or reboot (the kernel). Distribution users: install the distribution\'s security updates, which carry the fix ' +
        'in their own version numbers.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker version --format '{{range .Server.Components}}{{.Name}} {{.Version}}{{println}}{{end}}'\nEngine 26.1.4\ncontainerd 1.6.31\nrunc 1.1.11\ndocker-init 0.19.0",
          good: "$ docker version --format '{{range .Server.Components}}{{.Name}} {{.Version}}{{println}}{{end}}'\nEngine 29.1.3\ncontainerd 2.1.5\nrunc 1.3.3\ndocker-init 0.19.0",
        },
        { kind: 'host', bad: '$ uname -r\n5.15.12', good: '$ uname -r\n6.12.48' },
      ],
    },
  },
  check(facts, { report }) {
    for (const running of runningComponents(facts)) {
      for (const vulnerability of KNOWN_VULNERABILITIES) {
        if (vulnerability.component !== running.component) continue;
        const found = finding(running, vulnerability, facts);
        if (found) report(found);
      }
    }
  },
});

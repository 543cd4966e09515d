import { describe, expect, it } from 'vitest';
import type { HostFacts, InstalledPackage } from '../../../src/facts/host.js';
import type { Finding } from '../../../src/facts/finding.js';
import rule from '../../../src/rules/host/no-known-vulnerable-components.js';
import { exposureOf, KNOWN_VULNERABILITIES } from '../../../src/rules/host/data/known-vulnerabilities.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/rule.js';
import { runRules } from '../../../src/rules/run-rules.js';
import { engineAt, hostFacts, hostFileAt, kernelFacts } from '../../helpers/host-facts.js';

function findings(facts: HostFacts): Finding[] {
  return runRules(facts, [rule], DEFAULT_SETTINGS);
}

function cves(facts: HostFacts): string[] {
  return findings(facts).map((f) => /CVE-\d{4}-\d+/.exec(f.message)?.[0] ?? f.message);
}

function dpkgPackage(overrides: Partial<InstalledPackage> & Pick<InstalledPackage, 'name' | 'component'>): InstalledPackage {
  return { version: '1.0', manager: 'dpkg', at: hostFileAt('/var/lib/dpkg/status', 12), ...overrides };
}

function vulnerability(id: string) {
  const found = KNOWN_VULNERABILITIES.find((v) => v.id === id);
  if (!found) throw new Error(`no ${id} in the data`);
  return found;
}

describe('no-known-vulnerable-components', () => {
  it('reports nothing for current components', () => {
    expect(findings(hostFacts())).toEqual([]);
  });

  it('reports runc 1.1.11 for Leaky Vessels and the November 2025 escapes, at the component field, with exact message', () => {
    const result = findings(hostFacts({ version: { components: { runc: '1.1.11', containerd: '2.1.5' } } }));
    expect(result.map((f) => /CVE-[\d-]+/.exec(f.message)?.[0])).toEqual(['CVE-2024-21626', 'CVE-2025-31133', 'CVE-2025-52565', 'CVE-2025-52881']);
    const leaky = result.find((f) => f.message.includes('CVE-2024-21626'));
    expect(leaky).toEqual({
      ruleId: 'no-known-vulnerable-components',
      severity: 'high',
      message:
        'runc 1.1.11 is affected by CVE-2024-21626: a leaked host directory descriptor lets an image or exec working directory ' +
        'reach the host filesystem ("Leaky Vessels"); fixed in 1.1.12. Decided from the version: ' +
        'no installed package provides it, so there is no changelog to show a backported fix. ' +
        'Source: https://nvd.nist.gov/vuln/detail/CVE-2024-21626',
      at: engineAt('Components.runc'),
      fix: { description: 'upgrade runc to 1.1.12 or later' },
    });
  });

  it('names the fix of the version\'s own line when upstream fixed several lines', () => {
    const [finding] = findings(hostFacts({ version: { components: { containerd: '1.4.1' } } })).filter((f) => f.message.includes('CVE-2020-15257'));
    expect(finding?.message).toContain('containerd 1.4.1 is affected by CVE-2020-15257');
    expect(finding?.message).toContain('; fixed in 1.4.3.');
    expect(finding?.message).toContain('Only containers that share the host network namespace are exposed.');
    expect(finding?.at).toEqual(engineAt('Components.containerd'));
  });

  it('reports the engine at Version, and an engine between fixed lines', () => {
    const result = findings(hostFacts({ version: { engine: '24.0.9' }, info: { authorizationPlugins: ['opa-docker-authz'] } }));
    expect(result.map((f) => [/CVE-[\d-]+/.exec(f.message)?.[0], f.at.path, f.severity])).toEqual([
      ['CVE-2024-41110', 'Version', 'critical'],
      ['CVE-2025-54410', 'Version', 'low'],
      ['CVE-2026-34040', 'Version', 'high'],
    ]);
    expect(result[0]?.message).toContain('fixed in 23.0.15, 25.0.6, 26.1.5, 27.1.1, with no fix for the 24.0 line');
    expect(result[0]?.message).toContain('Only engines that use authorization (AuthZ) plugins are exposed; this one uses opa-docker-authz.');
  });

  it('rates an authorization plugin bypass info when the engine uses no plugin, and says why', () => {
    const [finding] = findings(hostFacts({ version: { engine: '29.1.3' } }));
    expect(finding?.severity).toBe('info');
    expect(finding?.message).toBe(
      'Docker Engine 29.1.3 is affected by CVE-2026-34040: an oversized API request body is dropped before authorization ' +
        'plugins see it, reopening the CVE-2024-41110 bypass; fixed in 29.3.1, with no fix for the 29.1 line. Decided from the ' +
        'version: no installed package provides it, so there is no changelog to show a backported fix. Only engines that use ' +
        'authorization (AuthZ) plugins are exposed; this one uses none, so it is not exposed until one is added. ' +
        'Source: https://github.com/moby/moby/security/advisories/GHSA-x744-4wpc-v9h2',
    );
  });

  it('does not report an engine on a fixed patch release', () => {
    expect(cves(hostFacts({ version: { engine: '27.1.1' } }))).not.toContain('CVE-2024-41110');
    expect(cves(hostFacts({ version: { engine: '27.1.0' } }))).toContain('CVE-2024-41110');
    expect(cves(hostFacts({ version: { engine: '18.09.9' } }))).not.toContain('CVE-2024-41110');
  });

  it('reports the local kernel at the place its version was read', () => {
    const facts = hostFacts({ host: { kernel: kernelFacts({ version: { value: '5.10.92', at: hostFileAt('/proc/version') } }) } });
    const result = findings(facts);
    expect(result.map((f) => /CVE-[\d-]+/.exec(f.message)?.[0])).toEqual(['CVE-2022-0185', 'CVE-2022-0492', 'CVE-2022-0847']);
    expect(result.every((f) => f.at.file === '/proc/version' && f.at.line === 1)).toBe(true);
  });

  it('reports Dirty COW and nothing newer on a 4.4 kernel before its fix', () => {
    const facts = hostFacts({ host: { kernel: kernelFacts({ version: { value: '4.4.25', at: hostFileAt('/proc/version') } }) } });
    expect(cves(facts)).toEqual(['CVE-2016-5195', 'CVE-2022-0492']);
  });

  it('does not report a kernel with a Debian backport named in its changelog, and says so when the changelog is silent', () => {
    const kernel = kernelFacts({ version: { value: '5.10.92', at: hostFileAt('/proc/version') } });
    const image = dpkgPackage({
      name: 'linux-image-5.10.0-11-amd64',
      version: '5.10.92-2',
      component: 'kernel',
      changelogCves: new Set(['CVE-2022-0185', 'CVE-2022-0847']),
      at: hostFileAt('/var/lib/dpkg/status', 40),
    });
    const result = findings(hostFacts({ host: { kernel, packages: [image] } }));
    expect(result).toHaveLength(1);
    expect(result[0]?.message).toContain('Linux kernel 5.10.92 is affected by CVE-2022-0492');
    expect(result[0]?.message).toContain(
      'Decided from the version: the Debian changelog of linux-image-5.10.0-11-amd64 5.10.92-2 does not mention it, so no backported fix is assumed.',
    );
    expect(result[0]?.at).toEqual(hostFileAt('/var/lib/dpkg/status', 40));
  });

  it('says when a package has no readable changelog', () => {
    const runc = dpkgPackage({ name: 'runc', version: '1.1.5+ds1-1', component: 'runc' });
    const result = findings(hostFacts({ version: { components: { runc: '1.1.5' } }, host: { packages: [runc] } }));
    expect(result.length).toBeGreaterThan(0);
    expect(result.every((f) => f.message.includes('runc 1.1.5+ds1-1 has no readable Debian changelog, so a backported fix could not be checked'))).toBe(true);
    expect(result[0]?.at).toEqual(hostFileAt('/var/lib/dpkg/status', 12));
  });

  it('takes containerd.io as the provider of runc', () => {
    const bundle = dpkgPackage({ name: 'containerd.io', version: '1.6.27-1', component: 'runc', changelogCves: new Set(['CVE-2024-21626']) });
    expect(cves(hostFacts({ version: { components: { runc: '1.1.11' } }, host: { packages: [bundle] } }))).not.toContain('CVE-2024-21626');
  });

  it('says the packages were not read for a remote engine, and reads a plain kernel release from the engine', () => {
    const facts = hostFacts({ host: null, version: { kernel: '5.16.5' } });
    const result = findings(facts);
    expect(result.map((f) => /CVE-[\d-]+/.exec(f.message)?.[0])).toEqual(['CVE-2022-0492', 'CVE-2022-0847']);
    expect(result[0]?.at).toEqual(engineAt('KernelVersion'));
    expect(result[0]?.message).toContain("the host's packages were not read, so a backported fix could not be checked");
  });

  it('does not judge a distribution kernel release whose patch level says nothing', () => {
    expect(findings(hostFacts({ host: null, version: { kernel: '5.10.0-28-amd64' } }))).toEqual([]);
    expect(findings(hostFacts({ host: null, version: { kernel: '5.15.0-91-generic' } }))).toEqual([]);
  });

  it('does not judge versions it cannot read', () => {
    expect(findings(hostFacts({ version: { components: { runc: 'N/A', containerd: '269548fa27e0089a8b8278fc4fc781d7f65a939b' } } }))).toEqual([]);
  });
});

describe('known vulnerability data', () => {
  it('every entry has an id, a source link and fixed versions that parse', () => {
    for (const entry of KNOWN_VULNERABILITIES) {
      expect(entry.id).toMatch(/^CVE-\d{4}-\d{4,}$/);
      expect(entry.source).toMatch(/^https:\/\/(nvd\.nist\.gov\/vuln\/detail\/|github\.com\/[^/]+\/[^/]+\/security\/advisories\/GHSA-)/);
      expect(entry.affected.fixed.length).toBeGreaterThan(0);
      expect(entry.title).not.toMatch(/\n/);
    }
    expect(new Set(KNOWN_VULNERABILITIES.map((v) => v.id)).size).toBe(KNOWN_VULNERABILITIES.length);
  });

  it('follows the upstream boundaries', () => {
    const cases: Array<[string, string, boolean]> = [
      ['CVE-2019-5736', '1.0.0-rc6', true],
      ['CVE-2019-5736', '1.0.0-rc7', false],
      ['CVE-2021-30465', '1.0.0-rc94', true],
      ['CVE-2021-30465', '1.0.0-rc95', false],
      ['CVE-2024-21626', '1.0.0-rc92', false],
      ['CVE-2024-21626', '1.0.0-rc93', true],
      ['CVE-2024-21626', '1.1.12', false],
      ['CVE-2025-31133', '1.2.7', true],
      ['CVE-2025-31133', '1.2.8', false],
      ['CVE-2025-31133', '1.3.2', true],
      ['CVE-2025-31133', '1.3.3', false],
      ['CVE-2025-31133', '1.4.0-rc.2', true],
      ['CVE-2025-31133', '1.4.0-rc.3', false],
      ['CVE-2025-31133', '1.4.0', false],
      ['CVE-2025-31133', '1.1.15', true],
      ['CVE-2025-52565', '1.0.0-rc2', false],
      ['CVE-2020-15257', '1.3.8', true],
      ['CVE-2020-15257', '1.3.9', false],
      ['CVE-2020-15257', '1.4.2', true],
      ['CVE-2020-15257', '1.4.3', false],
      ['CVE-2020-15257', '1.2.14', true],
      ['CVE-2020-15257', '1.5.0', false],
      ['CVE-2024-40635', '1.7.26', true],
      ['CVE-2024-40635', '2.0.4', false],
      ['CVE-2019-14271', '18.09.9', false],
      ['CVE-2019-14271', '19.03.0', true],
      ['CVE-2019-14271', '19.03.1', false],
      ['CVE-2021-41091', '20.10.8', true],
      ['CVE-2021-41091', '20.10.9', false],
      ['CVE-2024-41110', '20.10.24', true],
      ['CVE-2024-41110', '26.1.4', true],
      ['CVE-2024-41110', '26.1.5', false],
      ['CVE-2024-41110', '28.0.0', false],
      ['CVE-2025-54388', '28.1.1', false],
      ['CVE-2025-54388', '28.2.0', true],
      ['CVE-2025-54388', '28.3.3', false],
      ['CVE-2016-5195', '2.6.21', false],
      ['CVE-2016-5195', '4.4.25', true],
      ['CVE-2016-5195', '4.6.7', true],
      ['CVE-2016-5195', '4.9.0', false],
      ['CVE-2022-0847', '5.7.19', false],
      ['CVE-2022-0847', '5.10.101', true],
      ['CVE-2022-0847', '5.10.102', false],
      ['CVE-2022-0847', '5.13.19', true],
      ['CVE-2022-0847', '5.17.0', false],
      ['CVE-2022-0185', '5.0.21', false],
      ['CVE-2022-0185', '5.4.172', true],
      ['CVE-2022-0492', '4.19.228', true],
      ['CVE-2022-0492', '4.19.229', false],
    ];
    const actual = cases.map(([id, version]) => [id, version, exposureOf(vulnerability(id), version).affected]);
    expect(actual).toEqual(cases);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, compareVersionStrings, formatVersion, parseVersion, upstreamVersion, type Version } from '../../src/rules/helpers/versions.js';
import { PROPERTY_TIMEOUT, RUNS } from './support.js';

const number = fc.integer({ min: 0, max: 40 });

/** Versions as the components write them: optional `v` or epoch, a pre-release, build metadata or a Debian revision. */
const versionText: fc.Arbitrary<string> = fc
  .record({
    prefix: fc.constantFrom('', 'v', '5:', '1:'),
    release: fc.array(number, { minLength: 1, maxLength: 4 }),
    prerelease: fc.option(fc.tuple(fc.constantFrom('-rc.', '-rc', '~rc', '-beta.', '-alpha', '-pre'), number), { nil: undefined }),
    suffix: fc.constantFrom('', '+dfsg1', '+dfsg1-1+deb12u1', '-0ubuntu2~22.04.1', '-1~debian.12~bookworm', '-18-amd64', '-0-g51d5e94'),
  })
  .map(({ prefix, release, prerelease, suffix }) => `${prefix}${release.join('.')}${prerelease ? `${prerelease[0]}${prerelease[1]}` : ''}${suffix}`);

const version: fc.Arbitrary<Version> = versionText.map((text) => {
  const parsed = parseVersion(text);
  if (!parsed) throw new Error(`generated version does not parse: ${text}`);
  return parsed;
});

describe('versions', () => {
  it(
    'parsing never throws on arbitrary text, and a result always has a release',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), versionText, fc.stringMatching(/^[0-9.~+:a-z-]{0,40}$/)), (text) => {
          const parsed = parseVersion(text);
          if (parsed) expect(parsed.release.length).toBeGreaterThan(0);
          expect(() => upstreamVersion(text)).not.toThrow();
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'compare is reflexive and antisymmetric',
    () => {
      fc.assert(
        fc.property(version, version, (a, b) => {
          expect(compareVersions(a, a)).toBe(0);
          expect(Math.sign(compareVersions(a, b))).toBe(-Math.sign(compareVersions(b, a)));
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'compare is transitive',
    () => {
      fc.assert(
        fc.property(version, version, version, (a, b, c) => {
          const [x, y, z] = [a, b, c].sort(compareVersions) as [Version, Version, Version];
          expect(compareVersions(x, y)).toBeLessThanOrEqual(0);
          expect(compareVersions(y, z)).toBeLessThanOrEqual(0);
          expect(compareVersions(x, z)).toBeLessThanOrEqual(0);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a pre-release orders before its release, and the canonical spelling parses back to an equal version',
    () => {
      fc.assert(
        fc.property(version, (v) => {
          const release: Version = { release: v.release };
          if (v.prerelease) expect(compareVersions(v, release)).toBeLessThan(0);
          const again = parseVersion(formatVersion(v));
          expect(again && compareVersions(again, v)).toBe(0);
        }),
        RUNS,
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('reads the upstream version of every spelling the components use', () => {
    expect(upstreamVersion('20.10.24')).toBe('20.10.24');
    expect(upstreamVersion('26.1.5+dfsg1')).toBe('26.1.5');
    expect(upstreamVersion('1.1.12-0ubuntu2~22.04.1')).toBe('1.1.12');
    expect(upstreamVersion('v1.7.13')).toBe('1.7.13');
    expect(upstreamVersion('1.4.0-rc.3')).toBe('1.4.0-rc.3');
    expect(upstreamVersion('1.0.0-rc95')).toBe('1.0.0-rc.95');
    expect(upstreamVersion('1.0.0~rc93+ds1-5')).toBe('1.0.0-rc.93');
    expect(upstreamVersion('6.1.76')).toBe('6.1.76');
    expect(upstreamVersion('6.1.0-18-amd64')).toBe('6.1.0');
    expect(upstreamVersion('5:24.0.7-1~debian.12~bookworm')).toBe('24.0.7');
    expect(upstreamVersion('20.10.24+dfsg1-1+deb12u1')).toBe('20.10.24');
    expect(upstreamVersion('v1.1.12-0-g51d5e94')).toBe('1.1.12');
    expect(upstreamVersion('269548fa27e0089a8b8278fc4fc781d7f65a939b')).toBeUndefined();
    expect(upstreamVersion('1.1.12')).toBe('1.1.12');
    expect(upstreamVersion('dev')).toBeUndefined();
  });

  it('orders versions numerically, pre-releases first', () => {
    expect(compareVersionStrings('1.0.0-rc95', '1.0.0-rc7')).toBe(1);
    expect(compareVersionStrings('1.4.0-rc.2', '1.4.0-rc.3')).toBe(-1);
    expect(compareVersionStrings('1.4.0-rc.3', '1.4.0')).toBe(-1);
    expect(compareVersionStrings('1.7.0-beta.0', '1.7.0-rc.1')).toBe(-1);
    expect(compareVersionStrings('20.10.9', '20.10.24')).toBe(-1);
    expect(compareVersionStrings('1.0', '1.0.0')).toBe(0);
    expect(compareVersionStrings('5:24.0.7-1~debian.12~bookworm', '24.0.7')).toBe(0);
    expect(compareVersionStrings('x', '1.0')).toBeUndefined();
  });
});

/**
 * Support windows of the distributions images are most often built on.
 * Last updated 2026-11-23. Each row cites the page its dates come from; rows
 * marked `expected` carry dates the project announced as plans, not facts.
 *
 * - Debian: `eol` is the end of regular security support by the security team,
 *   `extendedEol` the end of Debian LTS (free, from the normal archive, for the
 *   main architectures and most packages).
 * - Ubuntu: `eol` is the end of standard support, `extendedEol` the end of
 *   Expanded Security Maintenance, which needs an Ubuntu Pro subscription.
 * - Alpine: `eol` is the end of the main repository's support for the branch.
 */
export interface OsReleaseSupport {
  /** `/etc/os-release` ID. */
  id: 'debian' | 'ubuntu' | 'alpine';
  /** `12`, `22.04`, `3.19` (Alpine branches: major.minor). */
  version: string;
  codename?: string;
  released: string;
  eol: string;
  extendedEol?: string;
  /** True when a date is the project's announced plan rather than past. */
  expected?: boolean;
  source: string;
}

export const OS_RELEASES_UPDATED = '2026-11-23';

const DEBIAN = 'https://wiki.debian.org/DebianReleases';
const DEBIAN_LTS = 'https://wiki.debian.org/LTS';
const UBUNTU = 'https://ubuntu.com/about/release-cycle';
const UBUNTU_WIKI = 'https://wiki.ubuntu.com/Releases';
const ALPINE = 'https://alpinelinux.org/releases/';

export const OS_RELEASES: readonly OsReleaseSupport[] = [
  { id: 'debian', version: '7', codename: 'wheezy', released: '2013-05-04', eol: '2016-04-25', extendedEol: '2018-05-31', source: DEBIAN_LTS },
  { id: 'debian', version: '8', codename: 'jessie', released: '2015-04-26', eol: '2018-06-17', extendedEol: '2020-06-30', source: DEBIAN_LTS },
  { id: 'debian', version: '9', codename: 'stretch', released: '2017-06-17', eol: '2020-07-18', extendedEol: '2022-06-30', source: DEBIAN_LTS },
  { id: 'debian', version: '10', codename: 'buster', released: '2019-07-06', eol: '2022-09-10', extendedEol: '2024-06-30', source: DEBIAN_LTS },
  { id: 'debian', version: '11', codename: 'bullseye', released: '2021-08-14', eol: '2024-08-14', extendedEol: '2026-08-31', source: DEBIAN_LTS },
  { id: 'debian', version: '12', codename: 'bookworm', released: '2023-06-10', eol: '2026-06-10', extendedEol: '2028-06-30', source: DEBIAN },
  { id: 'debian', version: '13', codename: 'trixie', released: '2025-08-09', eol: '2028-08-09', extendedEol: '2030-06-30', expected: true, source: DEBIAN },

  { id: 'ubuntu', version: '14.04', codename: 'trusty', released: '2014-04-17', eol: '2019-04-25', extendedEol: '2024-04-25', source: UBUNTU },
  { id: 'ubuntu', version: '16.04', codename: 'xenial', released: '2016-04-21', eol: '2021-04-30', extendedEol: '2026-04-30', source: UBUNTU },
  { id: 'ubuntu', version: '18.04', codename: 'bionic', released: '2018-04-26', eol: '2023-05-31', extendedEol: '2028-04-30', source: UBUNTU },
  { id: 'ubuntu', version: '20.04', codename: 'focal', released: '2020-04-23', eol: '2025-05-29', extendedEol: '2030-04-30', source: UBUNTU },
  { id: 'ubuntu', version: '20.10', codename: 'groovy', released: '2020-10-22', eol: '2021-07-22', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '21.04', codename: 'hirsute', released: '2021-04-22', eol: '2022-01-20', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '21.10', codename: 'impish', released: '2021-10-14', eol: '2022-07-14', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '22.04', codename: 'jammy', released: '2022-04-21', eol: '2027-04-30', extendedEol: '2032-04-30', expected: true, source: UBUNTU },
  { id: 'ubuntu', version: '22.10', codename: 'kinetic', released: '2022-10-20', eol: '2023-07-20', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '23.04', codename: 'lunar', released: '2023-04-20', eol: '2024-01-25', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '23.10', codename: 'mantic', released: '2023-10-12', eol: '2024-07-11', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '24.04', codename: 'noble', released: '2024-04-25', eol: '2029-05-31', extendedEol: '2034-04-30', expected: true, source: UBUNTU },
  { id: 'ubuntu', version: '24.10', codename: 'oracular', released: '2024-10-10', eol: '2025-07-10', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '25.04', codename: 'plucky', released: '2025-04-17', eol: '2026-01-15', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '25.10', codename: 'questing', released: '2025-10-09', eol: '2026-07-09', source: UBUNTU_WIKI },
  { id: 'ubuntu', version: '26.04', codename: 'resolute', released: '2026-04-23', eol: '2031-05-31', extendedEol: '2036-04-30', expected: true, source: UBUNTU },

  { id: 'alpine', version: '3.9', released: '2019-01-29', eol: '2020-11-01', source: ALPINE },
  { id: 'alpine', version: '3.10', released: '2019-06-19', eol: '2021-05-01', source: ALPINE },
  { id: 'alpine', version: '3.11', released: '2019-12-19', eol: '2021-11-01', source: ALPINE },
  { id: 'alpine', version: '3.12', released: '2020-05-29', eol: '2022-05-01', source: ALPINE },
  { id: 'alpine', version: '3.13', released: '2021-01-14', eol: '2022-11-01', source: ALPINE },
  { id: 'alpine', version: '3.14', released: '2021-06-15', eol: '2023-05-01', source: ALPINE },
  { id: 'alpine', version: '3.15', released: '2021-11-24', eol: '2023-11-01', source: ALPINE },
  { id: 'alpine', version: '3.16', released: '2022-05-23', eol: '2024-05-23', source: ALPINE },
  { id: 'alpine', version: '3.17', released: '2022-11-22', eol: '2024-11-22', source: ALPINE },
  { id: 'alpine', version: '3.18', released: '2023-05-09', eol: '2025-05-09', source: ALPINE },
  { id: 'alpine', version: '3.19', released: '2023-12-07', eol: '2025-11-01', source: ALPINE },
  { id: 'alpine', version: '3.20', released: '2024-05-22', eol: '2026-04-01', source: ALPINE },
  { id: 'alpine', version: '3.21', released: '2024-12-05', eol: '2026-11-01', source: ALPINE },
  { id: 'alpine', version: '3.22', released: '2025-05-30', eol: '2027-05-01', expected: true, source: ALPINE },
  { id: 'alpine', version: '3.23', released: '2025-12-03', eol: '2027-11-01', expected: true, source: ALPINE },
];

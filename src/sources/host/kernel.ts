import { release as osRelease } from 'node:os';
import type { KernelFacts } from '../../facts/host.js';
import type { Located, Location } from '../../facts/location.js';
import type { RootFs } from './root-fs.js';

const OSRELEASE = '/proc/sys/kernel/osrelease';
const VERSION = '/proc/version';
const VERSION_SIGNATURE = '/proc/version_signature';

/** The running kernel: release, upstream version, and which security features it offers. */
export function readKernelFacts(fs: RootFs): KernelFacts {
  const release = kernelRelease(fs);
  return {
    release,
    version: upstreamVersion(fs, release),
    lsm: (fs.readText('/sys/kernel/security/lsm') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    apparmor: (fs.readText('/sys/module/apparmor/parameters/enabled') ?? '').trim() === 'Y',
    selinux: fs.exists('/sys/fs/selinux/enforce'),
    seccomp: /^Seccomp:/m.test(fs.readText('/proc/self/status') ?? ''),
  };
}

function kernelRelease(fs: RootFs): Located<string> {
  const text = fs.readText(OSRELEASE)?.trim();
  if (text) return { value: text, at: { file: OSRELEASE, line: 1, column: 1 } };
  // Only this machine's root can fall back to uname: a test root's release is its file or nothing.
  const value = fs.root === '/' ? osRelease() : '';
  return { value, at: { file: 'uname', line: 0, column: 0 } };
}

/**
 * Distributions name their kernels after their own package version; the
 * upstream version they are built from is in /proc/version (Debian:
 * `#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)`) or, on Ubuntu, in
 * /proc/version_signature (`Ubuntu 5.15.0-91.101-generic 5.15.131`).
 */
function upstreamVersion(fs: RootFs, release: Located<string>): Located<string> {
  return ubuntuVersion(fs) ?? debianVersion(fs) ?? releaseVersion(release);
}

function ubuntuVersion(fs: RootFs): Located<string> | undefined {
  const text = fs.readText(VERSION_SIGNATURE);
  const match = text === undefined ? null : /^(\S+ \S+ )(\d+\.\d+(?:\.\d+)?)/.exec(text);
  return match ? located(match[2] as string, VERSION_SIGNATURE, (match[1] as string).length + 1) : undefined;
}

function debianVersion(fs: RootFs): Located<string> | undefined {
  const text = fs.readText(VERSION);
  // After the build number `#1`: before it, `(Debian 12.2.0-14)` is the compiler's version.
  const build = text?.lastIndexOf('#') ?? -1;
  if (text === undefined || build < 0) return undefined;
  const match = /\bDebian (\d+\.\d+(?:\.\d+)?)/.exec(text.slice(build));
  return match ? located(match[1] as string, VERSION, build + match.index + 'Debian '.length + 1) : undefined;
}

function releaseVersion(release: Located<string>): Located<string> {
  const value = /^\d+\.\d+(?:\.\d+)?/.exec(release.value)?.[0] ?? release.value;
  return { value, at: release.at };
}

function located(value: string, file: string, column: number): Located<string> {
  const at: Location = { file, line: 1, column };
  return { value, at };
}

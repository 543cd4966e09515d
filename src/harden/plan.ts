import type { ContainerFacts, NamespaceKind } from '../facts/container.js';
import type { Location } from '../facts/location.js';
import { containerRules } from '../rules/container/index.js';
import { capabilityRisk } from '../rules/container/data/capabilities.js';
import { runtimeSocketExposure } from '../rules/container/runtime-socket.js';
import { DEFAULT_SETTINGS, type RuleSettings } from '../rules/rule.js';
import { runRules } from '../rules/run-rules.js';
import { findCapability } from './data/capabilities.js';
import { userSwitchIn, type ImageInfo } from './image-info.js';

export interface HardenOptions {
  /** Remove privileged, host namespaces, runtime socket mounts and dangerous capabilities instead of commenting on them. */
  aggressive: boolean;
  /** Capabilities to keep (add back) whatever the inference says; normalized names. */
  keepCaps: string[];
  /** User to run as when the file sets none (or sets root). */
  user?: string;
  /** Ports (host or container port numbers) that stay published on every interface. */
  publicPorts: string[];
  pidsLimit: number;
  /** Docker size text: `512m`. */
  memory: string;
  /** CPUs as text: `1.0`. */
  cpus: string;
  /** Path of a seccomp profile to reference, as written into the file. */
  seccomp?: string;
}

export const DEFAULT_HARDEN_OPTIONS: HardenOptions = {
  aggressive: false,
  keepCaps: [],
  publicPorts: [],
  pidsLimit: 200,
  memory: '512m',
  cpus: '1.0',
};

/** Compose keys harden writes; the run-line writer maps each to its flag. */
export type ListKey = 'cap_drop' | 'cap_add' | 'security_opt' | 'tmpfs' | 'ports' | 'volumes';
export type ScalarKey = 'read_only' | 'user' | 'pids_limit' | 'mem_limit' | 'cpus';
export type RiskyKey = 'privileged' | 'pid' | 'ipc' | 'network_mode' | 'uts' | 'userns_mode' | 'cgroup';

interface Explained {
  reason: string;
  /** The rule whose finding this change answers. */
  rule?: string;
}

export type Change = Explained &
  (
    | { op: 'add'; key: ListKey; items: string[] }
    | { op: 'set'; key: ScalarKey; value: string | number | boolean; at?: Location }
    /** Bind a published port to one address (the item keeps its ports and protocol). */
    | { op: 'bind-port'; key: 'ports'; address: string; at: Location; port: string }
    /** Replace one list item by another value. */
    | { op: 'replace'; key: ListKey; from: string; to: string; at: Location }
    | { op: 'remove'; key: RiskyKey | ListKey; item?: string; at: Location }
    | { op: 'comment'; key: RiskyKey | ListKey; at: Location; text: string }
  );

/** A finding harden leaves in place on purpose, and why. */
export interface Kept {
  rule: string;
  reason: string;
  at?: Location;
}

export interface HardenPlan {
  service: string;
  image?: string;
  /** Where the image knowledge came from; absent when nothing was known about the image. */
  imageSource?: ImageInfo['source'];
  changes: Change[];
  kept: Kept[];
}

export interface PlanInput {
  facts: ContainerFacts;
  image?: ImageInfo;
  /** The service's own entrypoint and command words (Compose `entrypoint`/`command`, run-line arguments). */
  command?: string[];
  options: HardenOptions;
  /** The team's settings from .hullcheck.yaml (accepted capabilities, trusted registries); rule defaults when absent. */
  settings?: RuleSettings;
}

/** Findings of these rules are answered by a change or by an explained `kept` entry of their own. */
const HANDLED_RULES = new Set([
  'require-cap-drop-all', 'require-no-new-privileges', 'require-read-only-rootfs', 'require-pids-limit',
  'require-memory-limit', 'require-cpu-limit', 'no-ports-on-all-interfaces', 'no-root-user', 'no-privileged',
  'no-host-namespaces', 'no-docker-socket-mount', 'no-dangerous-capabilities', 'no-disabled-security-profile',
]);

/** Why harden leaves the findings of the other container rules alone. */
const LEFT_ALONE: Readonly<Record<string, string>> = {
  'no-sensitive-host-mount': 'a host directory mounted on purpose is part of what the service does; harden cannot tell which part of it the service reads',
  'no-shared-mount-propagation': 'mount propagation is set for tools that need to see mounts appear; harden does not change mounts',
  'no-host-devices': 'a device is passed in for hardware the service drives; removing it breaks the service',
  'no-dangerous-sysctls': 'a kernel setting is changed for something the service does; harden does not change sysctls',
  'no-secrets-in-env': 'moving a secret out of the environment needs a secret store; harden does not move data',
  'no-unpinned-image': 'pinning needs the digest the registry serves, and hullcheck never contacts a registry',
  'no-untrusted-registry': 'the image source is a choice only its owner can change',
  'restart-policy-limit': 'changing the restart policy changes whether the service comes back after a crash loop or a reboot; left to you',
};

const NAMESPACE_KEYS: Record<NamespaceKind, RiskyKey> = {
  pid: 'pid',
  ipc: 'ipc',
  network: 'network_mode',
  uts: 'uts',
  userns: 'userns_mode',
  cgroup: 'cgroup',
};

const NAMESPACE_RISK: Record<NamespaceKind, string> = {
  pid: 'the host PID namespace lets the container see and signal every process on the host',
  ipc: 'the host IPC namespace exposes the host\'s shared memory',
  network: 'the host network lets the container reach every service bound to the host\'s localhost, and makes published ports meaningless',
  uts: 'the host UTS namespace lets the container change the host name',
  userns: 'userns_mode: host opts out of user-namespace remapping, so root in the container is root on the host',
  cgroup: 'the host cgroup namespace shows the host\'s whole cgroup tree',
};

/** The five capabilities an entrypoint uses to hand files to a service user and switch to it. */
const SWITCH_CAPS: Record<string, string> = {
  CHOWN: 'to give its data and run directories to the service user',
  SETUID: 'to switch to the service user',
  SETGID: 'to switch to the service user\'s groups',
  DAC_OVERRIDE: 'to reach files it does not own while preparing them',
  FOWNER: 'to change the mode of files it does not own (e.g. chmod 700 on a data directory)',
};

export const HARDEN_MARK = 'hullcheck harden:';

/** Computes what to change in one container (a Compose service or a run line), each change with its reason. */
export function planHardening(input: PlanInput): HardenPlan {
  const planner = new Planner(input);
  return planner.plan();
}

class Planner {
  private readonly changes: Change[] = [];
  private readonly kept: Kept[] = [];
  private readonly facts: ContainerFacts;
  private readonly options: HardenOptions;

  constructor(private readonly input: PlanInput) {
    this.facts = input.facts;
    this.options = input.options;
  }

  plan(): HardenPlan {
    this.riskySettings();
    this.capabilities();
    this.securityOptions();
    this.readOnly();
    this.user();
    this.limits();
    this.ports();
    this.leftAlone();
    const image = this.facts.image?.value;
    return {
      service: this.facts.name,
      ...(image ? { image } : {}),
      ...(this.input.image ? { imageSource: this.input.image.source } : {}),
      changes: this.changes,
      kept: this.kept,
    };
  }

  /** Removes (with --aggressive) or comments on what gives the container the host. */
  private risky(key: RiskyKey | ListKey, at: Location, risk: string, rule: string, item?: string): void {
    if (this.options.aggressive) {
      this.changes.push({ op: 'remove', key, at, ...(item === undefined ? {} : { item }), reason: `removed (--aggressive): ${risk}`, rule });
      return;
    }
    const text = `${HARDEN_MARK} ${risk}. Left in place because removing it usually breaks the service; --aggressive removes it.`;
    this.changes.push({ op: 'comment', key, at, text, reason: `left in place with a comment: ${risk}; removing it usually breaks the service`, rule });
    this.kept.push({ rule, reason: `${risk}; left because removing it usually breaks the service (--aggressive removes it)`, at });
  }

  private riskySettings(): void {
    this.privilegeAndNamespaces();
    this.socketMounts();
    this.addedCapabilities();
    this.disabledConfinement();
  }

  private privilegeAndNamespaces(): void {
    const { facts } = this;
    if (facts.privileged?.value === true) {
      this.risky('privileged', facts.privileged.at, 'privileged mode gives the container every capability and every host device, which is root on the host', 'no-privileged');
    }
    for (const [kind, mode] of Object.entries(facts.namespaces) as [NamespaceKind, { value: string; at: Location }][]) {
      const value = mode.value.trim();
      if (value === 'host') this.risky(NAMESPACE_KEYS[kind], mode.at, NAMESPACE_RISK[kind], 'no-host-namespaces');
      else if (/^(container|service):/.test(value)) {
        this.kept.push({ rule: 'no-host-namespaces', reason: `${NAMESPACE_KEYS[kind]}: ${value} joins another container's namespace, which is how the two are wired together`, at: mode.at });
      }
    }
  }

  private socketMounts(): void {
    for (const mount of this.facts.mounts) {
      const exposure = runtimeSocketExposure(mount.value);
      if (!exposure) continue;
      const spec = mountText(mount.value);
      this.risky('volumes', mount.at, `the mount ${spec} hands the container runtime's API to the container, and with it control of the host`, 'no-docker-socket-mount', spec);
    }
  }

  /** Dangerous capabilities the file adds: kept when harden can justify them, else commented or removed. */
  private addedCapabilities(): void {
    const justified = new Map(this.neededCapabilities());
    const accepted = this.input.settings?.allowedCapabilities ?? [];
    for (const added of this.facts.capAdd) {
      const risk = capabilityRisk(added.value);
      if (!risk || accepted.includes(added.value)) continue;
      const why = justified.get(added.value);
      if (why) {
        this.kept.push({ rule: 'no-dangerous-capabilities', reason: `${added.value} stays because ${why}`, at: added.at });
        continue;
      }
      this.risky('cap_add', added.at, `capability ${added.value} ${risk.reason}`, 'no-dangerous-capabilities', added.value);
    }
  }

  /** `seccomp=unconfined` and the like: replaced by --seccomp's profile, else commented or removed. */
  private disabledConfinement(): void {
    for (const option of this.facts.securityOpts) {
      const { key, value, raw } = option.value;
      const off = value.toLowerCase();
      const disabled = (key === 'seccomp' || key === 'apparmor' || key === 'systempaths') ? off === 'unconfined' : key === 'label' && (off === 'disable' || off === 'type:spc_t' || off === 'type:unconfined_t');
      if (!disabled) continue;
      if (key === 'seccomp' && this.options.seccomp) {
        this.changes.push({
          op: 'replace', key: 'security_opt', from: raw, to: `seccomp=${this.options.seccomp}`, at: option.at,
          reason: `seccomp was switched off; the profile ${this.options.seccomp} (--seccomp) confines the service instead`, rule: 'no-disabled-security-profile',
        });
        continue;
      }
      this.risky('security_opt', option.at, `"${raw.trim()}" switches off ${key === 'label' ? 'SELinux' : key} confinement, one of the walls between the container and the kernel`, 'no-disabled-security-profile', raw);
    }
  }

  private capabilities(): void {
    const { facts, options } = this;
    if (facts.capDrop.some((c) => c.value === 'ALL')) return; // the user chose the capability set already
    const privileged = facts.privileged?.value === true && !options.aggressive;
    this.changes.push({
      op: 'add', key: 'cap_drop', items: ['ALL'], rule: 'require-cap-drop-all',
      reason: privileged
        ? 'drop every capability Docker grants by default (it has no effect while privileged is set, and takes effect once it is removed)'
        : 'drop every capability Docker grants by default; the ones the service needs are added back one by one below',
    });
    const present = new Set(facts.capAdd.map((c) => c.value));
    const wanted = this.neededCapabilities().filter(([name]) => !present.has(name));
    if (wanted.length > 0) {
      this.changes.push({
        op: 'add', key: 'cap_add', items: wanted.map(([name]) => name),
        reason: groupedReasons(wanted),
      });
    }
    const accepted = this.input.settings?.allowedCapabilities ?? [];
    for (const [name, why] of wanted) {
      if (capabilityRisk(name) && !accepted.includes(name)) this.kept.push({ rule: 'no-dangerous-capabilities', reason: `${name} is added back because ${why}` });
    }
  }

  /** The smallest set the service can be shown to need, each with its reason. */
  private neededCapabilities(): [string, string][] {
    const result = new Map<string, string>();
    const image = this.input.image;
    const lowPorts = this.listeningPorts().filter((port) => port > 0 && port < 1024);
    if (lowPorts.length > 0) {
      result.set('NET_BIND_SERVICE', `the service listens on port ${lowPorts.join(', ')}, below 1024, which needs it once ALL is dropped`);
    }
    if (this.startsAsRoot()) {
      const commandTool = userSwitchIn((this.input.command ?? []).join(' '));
      const why = commandTool ? `its command starts as root and switches user with ${commandTool}` : image?.dropsPrivileges;
      if (why) {
        const caps = commandTool ? Object.keys(SWITCH_CAPS) : (image?.switchCaps ?? Object.keys(SWITCH_CAPS));
        for (const cap of caps) result.set(cap, `${why}; it needs ${cap} ${SWITCH_CAPS[cap] ?? ''}`.trim());
      } else {
        this.rootFileChanges(result);
      }
    }
    for (const cap of this.options.keepCaps) {
      if (!result.has(cap)) result.set(cap, `kept at your request (--keep-cap)${findCapability(cap) ? '' : ' (not a capability hullcheck knows)'}`);
    }
    return [...result];
  }

  /** A root command that changes owners or modes (`chown -R app /data && exec ...`) needs CHOWN or FOWNER. */
  private rootFileChanges(result: Map<string, string>): void {
    const image = this.input.image;
    const words = [...(this.input.command ?? []), ...(this.input.command?.length ? [] : [...(image?.entrypoint ?? []), ...(image?.cmd ?? [])])].join(' ');
    if (/(^|[\s;&|'"(/])chown\s/.test(words)) result.set('CHOWN', 'its command changes file owners as root (chown)');
    if (/(^|[\s;&|'"(/])chmod\s/.test(words)) result.set('FOWNER', 'its command changes the mode of files it may not own (chmod)');
  }

  private listeningPorts(): number[] {
    const ports = new Set<number>();
    for (const port of this.facts.ports) ports.add(Number(port.value.containerPort.split('-')[0]));
    for (const port of this.input.image?.listens ?? []) ports.add(port);
    return [...ports].filter(Number.isInteger).sort((a, b) => a - b);
  }

  /** The user the main process starts as; undefined when nothing says. */
  private startUser(): string | undefined {
    return this.facts.user?.value ?? this.options.user ?? this.input.image?.user;
  }

  private startsAsRoot(): boolean {
    const user = this.startUser();
    return user !== undefined && isRootUser(user);
  }

  private securityOptions(): void {
    const { facts, options } = this;
    const setting = facts.securityOpts.filter((o) => o.value.key === 'no-new-privileges').at(-1);
    const reason = 'no process in the container can gain privileges through a setuid or file-capability program (su, sudo, ping...)';
    if (setting && !['true', '1'].includes(setting.value.value.toLowerCase())) {
      this.changes.push({ op: 'replace', key: 'security_opt', from: setting.value.raw, to: 'no-new-privileges:true', at: setting.at, reason, rule: 'require-no-new-privileges' });
    } else if (!setting) {
      this.changes.push({ op: 'add', key: 'security_opt', items: ['no-new-privileges:true'], reason, rule: 'require-no-new-privileges' });
    }
    const seccomp = facts.securityOpts.find((o) => o.value.key === 'seccomp');
    if (options.seccomp && !seccomp) {
      this.changes.push({
        op: 'add', key: 'security_opt', items: [`seccomp=${options.seccomp}`],
        reason: `the profile ${options.seccomp} allows the system calls of Docker's default profile minus groups a service does not need (kernel modules, kexec, BPF, perf, mounts, ptrace, keyrings, userfaultfd, new namespaces)`,
      });
    }
  }

  private readOnly(): void {
    const { facts } = this;
    if (facts.readOnlyRootfs?.value === true) return;
    const image = this.input.image;
    const covered = (path: string) =>
      facts.mounts.some((m) => within(path, m.value.target)) || facts.tmpfs.some((t) => within(path, t.value.split(':')[0] ?? ''));
    const volumes = (image?.volumes ?? []).filter((v) => !covered(v));
    const writable = [...new Set(['/tmp', '/run', ...(image?.writable ?? [])])].filter((p) => !covered(p) && !volumes.some((v) => within(p, v)));
    const notes = [
      'the image cannot be changed at run time, so a compromised process cannot plant binaries or alter configuration',
      ...(volumes.length > 0 ? [`the image's VOLUME ${volumes.join(', ')} stays writable: Docker mounts a volume there (a tmpfs would lose the data)`] : []),
    ];
    this.changes.push({ op: 'set', key: 'read_only', value: true, ...(facts.readOnlyRootfs ? { at: facts.readOnlyRootfs.at } : {}), reason: notes.join('; '), rule: 'require-read-only-rootfs' });
    if (writable.length > 0) {
      const known = image?.writable.filter((p) => writable.includes(p)) ?? [];
      this.changes.push({
        op: 'add', key: 'tmpfs', items: writable,
        reason: `writable scratch space in memory under the read-only root: /tmp and /run, which most programs expect${known.length > 0 ? `, and ${known.join(', ')}, which this image writes to` : ''}`,
      });
    }
  }

  private user(): void {
    const { facts, options } = this;
    const image = this.input.image;
    const current = facts.user;
    if (current && !isRootUser(current.value)) return;
    if (options.user) {
      this.changes.push({ op: 'set', key: 'user', value: options.user, ...(current ? { at: current.at } : {}), reason: `run as ${options.user} (--user) instead of root`, rule: 'no-root-user' });
      return;
    }
    if (current) {
      this.kept.push({ rule: 'no-root-user', reason: `the file asks for root explicitly; pass --user UID:GID once the service is known to run as that user`, at: current.at });
      return;
    }
    if (image?.user && !isRootUser(image.user)) {
      this.changes.push({ op: 'set', key: 'user', value: image.user, reason: `the image runs as ${image.user}; writing it here keeps the service off root even if a later image version drops its USER`, rule: 'no-root-user' });
      return;
    }
    const why = image?.dropsPrivileges
      ? `${image.dropsPrivileges}, so it must start as root; the service itself ends up as its own user`
      : image
        ? 'the image sets no non-root user; pass --user UID:GID once the service is known to run as that user'
        : 'the image\'s user is unknown (no engine has it and it is not a well-known image); pass --user UID:GID to set one';
    this.kept.push({ rule: 'no-root-user', reason: why, at: facts.at });
  }

  private limits(): void {
    const { facts, options } = this;
    if (!(facts.pidsLimit && facts.pidsLimit.value > 0)) {
      this.changes.push({
        op: 'set', key: 'pids_limit', value: options.pidsLimit, ...(facts.pidsLimit ? { at: facts.pidsLimit.at } : {}),
        reason: `at most ${options.pidsLimit} processes, so a fork bomb or a runaway worker pool stops at the container (--pids-limit)`, rule: 'require-pids-limit',
      });
    }
    if (!(facts.memory && facts.memory.value > 0)) {
      this.changes.push({
        op: 'set', key: 'mem_limit', value: options.memory, ...(facts.memory ? { at: facts.memory.at } : {}),
        reason: `the container is killed at ${options.memory} instead of pushing the host into swapping or its OOM killer (--memory)`, rule: 'require-memory-limit',
      });
    }
    if (!((facts.cpus?.value ?? 0) > 0 || (facts.cpuShares?.value ?? 0) > 0)) {
      this.changes.push({
        op: 'set', key: 'cpus', value: options.cpus, ...(facts.cpus ? { at: facts.cpus.at } : {}),
        reason: `at most ${options.cpus} CPU, so one busy container cannot starve the others (--cpus)`, rule: 'require-cpu-limit',
      });
    }
  }

  private ports(): void {
    const { facts, options } = this;
    if (facts.namespaces.network?.value.trim() === 'host' && !options.aggressive) return;
    for (const port of facts.ports) {
      const { hostIp, hostPort, containerPort } = port.value;
      if (!['', '0.0.0.0', '::', '[::]'].includes(hostIp)) continue;
      const shown = hostPort ? `${hostPort}->${containerPort}` : containerPort;
      if (options.publicPorts.includes(hostPort) || options.publicPorts.includes(containerPort)) {
        this.kept.push({ rule: 'no-ports-on-all-interfaces', reason: `port ${shown} stays on every interface at your request (--public)`, at: port.at });
        continue;
      }
      this.changes.push({
        op: 'bind-port', key: 'ports', address: '127.0.0.1', at: port.at, port: shown,
        reason: `port ${shown} is published on 127.0.0.1 only, so it is not reachable from other machines; put a reverse proxy in front, or use --public ${hostPort || containerPort}`,
        rule: 'no-ports-on-all-interfaces',
      });
    }
    if (facts.publishAll?.value === true) {
      this.kept.push({ rule: 'no-ports-on-all-interfaces', reason: 'publish-all chooses host ports at random; replace it with explicit -p 127.0.0.1:PORT:PORT flags', at: facts.publishAll.at });
    }
  }

  /** Findings of rules harden has no change for, each with why it stays. */
  private leftAlone(): void {
    const findings = runRules(this.facts, containerRules, this.input.settings ?? DEFAULT_SETTINGS);
    const seen = new Set<string>();
    for (const finding of findings) {
      if (HANDLED_RULES.has(finding.ruleId)) continue;
      const reason = LEFT_ALONE[finding.ruleId] ?? 'harden has no safe change for this';
      const key = `${finding.ruleId}:${finding.at.line}:${finding.at.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.kept.push({ rule: finding.ruleId, reason: `${finding.message}: ${reason}`, at: finding.at });
    }
  }
}

/** `CHOWN, SETUID: <shared cause>; CHOWN to ..., SETUID to ...`: one cause stated once for the capabilities it explains. */
function groupedReasons(caps: [string, string][]): string {
  const byCause = new Map<string, [string, string][]>();
  for (const [name, why] of caps) {
    const split = why.indexOf('; it needs ');
    const cause = split < 0 ? why : why.slice(0, split);
    const purpose = split < 0 ? '' : why.slice(split + '; it needs '.length);
    byCause.set(cause, [...(byCause.get(cause) ?? []), [name, purpose]]);
  }
  return [...byCause]
    .map(([cause, list]) => {
      const purposes = list.map(([, purpose]) => purpose).filter(Boolean);
      return `${list.map(([name]) => name).join(', ')}: ${cause}${purposes.length > 0 ? ` (${purposes.join('; ')})` : ''}`;
    })
    .join('; ');
}

export function isRootUser(user: string): boolean {
  const name = user.trim().split(':')[0] ?? '';
  return name === '' || name === 'root' || /^0+$/.test(name);
}

/** True when `path` is `base` or below it. */
function within(path: string, base: string): boolean {
  const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const a = trim(path);
  const b = trim(base);
  return b !== '' && (a === b || a.startsWith(b === '/' ? '/' : `${b}/`));
}

function mountText(mount: { source: string; target: string }): string {
  return `${mount.source}:${mount.target}`;
}

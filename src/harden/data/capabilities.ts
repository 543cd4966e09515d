/**
 * Every Linux capability (numbers from linux/capability.h, 0 to 40), in
 * hullcheck's own words: what a legitimate program needs it for, what an
 * attacker inside the container gains from it, and whether Docker grants it
 * to a container by default. `hullcheck explain cap NAME` prints an entry;
 * `harden` uses the same text to justify each capability it adds back.
 */

export type CapabilityRisk = 'critical' | 'high' | 'medium' | 'low';

export interface CapabilityInfo {
  /** Without the `CAP_` prefix: `SYS_ADMIN`. */
  name: string;
  number: number;
  risk: CapabilityRisk;
  /** True for the 14 capabilities Docker gives every container unless told otherwise. */
  dockerDefault: boolean;
  /** What it allows, in one sentence. */
  grants: string;
  /** What legitimately needs it. */
  neededBy: string;
  /** What an attacker inside the container does with it. */
  abuse: string;
}

const CAPABILITY_LIST: CapabilityInfo[] = [
  {
    name: 'CHOWN', number: 0, risk: 'low', dockerDefault: true,
    grants: 'Change the owner and group of any file, whoever owns it.',
    neededBy: 'Entrypoints that run as root and hand a data directory to the service user before switching to it (the official postgres, redis and mysql images do this on every start); package installs at run time.',
    abuse: 'Takes ownership of files the process could not otherwise change, such as files on a mounted volume, then rewrites them; combined with a setuid binary it can help keep root.',
  },
  {
    name: 'DAC_OVERRIDE', number: 1, risk: 'medium', dockerDefault: true,
    grants: 'Read, write and execute any file regardless of its permission bits.',
    neededBy: 'Root processes that must touch files owned by another user, e.g. an entrypoint that prepares a directory it does not own before dropping privileges.',
    abuse: 'Reads and overwrites every file in the container and on every mounted volume, whatever its mode: secrets readable only by their owner, other users\' data, configuration of other services sharing the volume.',
  },
  {
    name: 'DAC_READ_SEARCH', number: 2, risk: 'critical', dockerDefault: false,
    grants: 'Read any file and list any directory regardless of permissions, and open files by handle (open_by_handle_at).',
    neededBy: 'Backup agents that must read every file; almost nothing in an ordinary container.',
    abuse: 'open_by_handle_at lets a process guess the handle of a host file and open it outside the container\'s mount tree: the "shocker" escape read /etc/shadow of the host this way.',
  },
  {
    name: 'FOWNER', number: 3, risk: 'low', dockerDefault: true,
    grants: 'Act as the owner of any file: change its mode, its timestamps and its extended attributes.',
    neededBy: 'Entrypoints that chmod a data directory they do not own (postgres sets 0700 on its data directory), tools that preserve timestamps while copying.',
    abuse: 'Makes any file world-writable or setuid-free to edit, e.g. chmod 777 on a file of another user or on a mounted host file, to tamper with it next.',
  },
  {
    name: 'FSETID', number: 4, risk: 'low', dockerDefault: true,
    grants: 'Keep the setuid and setgid bits when a file is modified, and set the setgid bit on files whose group the process is not in.',
    neededBy: 'Package managers and build steps that install setuid programs; rarely a running service.',
    abuse: 'Plants setuid or setgid programs that survive being edited, a way to keep elevated rights inside the container or on a shared volume.',
  },
  {
    name: 'KILL', number: 5, risk: 'low', dockerDefault: true,
    grants: 'Send signals to processes of any user.',
    neededBy: 'Process supervisors and init systems running as root that signal children which switched to another user.',
    abuse: 'Kills or stops other processes in the container (with a shared PID namespace, also processes of other containers or of the host).',
  },
  {
    name: 'SETGID', number: 6, risk: 'medium', dockerDefault: true,
    grants: 'Change the process group ids and supplementary groups freely.',
    neededBy: 'Anything that starts as root and switches to a service user: gosu, su-exec, setpriv, su, nginx and Apache workers.',
    abuse: 'Joins any group, for example the group that owns a mounted Docker socket or a device, and gets its access.',
  },
  {
    name: 'SETUID', number: 7, risk: 'medium', dockerDefault: true,
    grants: 'Change the process user ids freely.',
    neededBy: 'Anything that starts as root and switches to a service user: gosu, su-exec, setpriv, su, sshd, nginx and Apache workers.',
    abuse: 'Becomes any user in the container, including the owner of files on shared volumes, or becomes root again after a program believed it had dropped to a service user.',
  },
  {
    name: 'SETPCAP', number: 8, risk: 'medium', dockerDefault: true,
    grants: 'Move capabilities from the bounding set into the inheritable set, and change the securebits.',
    neededBy: 'Tools that manage capability sets for their children, such as capsh or a careful init; hardly any service.',
    abuse: 'Re-arranges the capabilities it still holds so that a child program inherits them, undoing a drop that a wrapper believed final.',
  },
  {
    name: 'LINUX_IMMUTABLE', number: 9, risk: 'medium', dockerDefault: false,
    grants: 'Set and clear the immutable and append-only file attributes.',
    neededBy: 'Log hardening tools that make logs append-only; not ordinary services.',
    abuse: 'Makes a planted file impossible to delete or edit for administrators without the same capability, or clears the append-only flag on an audit log before rewriting it, including on mounted host files.',
  },
  {
    name: 'NET_BIND_SERVICE', number: 10, risk: 'low', dockerDefault: true,
    grants: 'Bind sockets to ports below 1024.',
    neededBy: 'Servers that listen on a well-known port such as 80, 443, 25 or 53 inside the container.',
    abuse: 'Little on its own: it could listen on a privileged port in place of the real service, which matters mostly with the host network.',
  },
  {
    name: 'NET_BROADCAST', number: 11, risk: 'low', dockerDefault: false,
    grants: 'Broadcast and listen to multicast (in practice unused by the kernel).',
    neededBy: 'Practically nothing: the kernel checks it almost nowhere.',
    abuse: 'Nothing notable today; kept dropped because nothing needs it.',
  },
  {
    name: 'NET_ADMIN', number: 12, risk: 'high', dockerDefault: false,
    grants: 'Configure the network namespace: interfaces, addresses, routes, firewall rules, traffic control, promiscuous mode.',
    neededBy: 'VPN endpoints (WireGuard, OpenVPN), firewalls and routers running in a container, service-mesh sidecars that install iptables redirects.',
    abuse: 'Reroutes or sniffs the traffic of its network namespace, rewrites firewall rules; with the host network it reconfigures the host\'s own network.',
  },
  {
    name: 'NET_RAW', number: 13, risk: 'medium', dockerDefault: true,
    grants: 'Open raw and packet sockets.',
    neededBy: 'ping and traceroute with old setuid-less builds, network scanners, DHCP clients, packet capture.',
    abuse: 'Forges packets: ARP and DNS spoofing against other containers on the same bridge, scanning, and it is the entry point of several kernel network-stack exploits.',
  },
  {
    name: 'IPC_LOCK', number: 14, risk: 'low', dockerDefault: false,
    grants: 'Lock memory into RAM (mlock) beyond the limit, and use huge pages.',
    neededBy: 'Databases and secret stores that keep keys out of swap (HashiCorp Vault), Elasticsearch with memory locking, DPDK.',
    abuse: 'Pins large amounts of memory so the host cannot swap it out, pressuring other workloads.',
  },
  {
    name: 'IPC_OWNER', number: 15, risk: 'medium', dockerDefault: false,
    grants: 'Bypass permission checks on System V shared memory, semaphores and message queues.',
    neededBy: 'Very rarely: tools that inspect other users\' IPC objects.',
    abuse: 'Reads and writes other processes\' shared memory; with the host IPC namespace, the host\'s.',
  },
  {
    name: 'SYS_MODULE', number: 16, risk: 'critical', dockerDefault: false,
    grants: 'Load and unload kernel modules.',
    neededBy: 'Driver installers and some storage or network agents that load modules on the host; no application.',
    abuse: 'Loads its own module: arbitrary code in the host kernel, which is complete control of the host.',
  },
  {
    name: 'SYS_RAWIO', number: 17, risk: 'high', dockerDefault: false,
    grants: 'Raw I/O: I/O ports, /dev/mem and /dev/kmem, raw SCSI commands, some device ioctls.',
    neededBy: 'Hardware tools (firmware flashing, SMART disk checks, some GPU and FPGA tooling).',
    abuse: 'Reads and writes physical memory or disks directly when a device node is reachable, bypassing every file permission and the kernel itself.',
  },
  {
    name: 'SYS_CHROOT', number: 18, risk: 'low', dockerDefault: true,
    grants: 'Change the root directory of the process with chroot.',
    neededBy: 'Build tools that assemble root filesystems, some daemons that chroot themselves (older bind, vsftpd).',
    abuse: 'Helps set up confusing filesystem views for other programs; a step in some escape chains combined with other rights.',
  },
  {
    name: 'SYS_PTRACE', number: 19, risk: 'high', dockerDefault: false,
    grants: 'Trace and inspect any process: read and write its memory, registers and file descriptors.',
    neededBy: 'Debuggers (gdb, strace, delve), profilers, crash reporters.',
    abuse: 'Injects code into other processes in its PID namespace and steals their secrets; with the host PID namespace, into host processes, which is an escape.',
  },
  {
    name: 'SYS_PACCT', number: 20, risk: 'medium', dockerDefault: false,
    grants: 'Switch process accounting on or off.',
    neededBy: 'Host accounting tools; no container workload.',
    abuse: 'Turns off or redirects the host\'s process accounting, hiding activity, or fills a disk with accounting records.',
  },
  {
    name: 'SYS_ADMIN', number: 21, risk: 'critical', dockerDefault: false,
    grants: 'A large grab bag: mount and unmount, namespace creation, many device and file-system ioctls, quota, swap, hostname and more.',
    neededBy: 'FUSE file systems, tools that mount things (sshfs, some backup agents), nested container engines, systemd as PID 1.',
    abuse: 'Mounts file systems and cgroups, which is how most known container escapes begin (release_agent, mounting the host disk through a reachable device); it is close to root on the host.',
  },
  {
    name: 'SYS_BOOT', number: 22, risk: 'high', dockerDefault: false,
    grants: 'Reboot and load a new kernel for later execution (kexec_load).',
    neededBy: 'Nothing in a container.',
    abuse: 'Reboots the host (the reboot call is namespaced only partly) or stages a new kernel.',
  },
  {
    name: 'SYS_NICE', number: 23, risk: 'low', dockerDefault: false,
    grants: 'Raise scheduling priority, use real-time scheduling, set CPU affinity and I/O priority of any process.',
    neededBy: 'Real-time audio and trading systems, databases that pin threads to CPUs.',
    abuse: 'Starves other workloads of CPU with real-time priority, within whatever CPU limit the container has.',
  },
  {
    name: 'SYS_RESOURCE', number: 24, risk: 'medium', dockerDefault: false,
    grants: 'Override resource limits (rlimits), disk quotas and reserved file-system space.',
    neededBy: 'Services that raise their own limits beyond the hard limit, such as some databases raising open-file limits.',
    abuse: 'Lifts the limits meant to contain it and fills reserved disk space the host needs to keep working.',
  },
  {
    name: 'SYS_TIME', number: 25, risk: 'high', dockerDefault: false,
    grants: 'Set the system clock and the hardware clock.',
    neededBy: 'NTP and PTP daemons that discipline the host clock.',
    abuse: 'Changes the host\'s time (the clock is not namespaced): breaks TLS validation, token expiry, logs and schedules on the whole machine.',
  },
  {
    name: 'SYS_TTY_CONFIG', number: 26, risk: 'medium', dockerDefault: false,
    grants: 'Configure and hang up terminals (vhangup and tty ioctls).',
    neededBy: 'Console and terminal management tools on the host.',
    abuse: 'Hangs up or reconfigures terminals it can reach.',
  },
  {
    name: 'MKNOD', number: 27, risk: 'low', dockerDefault: true,
    grants: 'Create device special files with mknod.',
    neededBy: 'Image build steps and init scripts that create device nodes; a running service almost never.',
    abuse: 'Creates device nodes for disks or memory; the device cgroup normally blocks using them, so it matters mostly where that filter is loosened.',
  },
  {
    name: 'LEASE', number: 28, risk: 'low', dockerDefault: false,
    grants: 'Take file leases on files the process does not own.',
    neededBy: 'Samba and NFS servers.',
    abuse: 'Delays other processes opening a shared file, a small denial of service.',
  },
  {
    name: 'AUDIT_WRITE', number: 29, risk: 'low', dockerDefault: true,
    grants: 'Write records to the kernel audit log.',
    neededBy: 'login, sshd, su and sudo, which log authentication events to audit.',
    abuse: 'Floods or forges entries in the host audit log.',
  },
  {
    name: 'AUDIT_CONTROL', number: 30, risk: 'high', dockerDefault: false,
    grants: 'Enable and disable kernel auditing and change its rules.',
    neededBy: 'auditd and audit rule loaders on the host.',
    abuse: 'Switches off the host\'s audit rules so that what it does next leaves no trace.',
  },
  {
    name: 'SETFCAP', number: 31, risk: 'medium', dockerDefault: true,
    grants: 'Set file capabilities on executables, and map user 0 when creating a user namespace.',
    neededBy: 'Package installs that set file capabilities (ping on some distributions); build steps rather than services.',
    abuse: 'Marks a program with capabilities so that running it later gives them back, a persistence trick after a privilege drop.',
  },
  {
    name: 'MAC_OVERRIDE', number: 32, risk: 'high', dockerDefault: false,
    grants: 'Override mandatory access control (Smack; some LSMs).',
    neededBy: 'Policy management tools on the host.',
    abuse: 'Bypasses the mandatory access control that is one of the walls around the container.',
  },
  {
    name: 'MAC_ADMIN', number: 33, risk: 'high', dockerDefault: false,
    grants: 'Change mandatory access control configuration and policy (AppArmor, SELinux, Smack).',
    neededBy: 'Tools that load security policies on the host.',
    abuse: 'Loads a weaker AppArmor or SELinux policy, removing the confinement of itself and other containers.',
  },
  {
    name: 'SYSLOG', number: 34, risk: 'medium', dockerDefault: false,
    grants: 'Read and clear the kernel log (dmesg) and see kernel addresses in /proc.',
    neededBy: 'Host log collectors that read the kernel ring buffer.',
    abuse: 'Reads kernel pointers that defeat address randomisation before a kernel exploit, and clears the log to hide it.',
  },
  {
    name: 'WAKE_ALARM', number: 35, risk: 'low', dockerDefault: false,
    grants: 'Set timers that wake the system from suspend.',
    neededBy: 'Power management on laptops and embedded devices.',
    abuse: 'Wakes a suspended machine; irrelevant on most servers.',
  },
  {
    name: 'BLOCK_SUSPEND', number: 36, risk: 'low', dockerDefault: false,
    grants: 'Prevent the system from suspending (epoll wake-ups).',
    neededBy: 'Mobile and embedded power management.',
    abuse: 'Keeps a machine from suspending; irrelevant on most servers.',
  },
  {
    name: 'AUDIT_READ', number: 37, risk: 'medium', dockerDefault: false,
    grants: 'Read the kernel audit log through a multicast netlink socket.',
    neededBy: 'Audit log shippers on the host.',
    abuse: 'Reads everything the host audits, including other users\' commands and sometimes their arguments.',
  },
  {
    name: 'PERFMON', number: 38, risk: 'high', dockerDefault: false,
    grants: 'Use perf_event_open and other performance monitoring beyond the paranoid limits.',
    neededBy: 'Profilers and observability agents (perf, parca, some eBPF agents).',
    abuse: 'Watches kernel and other processes\' activity, leaks kernel addresses, and widens the reach of kernel exploits through the perf subsystem.',
  },
  {
    name: 'BPF', number: 39, risk: 'high', dockerDefault: false,
    grants: 'Create BPF maps and load BPF programs (with PERFMON or NET_ADMIN for most program types).',
    neededBy: 'eBPF observability and networking agents (Cilium, Falco, Pixie).',
    abuse: 'Loads programs into the kernel that can read kernel memory or trace the whole host; BPF verifier bugs have repeatedly become kernel exploits.',
  },
  {
    name: 'CHECKPOINT_RESTORE', number: 40, risk: 'medium', dockerDefault: false,
    grants: 'Checkpoint and restore operations: choose PIDs for new processes, read other processes\' memory maps.',
    neededBy: 'CRIU and container live-migration tools.',
    abuse: 'Inspects the memory layout of other processes and creates processes with chosen PIDs, which helps impersonate them.',
  },
];

export const CAPABILITIES: ReadonlyMap<string, CapabilityInfo> = new Map(CAPABILITY_LIST.map((c) => [c.name, c]));

/** Docker's default set, granted unless a container drops it. */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = CAPABILITY_LIST.filter((c) => c.dockerDefault).map((c) => c.name);

/** `cap_sys_admin`, `CAP_SYS_ADMIN`, `sys_admin` and `21` all find SYS_ADMIN. */
export function findCapability(query: string): CapabilityInfo | undefined {
  const trimmed = query.trim();
  if (/^\d+$/.test(trimmed)) return CAPABILITY_LIST.find((c) => c.number === Number(trimmed));
  const upper = trimmed.toUpperCase().replace(/-/g, '_');
  return CAPABILITIES.get(upper.startsWith('CAP_') ? upper.slice(4) : upper);
}

export function allCapabilities(): readonly CapabilityInfo[] {
  return CAPABILITY_LIST;
}

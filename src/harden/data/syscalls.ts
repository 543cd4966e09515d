/**
 * System calls by what they are for, as hullcheck's seccomp profile groups
 * them. The allowed groups follow what Docker's default profile lets an
 * unprivileged container do; the blocked groups are those a service in a
 * container has no business calling, even where Docker's default allows them
 * to a container holding the matching capability. Names are the kernel's;
 * a name an architecture does not have is ignored by the runtime.
 */
export interface SyscallGroup {
  name: string;
  /** What the group does, and for blocked groups why a service does not need it. */
  purpose: string;
  syscalls: string[];
}

export const ALLOWED_GROUPS: SyscallGroup[] = [
  {
    name: 'files',
    purpose: 'open, read, write, stat, link and remove files and directories, extended attributes, file locks',
    syscalls: [
      'access', 'chdir', 'chmod', 'chown', 'chown32', 'close', 'close_range', 'copy_file_range', 'creat', 'dup', 'dup2', 'dup3',
      'faccessat', 'faccessat2', 'fadvise64', 'fadvise64_64', 'arm_fadvise64_64', 'fallocate', 'fchdir', 'fchmod', 'fchmodat', 'fchmodat2',
      'fchown', 'fchown32', 'fchownat', 'fcntl', 'fcntl64', 'fdatasync', 'fgetxattr', 'flistxattr', 'flock', 'fremovexattr', 'fsetxattr',
      'fstat', 'fstat64', 'fstatat64', 'fstatfs', 'fstatfs64', 'fsync', 'ftruncate', 'ftruncate64', 'getcwd', 'getdents', 'getdents64',
      'getxattr', 'lchown', 'lchown32', 'lgetxattr', 'link', 'linkat', 'listxattr', 'llistxattr', 'lremovexattr', 'lseek', '_llseek',
      'lsetxattr', 'lstat', 'lstat64', 'mkdir', 'mkdirat', 'mknod', 'mknodat', 'newfstatat', 'open', 'openat', 'openat2', 'pipe', 'pipe2',
      'pread64', 'preadv', 'preadv2', 'pwrite64', 'pwritev', 'pwritev2', 'read', 'readahead', 'readlink', 'readlinkat', 'readv',
      'removexattr', 'rename', 'renameat', 'renameat2', 'rmdir', 'sendfile', 'sendfile64', 'setxattr', 'splice', 'stat', 'stat64',
      'statfs', 'statfs64', 'statx', 'symlink', 'symlinkat', 'sync', 'sync_file_range', 'sync_file_range2', 'arm_sync_file_range',
      'syncfs', 'tee', 'truncate', 'truncate64', 'umask', 'unlink', 'unlinkat', 'utime', 'utimensat', 'utimensat_time64', 'utimes',
      'vmsplice', 'write', 'writev', 'ioctl', 'inotify_add_watch', 'inotify_init', 'inotify_init1', 'inotify_rm_watch',
    ],
  },
  {
    name: 'waiting for events',
    purpose: 'poll, select and epoll, event and timer descriptors, asynchronous I/O',
    syscalls: [
      'epoll_create', 'epoll_create1', 'epoll_ctl', 'epoll_ctl_old', 'epoll_pwait', 'epoll_pwait2', 'epoll_wait', 'epoll_wait_old',
      'eventfd', 'eventfd2', 'poll', 'ppoll', 'ppoll_time64', 'pselect6', 'pselect6_time64', 'select', '_newselect', 'signalfd',
      'signalfd4', 'timerfd_create', 'timerfd_gettime', 'timerfd_gettime64', 'timerfd_settime', 'timerfd_settime64', 'io_setup',
      'io_destroy', 'io_getevents', 'io_pgetevents', 'io_pgetevents_time64', 'io_submit', 'io_cancel',
    ],
  },
  {
    name: 'memory',
    purpose: 'map, protect and lock memory, shared memory, semaphores and message queues',
    syscalls: [
      'brk', 'madvise', 'membarrier', 'memfd_create', 'memfd_secret', 'mincore', 'mlock', 'mlock2', 'mlockall', 'mmap', 'mmap2',
      'mprotect', 'mremap', 'msync', 'munlock', 'munlockall', 'munmap', 'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'get_mempolicy',
      'remap_file_pages', 'map_shadow_stack', 'shmat', 'shmctl', 'shmdt', 'shmget', 'semctl', 'semget', 'semop', 'semtimedop',
      'semtimedop_time64', 'msgctl', 'msgget', 'msgrcv', 'msgsnd', 'mq_getsetattr', 'mq_notify', 'mq_open', 'mq_timedreceive',
      'mq_timedreceive_time64', 'mq_timedsend', 'mq_timedsend_time64', 'mq_unlink', 'ipc',
    ],
  },
  {
    name: 'processes',
    purpose: 'create, run and wait for processes and threads, ids and credentials, limits, scheduling, futexes',
    syscalls: [
      'arch_prctl', 'capget', 'capset', 'execve', 'execveat', 'exit', 'exit_group', 'fork', 'vfork', 'getegid', 'getegid32', 'geteuid',
      'geteuid32', 'getgid', 'getgid32', 'getgroups', 'getgroups32', 'getpgid', 'getpgrp', 'getpid', 'getppid', 'getpriority',
      'getrandom', 'getresgid', 'getresgid32', 'getresuid', 'getresuid32', 'getrlimit', 'get_robust_list', 'getrusage', 'getsid',
      'gettid', 'getuid', 'getuid32', 'ioprio_get', 'ioprio_set', 'kill', 'tkill', 'tgkill', 'prctl', 'prlimit64', 'rseq',
      'sched_getaffinity', 'sched_getattr', 'sched_getparam', 'sched_get_priority_max', 'sched_get_priority_min', 'sched_getscheduler',
      'sched_rr_get_interval', 'sched_rr_get_interval_time64', 'sched_setaffinity', 'sched_setattr', 'sched_setparam',
      'sched_setscheduler', 'sched_yield', 'setfsgid', 'setfsgid32', 'setfsuid', 'setfsuid32', 'setgid', 'setgid32', 'setgroups',
      'setgroups32', 'setpgid', 'setpriority', 'setregid', 'setregid32', 'setresgid', 'setresgid32', 'setresuid', 'setresuid32',
      'setreuid', 'setreuid32', 'setrlimit', 'set_robust_list', 'setsid', 'set_tid_address', 'set_thread_area', 'get_thread_area',
      'set_tls', 'setuid', 'setuid32', 'ugetrlimit', 'uname', 'wait4', 'waitid', 'waitpid', 'pidfd_open', 'pidfd_send_signal',
      'restart_syscall', 'futex', 'futex_time64', 'futex_waitv', 'futex_wake', 'futex_wait', 'futex_requeue', 'seccomp',
      'landlock_add_rule', 'landlock_create_ruleset', 'landlock_restrict_self', 'process_mrelease', 'sysinfo', 'times', 'getcpu',
      'cacheflush', 'breakpoint', 'riscv_flush_icache', 'riscv_hwprobe', 's390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr',
    ],
  },
  {
    name: 'signals',
    purpose: 'install handlers, block, wait for and send signals',
    syscalls: [
      'alarm', 'pause', 'rt_sigaction', 'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo', 'rt_sigreturn', 'rt_sigsuspend',
      'rt_sigtimedwait', 'rt_sigtimedwait_time64', 'rt_tgsigqueueinfo', 'sigaction', 'sigaltstack', 'signal', 'sigpending',
      'sigprocmask', 'sigreturn', 'sigsuspend',
    ],
  },
  {
    name: 'time',
    purpose: 'read clocks, sleep, interval timers (setting the clock is not allowed)',
    syscalls: [
      'clock_getres', 'clock_getres_time64', 'clock_gettime', 'clock_gettime64', 'clock_nanosleep', 'clock_nanosleep_time64',
      'gettimeofday', 'nanosleep', 'time', 'timer_create', 'timer_delete', 'timer_getoverrun', 'timer_gettime', 'timer_gettime64',
      'timer_settime', 'timer_settime64', 'getitimer', 'setitimer',
    ],
  },
  {
    name: 'network',
    purpose: 'sockets: create, bind, listen, connect, send and receive',
    syscalls: [
      'accept', 'accept4', 'bind', 'connect', 'getpeername', 'getsockname', 'getsockopt', 'listen', 'recv', 'recvfrom', 'recvmmsg',
      'recvmmsg_time64', 'recvmsg', 'send', 'sendmmsg', 'sendmsg', 'sendto', 'setsockopt', 'shutdown', 'socket', 'socketcall', 'socketpair',
    ],
  },
];

/** Groups hullcheck's profile leaves out: a service does not call them, an attacker does. */
export const BLOCKED_GROUPS: SyscallGroup[] = [
  { name: 'kernel modules', purpose: 'loading code into the kernel', syscalls: ['init_module', 'finit_module', 'delete_module', 'create_module', 'query_module', 'get_kernel_syms'] },
  { name: 'kexec and reboot', purpose: 'replacing or restarting the running kernel', syscalls: ['kexec_load', 'kexec_file_load', 'reboot'] },
  { name: 'BPF', purpose: 'loading programs into the kernel; verifier bugs are a recurring route to kernel exploits', syscalls: ['bpf'] },
  { name: 'performance events', purpose: 'kernel profiling, which exposes kernel addresses and other processes', syscalls: ['perf_event_open'] },
  { name: 'mounts', purpose: 'mounting, moving and pivoting file systems, the first step of most escapes', syscalls: ['mount', 'umount', 'umount2', 'pivot_root', 'chroot', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'move_mount', 'open_tree', 'mount_setattr'] },
  { name: 'tracing other processes', purpose: 'reading and writing other processes\' memory', syscalls: ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd'] },
  { name: 'kernel keyrings', purpose: 'the kernel keyring, which is not namespaced', syscalls: ['add_key', 'keyctl', 'request_key'] },
  { name: 'userfaultfd', purpose: 'handling page faults in user space, a standard tool for winning kernel race conditions', syscalls: ['userfaultfd'] },
  { name: 'new namespaces', purpose: 'creating or entering namespaces (clone is allowed only without namespace flags)', syscalls: ['unshare', 'setns'] },
  { name: 'io_uring', purpose: 'a second system-call interface that bypasses seccomp filtering of the calls it carries', syscalls: ['io_uring_setup', 'io_uring_enter', 'io_uring_register'] },
  { name: 'host clock and system', purpose: 'setting the host clock, swap, quotas, accounting and host names', syscalls: ['settimeofday', 'stime', 'clock_settime', 'clock_settime64', 'clock_adjtime', 'clock_adjtime64', 'adjtimex', 'swapon', 'swapoff', 'quotactl', 'quotactl_fd', 'acct', 'sethostname', 'setdomainname', 'syslog', 'vhangup'] },
  { name: 'obsolete and raw hardware', purpose: 'old interfaces and direct hardware access no service needs', syscalls: ['iopl', 'ioperm', 'vm86', 'vm86old', 'uselib', 'ustat', 'sysfs', '_sysctl', 'nfsservctl', 'lookup_dcookie', 'name_to_handle_at', 'open_by_handle_at', 'fanotify_init', 'fanotify_mark', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node', 'move_pages', 'migrate_pages'] },
];

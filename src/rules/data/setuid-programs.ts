/**
 * Programs that Debian, Ubuntu, Alpine and Red Hat family base images ship
 * with the setuid or setgid bit because they cannot work without it. They are
 * reported at low severity when they sit in a system directory; the same name
 * anywhere else (or any other program) is not given the benefit of the doubt.
 */
export const EXPECTED_SETUID_PROGRAMS: ReadonlySet<string> = new Set([
  // shadow / util-linux: changing passwords and identities, mounting
  'su', 'passwd', 'chsh', 'chfn', 'newgrp', 'gpasswd', 'mount', 'umount', 'newuidmap', 'newgidmap',
  // setgid shadow/tty/mail/crontab helpers
  'chage', 'expiry', 'unix_chkpwd', 'wall', 'write', 'bsd-write', 'crontab', 'dotlockfile', 'ssh-agent', 'utempter',
  // iputils and others that need raw sockets or a privileged helper
  'ping', 'ping6', 'fusermount', 'fusermount3', 'ssh-keysign', 'dbus-daemon-launch-helper', 'polkit-agent-helper-1', 'chrome-sandbox', 'bbsuid',
  'mount.nfs', 'pam_timestamp_check', 'userhelper', 'at',
  // sudo is expected to be setuid; whether it belongs in the image is no-sudo-in-image's question
  'sudo', 'sudoedit',
]);

/** Where a distribution installs such programs. */
export const SYSTEM_PROGRAM_DIRS: readonly string[] = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/libexec', '/lib', '/usr/lib64'];

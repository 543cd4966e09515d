import { hostRule } from '../rule.js';

export default hostRule({
  meta: {
    id: 'require-separate-data-root-partition',
    title: 'Docker\'s data root shares a filesystem with the rest of the host',
    severity: 'low',
    reads: 'host',
    cis: ['1.1.1'],
    docs: {
      why:
        'Images, container layers, volumes and json-file logs all grow under Docker\'s data root. On the host\'s root ' +
        'filesystem, one container that writes without bound (a log loop, a filled volume) fills the disk the host itself ' +
        'needs, and system services, logging and even logins start to fail. A separate filesystem confines that to Docker.',
      fix:
        'Give the data root its own filesystem: a new disk or LVM volume mounted at /var/lib/docker (or wherever `data-root` ' +
        'points), listed in /etc/fstab. Stop Docker, copy the old contents over, mount, and start it again.',
      examples: [
        {
          kind: 'host',
          bad: '$ findmnt --target /var/lib/docker\nTARGET SOURCE    FSTYPE OPTIONS\n/      /dev/sda1 ext4   rw,relatime',
          good: '$ findmnt --target /var/lib/docker\nTARGET          SOURCE                      FSTYPE OPTIONS\n/var/lib/docker /dev/mapper/vg0-docker ext4   rw,relatime',
        },
      ],
    },
  },
  check(facts, { report }) {
    const mount = facts.host?.dataRootMount;
    // An empty mount point means the mount table could not be read; the reader reports that as an input error.
    if (!mount || mount.value.separate || !mount.value.mountPoint) return;
    report({
      message: `Docker's data root ${facts.info.dockerRootDir} is on the filesystem mounted at ${mount.value.mountPoint}: containers that fill it fill the host's disk`,
      at: mount.at,
      fix: { description: `mount a dedicated filesystem at ${facts.info.dockerRootDir}` },
    });
  },
});

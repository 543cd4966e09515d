import type { DeviceFact } from '../../facts/container.js';
import type { Severity } from '../../facts/finding.js';
import { containerRule } from '../rule.js';
import { normalizeAbsolute } from './host-paths.js';

/** Disks, partitions and physical memory: access to these bypasses every file permission on the host. */
const RAW_STORAGE = /^\/dev\/(?:(?:sd|hd|vd|xvd)[a-z]|nvme\d|mmcblk\d|dm-\d|loop|md\d|mapper(?:\/|$)|disk(?:\/|$)|(?:mem|kmem|port)$)/;
/** Directories that hand over many devices at once. */
const BROAD_DEVICE_DIRECTORIES = new Set(['/dev/bus', '/dev/bus/usb', '/dev/input']);
const CGROUP_RULE = /^([abc])(?:\s+(\*|\d+):(\*|\d+)(?:\s+([rwm]+))?)?$/;

interface DeviceRisk {
  severity: Severity;
  note: string;
}

export default containerRule({
  meta: {
    id: 'no-host-devices',
    title: 'Container gets direct access to host devices',
    severity: 'medium',
    reads: 'container',
    cis: ['5.18'],
    docs: {
      why:
        'A device mapping lets processes in the container talk to host hardware without going through the host\'s file ' +
        'permissions. A disk or `/dev/mem` can be read and rewritten block by block; a broad device cgroup rule such as ' +
        '`a *:* rwm` lets the container create and use any device node. Even a harmless-looking device widens the kernel ' +
        'surface the container can reach.',
      fix:
        'Remove device mappings the service does not need. Map single devices rather than directories, drop the `m` ' +
        '(mknod) permission, and give read-only (`r`) access where writing is not required. Replace broad device cgroup ' +
        'rules with the exact type and major:minor numbers.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: backup:1\n    devices:\n      - /dev/sda:/dev/sda',
          good: 'services:\n  app:\n    image: backup:1\n    volumes:\n      - backup-data:/data',
        },
        { kind: 'run', bad: 'docker run --device /dev/sda:/dev/sda backup:1', good: 'docker run -v backup-data:/data backup:1' },
      ],
    },
  },
  check(facts, { report }) {
    for (const device of facts.devices) {
      const risk = deviceRisk(device.value);
      report({
        message: `container "${facts.name}" gets host device ${device.value.pathOnHost} (${device.value.permissions}): ${risk.note}`,
        at: device.at,
        severity: risk.severity,
        fix: { description: 'remove the device mapping or narrow it to one device with the least permissions' },
      });
    }
    for (const rule of facts.deviceCgroupRules) {
      const risk = cgroupRuleRisk(rule.value);
      report({
        message: `container "${facts.name}" has device cgroup rule "${rule.value.trim()}": ${risk.note}`,
        at: rule.at,
        severity: risk.severity,
        fix: { description: 'narrow the rule to the exact device type and major:minor numbers needed' },
      });
    }
  },
});

function deviceRisk(device: DeviceFact): DeviceRisk {
  const path = device.pathOnHost.startsWith('/') ? normalizeAbsolute(device.pathOnHost) : device.pathOnHost;
  if (path === '/dev') return { severity: 'high', note: 'every host device, disks included' };
  if (RAW_STORAGE.test(path)) return { severity: 'high', note: 'raw disk or memory access bypasses all host file permissions' };
  if (BROAD_DEVICE_DIRECTORIES.has(path) && device.permissions.includes('m')) {
    return { severity: 'high', note: 'a whole device directory with mknod permission lets it create further device nodes' };
  }
  return { severity: 'medium', note: 'the container talks to host hardware directly' };
}

function cgroupRuleRisk(rule: string): DeviceRisk {
  const match = CGROUP_RULE.exec(rule.trim());
  if (!match) return { severity: 'medium', note: 'it allows access to host devices' };
  const [, type, major = '*'] = match;
  if (type === 'a' || major === '*') return { severity: 'high', note: 'it allows a whole class of host devices' };
  if (type === 'b') return { severity: 'high', note: 'it allows block devices, i.e. host disks' };
  return { severity: 'medium', note: 'it allows access to host devices' };
}

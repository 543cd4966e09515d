import { hostRule } from '../rule.js';
import { daemonSetting, isRootless, isSet, securityOption } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'require-userns-remap',
    title: 'Root in a container is root on the host (no user namespace remapping)',
    severity: 'medium',
    reads: 'host',
    cis: ['2.9'],
    docs: {
      why:
        'Without user namespaces, uid 0 in a container is uid 0 on the host. Anything that lets a process out of its ' +
        'container (a kernel bug, a runc escape, a mounted host path) then hands the attacker full root. With `userns-remap`, ' +
        'container root maps to an unprivileged range of host uids, so an escape lands as a nobody. Rootless mode gives the ' +
        'same protection for the daemon as a whole.',
      fix:
        'Set `"userns-remap": "default"` in daemon.json (Docker creates the `dockremap` user and its subordinate ranges), or ' +
        'run the daemon rootless. Existing images and volumes are re-owned under the new range, and a container that needs ' +
        'the host\'s user namespace can opt out with `--userns=host`.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "icc": false\n}', good: '{\n  "icc": false,\n  "userns-remap": "default"\n}' },
        { kind: 'daemon.json', bad: 'dockerd --icc=false', good: 'dockerd --icc=false --userns-remap=default' },
      ],
    },
  },
  check(facts, { report }) {
    if (securityOption(facts, 'userns') || isRootless(facts)) return;
    const remap = daemonSetting(facts, 'userns-remap');
    if (isSet(remap)) return;
    report({
      message: 'the engine runs containers without user namespace remapping and is not rootless: root in a container is root on the host',
      at: remap?.setting.at ?? facts.at,
      fix: { description: 'set "userns-remap": "default" in daemon.json, or run Docker rootless' },
    });
  },
});

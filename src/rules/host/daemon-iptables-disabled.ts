import { hostRule } from '../rule.js';
import { booleanValue, daemonSetting, describeSetting } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'daemon-iptables-disabled',
    title: 'Docker may not manage the host firewall for its networks',
    severity: 'medium',
    reads: 'host',
    cis: ['2.4'],
    docs: {
      why:
        'Docker writes the firewall rules that isolate its networks from each other and that make `icc: false` and ' +
        'published ports work as configured. With `iptables` off, none of that is enforced unless someone keeps equivalent ' +
        'rules by hand for every network and port, which in practice drifts.',
      fix: 'Remove `"iptables": false` from daemon.json (or `--iptables=false` from dockerd) and let Docker manage its own chains; add site rules in the `DOCKER-USER` chain.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "iptables": false\n}', good: '{\n  "iptables": true\n}' },
        { kind: 'daemon.json', bad: 'dockerd --iptables=false', good: 'dockerd --icc=false' },
      ],
    },
  },
  check(facts, { report }) {
    const iptables = daemonSetting(facts, 'iptables');
    if (!iptables || booleanValue(iptables.setting.value) !== false) return;
    report({
      message: `${describeSetting(iptables)}: the isolation between Docker networks and of unpublished ports is not enforced by the firewall`,
      at: iptables.setting.at,
      fix: { description: 'remove "iptables": false' },
    });
  },
});

import { hostRule } from '../rule.js';
import { daemonSetting, settingAt } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'require-live-restore',
    title: 'Containers stop whenever the Docker daemon stops',
    severity: 'low',
    reads: 'host',
    cis: ['2.15'],
    docs: {
      why:
        'Without live restore, stopping or upgrading dockerd stops every container. That makes patching the daemon an outage, ' +
        'and so an upgrade that tends to be put off; a crash of the daemon also takes all workloads down with it. With ' +
        '`live-restore` the containers keep running and the daemon reattaches to them when it comes back.',
      fix:
        'Set `"live-restore": true` in daemon.json and reload the daemon (`systemctl reload docker`). It cannot be combined ' +
        'with swarm mode, which manages restarts itself.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "live-restore": false\n}', good: '{\n  "live-restore": true\n}' },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.info.liveRestore) return;
    report({
      message: 'live restore is off: every container stops when the daemon stops or is upgraded',
      at: settingAt(facts, daemonSetting(facts, 'live-restore')),
      fix: { description: 'set "live-restore": true in daemon.json' },
    });
  },
});

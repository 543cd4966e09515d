import { hostRule } from '../rule.js';
import { daemonSetting, isSet } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'require-default-ulimits',
    title: 'The daemon sets no default ulimits for containers',
    severity: 'info',
    reads: 'host',
    cis: ['2.8'],
    docs: {
      why:
        'Containers inherit the daemon\'s own resource limits unless a ulimit is set for them, and the daemon usually runs ' +
        'with very high ones (open files in the millions, unlimited processes under systemd). A default ulimit in the daemon ' +
        'gives every container a sane ceiling on open files and processes, which a container that needs more can raise.',
      fix:
        'Add `default-ulimits` to daemon.json, sized for your workloads, for example ' +
        '`"default-ulimits": { "nofile": { "Name": "nofile", "Soft": 65536, "Hard": 65536 } }`. Pair it with a pids limit, ' +
        'which is what actually stops a fork bomb.',
      examples: [
        {
          kind: 'daemon.json',
          bad: '{\n  "icc": false\n}',
          good: '{\n  "icc": false,\n  "default-ulimits": {\n    "nofile": { "Name": "nofile", "Soft": 65536, "Hard": 65536 }\n  }\n}',
        },
        { kind: 'daemon.json', bad: 'dockerd --icc=false', good: 'dockerd --default-ulimit nofile=65536:65536' },
      ],
    },
  },
  check(facts, { report }) {
    if (!facts.daemon) return;
    const ulimits = daemonSetting(facts, 'default-ulimits');
    if (isSet(ulimits)) return;
    report({
      message: 'the daemon sets no default-ulimits: containers inherit the daemon\'s own limits on open files and processes',
      at: ulimits?.setting.at ?? facts.at,
      fix: { description: 'add default-ulimits to daemon.json' },
    });
  },
});

import { hostRule } from '../rule.js';
import { booleanValue, daemonSetting, describeSetting } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'daemon-icc-enabled',
    title: 'Containers on the default bridge can all reach each other',
    severity: 'medium',
    reads: 'host',
    cis: ['2.2'],
    docs: {
      why:
        'Inter-container communication (`icc`) is on by default: every container attached to the default `bridge` network ' +
        'can open connections to every port of every other one, whether or not those ports are published. One compromised ' +
        'container can then probe and attack the rest. With `icc` off, containers on the default bridge talk only through ' +
        'published ports or user-defined networks that the deployment chose.',
      fix:
        'Set `"icc": false` in daemon.json (or run dockerd with `--icc=false`) and put containers that must talk to each other ' +
        'on a user-defined network.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "icc": true\n}', good: '{\n  "icc": false\n}' },
        { kind: 'daemon.json', bad: 'dockerd --icc=true', good: 'dockerd --icc=false' },
      ],
    },
  },
  check(facts, { report }) {
    if (!facts.daemon) return;
    const icc = daemonSetting(facts, 'icc');
    if (booleanValue(icc?.setting.value) === false) return;
    report({
      message: icc
        ? `${describeSetting(icc)}: containers on the default bridge can reach every port of each other`
        : 'the daemon does not set icc, so it is on: containers on the default bridge can reach every port of each other',
      at: icc?.setting.at ?? facts.at,
      fix: { description: 'set "icc": false in daemon.json' },
    });
  },
});

import { hostRule } from '../rule.js';
import { booleanValue, daemonSetting, describeSetting } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'require-no-new-privileges-default',
    title: 'The daemon does not stop containers from gaining privileges by default',
    severity: 'medium',
    reads: 'host',
    cis: ['2.14'],
    docs: {
      why:
        'Each container can ask for `no-new-privileges`, but most are started without it, and then a setuid program or a file ' +
        'with capabilities inside the container can raise a process\'s privileges. Making it the daemon\'s default protects ' +
        'every container, including those whose authors never thought about it.',
      fix:
        'Set `"no-new-privileges": true` in daemon.json (or run dockerd with `--no-new-privileges`). Containers that really ' +
        'need setuid binaries (rare: `sudo`, `ping` on old images) then fail visibly and can be looked at one by one.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "icc": false\n}', good: '{\n  "icc": false,\n  "no-new-privileges": true\n}' },
        { kind: 'daemon.json', bad: 'dockerd --no-new-privileges=false', good: 'dockerd --no-new-privileges' },
      ],
    },
  },
  check(facts, { report }) {
    if (!facts.daemon) return;
    const setting = daemonSetting(facts, 'no-new-privileges');
    if (booleanValue(setting?.setting.value) === true) return;
    report({
      message: setting
        ? `${describeSetting(setting)}: processes in containers can gain privileges through setuid programs unless each container opts out`
        : 'the daemon does not set no-new-privileges: processes in containers can gain privileges through setuid programs unless each container opts out',
      at: setting?.setting.at ?? facts.at,
      fix: { description: 'set "no-new-privileges": true in daemon.json' },
    });
  },
});

import { hostRule } from '../rule.js';
import { daemonSetting, settingAt } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'no-experimental-daemon',
    title: 'The daemon runs with experimental features enabled',
    severity: 'low',
    reads: 'host',
    cis: ['2.18'],
    docs: {
      why:
        'Experimental features are unfinished: their behaviour may change between releases, they get less review and ' +
        'testing, and security fixes for them are not a priority. A production engine should run only code whose ' +
        'behaviour is supported.',
      fix: 'Remove `"experimental": true` from daemon.json (or `--experimental` from the dockerd command line) and reload the daemon.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "experimental": true\n}', good: '{\n  "experimental": false\n}' },
        { kind: 'daemon.json', bad: 'dockerd --experimental', good: 'dockerd --icc=false' },
      ],
    },
  },
  check(facts, { report }) {
    if (!facts.info.experimental) return;
    report({
      message: 'the daemon runs with experimental features enabled',
      at: settingAt(facts, daemonSetting(facts, 'experimental')),
      fix: { description: 'turn experimental off in daemon.json' },
    });
  },
});

import type { HostFacts } from '../../facts/host.js';
import type { Severity } from '../../facts/finding.js';
import { hostRule } from '../rule.js';
import { booleanValue, daemonSetting, describeSetting, type NamedSetting } from './daemon-settings.js';

/** Levels below `info` drop the daemon's record of what it did (containers started, images pulled). */
const TOO_QUIET = new Set(['warn', 'error', 'fatal', 'panic']);

interface Verdict {
  named: NamedSetting;
  problem: string;
  severity: Severity;
}

function verdict(facts: HostFacts): Verdict | undefined {
  const debug = daemonSetting(facts, 'debug');
  if (debug && booleanValue(debug.setting.value) === true) {
    return { named: debug, problem: 'the daemon logs at debug level, which floods the logs and records details of every API call', severity: 'low' };
  }
  const level = daemonSetting(facts, 'log-level');
  const value = typeof level?.setting.value === 'string' ? level.setting.value.trim().toLowerCase() : undefined;
  if (!level || value === undefined) return undefined;
  if (value === 'debug' || value === 'trace') {
    return { named: level, problem: `the daemon logs at ${value} level, which floods the logs and records details of every API call`, severity: 'low' };
  }
  if (TOO_QUIET.has(value)) {
    return { named: level, problem: `the daemon logs only at ${value} level and above: the record of containers started and images pulled is lost`, severity: 'info' };
  }
  return undefined;
}

export default hostRule({
  meta: {
    id: 'daemon-log-level',
    title: 'Daemon log level is not info',
    severity: 'low',
    reads: 'host',
    cis: ['2.3'],
    docs: {
      why:
        'At `info` the daemon records the events an investigation needs (containers created and started, images pulled, ' +
        'API errors) without much noise. `debug` writes far more, including details of each API request, which buries ' +
        'what matters, fills disks and can put sensitive values in log files; `warn` and quieter levels drop the events.',
      fix: 'Set `"log-level": "info"` in daemon.json, or remove `log-level` and `debug` to get the default. Turn debug on only while diagnosing a problem.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "log-level": "debug"\n}', good: '{\n  "log-level": "info"\n}' },
        { kind: 'daemon.json', bad: 'dockerd -D', good: 'dockerd --log-level=info' },
      ],
    },
  },
  check(facts, { report }) {
    const found = verdict(facts);
    if (!found) return;
    report({
      message: `${describeSetting(found.named)}: ${found.problem}`,
      at: found.named.setting.at,
      severity: found.severity,
      fix: { description: 'set "log-level": "info"' },
    });
  },
});

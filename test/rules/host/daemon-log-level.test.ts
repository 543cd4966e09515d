import rule from '../../../src/rules/host/daemon-log-level.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, DOCKERD_CMDLINE, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'info', facts: safeHostFacts() },
    { name: 'not set', facts: safeHostFacts({ settings: { 'log-level': undefined } }) },
    { name: 'debug false', facts: safeHostFacts({ settings: { debug: false } }) },
  ],
  invalid: [
    { name: 'debug level', facts: safeHostFacts({ settings: { 'log-level': 'debug' } }), errors: [{ message: 'daemon.json sets "log-level": "debug": the daemon logs at debug level, which floods the logs and records details of every API call', severity: 'low', file: DAEMON_JSON, line: 8 }] },
    { name: 'dockerd -D', facts: safeHostFacts({ settingsFrom: 'flag', settings: { debug: true } }), errors: [{ message: /^dockerd runs with --debug=true: the daemon logs at debug level/, file: DOCKERD_CMDLINE, path: '--debug' }] },
    { name: 'too quiet', facts: safeHostFacts({ settings: { 'log-level': 'error' } }), errors: [{ message: /^daemon.json sets "log-level": "error": the daemon logs only at error level and above/, severity: 'info' }] },
  ],
});

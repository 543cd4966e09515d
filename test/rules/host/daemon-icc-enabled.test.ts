import rule from '../../../src/rules/host/daemon-icc-enabled.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, DOCKERD_CMDLINE, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'icc false', facts: safeHostFacts() },
    { name: 'icc false from a flag', facts: safeHostFacts({ settingsFrom: 'flag', settings: { icc: 'false' } }) },
    { name: 'daemon settings not read', facts: safeHostFacts({ daemon: undefined }) },
  ],
  invalid: [
    { name: 'icc true in daemon.json', facts: safeHostFacts({ settings: { icc: true } }), errors: [{ message: 'daemon.json sets "icc": true: containers on the default bridge can reach every port of each other', severity: 'medium', file: DAEMON_JSON, line: 3 }] },
    { name: 'icc true on the command line', facts: safeHostFacts({ settingsFrom: 'flag', settings: { icc: true } }), errors: [{ message: /^dockerd runs with --icc=true:/, file: DOCKERD_CMDLINE, path: '--icc' }] },
    { name: 'icc not set', facts: safeHostFacts({ settings: { icc: undefined } }), errors: [{ message: /^the daemon does not set icc, so it is on/, file: ENGINE_AT.file }] },
  ],
});

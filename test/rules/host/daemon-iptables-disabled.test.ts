import rule from '../../../src/rules/host/daemon-iptables-disabled.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'not set', facts: safeHostFacts() },
    { name: 'true', facts: safeHostFacts({ settings: { iptables: true } }) },
  ],
  invalid: [
    { name: 'false', facts: safeHostFacts({ settings: { iptables: false } }), errors: [{ message: 'daemon.json sets "iptables": false: the isolation between Docker networks and of unpublished ports is not enforced by the firewall', severity: 'medium', file: DAEMON_JSON, line: 11 }] },
    { name: 'flag', facts: safeHostFacts({ settingsFrom: 'flag', settings: { iptables: 'false' } }), errors: [{ message: /^dockerd runs with --iptables=false:/, path: '--iptables' }] },
  ],
});

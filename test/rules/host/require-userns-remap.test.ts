import type { EngineInfo } from '../../../src/facts/host.js';
import rule from '../../../src/rules/host/require-userns-remap.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

const noUserns: Partial<EngineInfo> = { securityOptions: [{ name: 'apparmor' }, { name: 'seccomp', profile: 'builtin' }] };

hostRuleTester(rule, {
  valid: [
    { name: 'engine reports userns', facts: safeHostFacts() },
    { name: 'rootless engine', facts: safeHostFacts({ settings: { 'userns-remap': undefined }, info: { securityOptions: [{ name: 'seccomp', profile: 'builtin' }, { name: 'rootless' }] } }) },
    { name: 'setting present though info lacks it', facts: safeHostFacts({ info: noUserns }) },
    { name: 'remote engine reporting userns', facts: safeHostFacts({ host: null, daemon: undefined }) },
  ],
  invalid: [
    { name: 'no remap, not rootless', facts: safeHostFacts({ settings: { 'userns-remap': undefined }, info: noUserns }), errors: [{ message: 'the engine runs containers without user namespace remapping and is not rootless: root in a container is root on the host', severity: 'medium', file: ENGINE_AT.file }] },
    { name: 'empty remap setting', facts: safeHostFacts({ settings: { 'userns-remap': '' }, info: noUserns }), errors: [{ message: /without user namespace remapping/, file: DAEMON_JSON, line: 4 }] },
  ],
});

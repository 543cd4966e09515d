import rule from '../../../src/rules/host/daemon-seccomp-disabled.js';
import { ENGINE_AT } from '../../helpers/host-facts.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, DOCKERD_CMDLINE, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'builtin profile', facts: safeHostFacts() },
    { name: 'custom profile', facts: safeHostFacts({ settings: { 'seccomp-profile': '/etc/docker/seccomp.json' }, info: { securityOptions: [{ name: 'seccomp', profile: '/etc/docker/seccomp.json' }] } }) },
    { name: 'kernel without seccomp is left to require-lsm', facts: safeHostFacts({ kernel: { seccomp: false }, info: { securityOptions: [{ name: 'apparmor' }] } }) },
  ],
  invalid: [
    { name: 'unconfined in daemon.json', facts: safeHostFacts({ settings: { 'seccomp-profile': 'unconfined' } }), errors: [{ message: 'daemon.json sets "seccomp-profile": "unconfined": containers that do not bring their own profile reach every system call of the kernel', severity: 'high', file: DAEMON_JSON }] },
    { name: 'unconfined as a flag', facts: safeHostFacts({ settingsFrom: 'flag', settings: { 'seccomp-profile': 'unconfined' } }), errors: [{ message: /^dockerd runs with --seccomp-profile=unconfined:/, file: DOCKERD_CMDLINE, path: '--seccomp-profile' }] },
    { name: 'engine reports unconfined (remote)', facts: safeHostFacts({ host: null, daemon: undefined, info: { securityOptions: [{ name: 'seccomp', profile: 'unconfined' }] } }), errors: [{ message: /^the engine's default seccomp profile is "unconfined"/, file: ENGINE_AT.file }] },
    { name: 'engine lists no seccomp', facts: safeHostFacts({ info: { securityOptions: [{ name: 'apparmor' }, { name: 'userns' }] } }), errors: [{ message: /^the engine does not list seccomp among its security options/, file: ENGINE_AT.file }] },
  ],
});

import rule from '../../../src/rules/host/docker-group-members.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { safeHostFacts } from '../../helpers/safe-host-facts.js';

const groupAt = { file: '/etc/group', line: 42, column: 1 };

hostRuleTester(rule, {
  valid: [
    { name: 'empty group', facts: safeHostFacts() },
    { name: 'no docker group', facts: safeHostFacts({ host: { dockerGroup: undefined } }) },
    { name: 'remote engine', facts: safeHostFacts({ host: null }) },
  ],
  invalid: [
    { name: 'three members', facts: safeHostFacts({ host: { dockerGroup: { value: ['alice', 'bob', 'ci'], at: groupAt } } }), errors: [{ message: '3 users are in the docker group and so can act as root on this host: alice, bob, ci', severity: 'info', file: '/etc/group', line: 42 }] },
    { name: 'one member', facts: safeHostFacts({ host: { dockerGroup: { value: ['alice'], at: groupAt } } }), errors: [{ message: /^1 user is in the docker group/ }] },
  ],
});

import { hostRule } from '../rule.js';

export default hostRule({
  meta: {
    id: 'docker-group-members',
    title: 'Users in the docker group can act as root',
    severity: 'info',
    reads: 'host',
    cis: ['1.1.2'],
    docs: {
      why:
        'Every member of the docker group can use the Docker socket, and with it start a privileged container that mounts the ' +
        'host\'s root filesystem: membership is root access without a password prompt or a sudo log. The list deserves the ' +
        'same review as the list of people with sudo.',
      fix:
        'Remove everyone who does not need to run containers directly (`gpasswd -d <user> docker`). Give the others sudo ' +
        'for docker, so that use is logged, or move them to rootless Docker.',
      examples: [
        { kind: 'host', bad: '$ getent group docker\ndocker:x:998:alice,bob,ci-runner', good: '$ getent group docker\ndocker:x:998:' },
      ],
    },
  },
  check(facts, { report }) {
    const members = facts.host?.dockerGroup;
    if (!members || members.value.length === 0) return;
    const count = members.value.length;
    report({
      message: `${count === 1 ? '1 user is' : `${count} users are`} in the docker group and so can act as root on this host: ${members.value.join(', ')}`,
      at: members.at,
      fix: { description: 'remove users who do not need direct access to Docker from the docker group' },
    });
  },
});

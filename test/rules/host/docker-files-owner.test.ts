import rule from '../../../src/rules/host/docker-files-owner.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'root everywhere, socket root:docker', facts: safeHostFacts() },
    { name: 'socket root:root is stricter', facts: safeHostFacts({ files: { 'docker.sock': { gid: 0, group: 'root' } } }) },
    { name: 'socket group set with the group option', facts: safeHostFacts({ settings: { group: 'dockerops' }, files: { 'docker.sock': { gid: 1500, group: 'dockerops' } } }) },
    { name: 'owner known by uid only', facts: safeHostFacts({ files: { 'daemon.json': { user: undefined, group: undefined } } }) },
    { name: 'rootless daemon files belong to its user', facts: safeHostFacts({ info: { securityOptions: [{ name: 'seccomp', profile: 'builtin' }, { name: 'rootless' }] }, files: { 'daemon.json': { uid: 1000, user: 'alice' } } }) },
  ],
  invalid: [
    {
      name: 'daemon.json owned by a user',
      facts: safeHostFacts({ files: { 'daemon.json': { uid: 1000, gid: 1000, user: 'deploy', group: 'deploy' } } }),
      errors: [{ message: 'the daemon configuration /etc/docker/daemon.json is owned by deploy:deploy, not root:root: user deploy can change it and its permissions (CIS 3.17)', severity: 'high', file: DAEMON_JSON }],
    },
    {
      name: 'socket in another group',
      facts: safeHostFacts({ files: { 'docker.sock': { gid: 1001, group: 'developers' } } }),
      errors: [{ message: 'the Docker socket /var/run/docker.sock is owned by root:developers, not root:docker: members of group developers can connect to it and so control the containers and the host (CIS 3.15)', severity: 'high' }],
    },
    {
      name: 'unit file in a non-root group',
      facts: safeHostFacts({ files: { 'docker.service': { gid: 50, group: 'staff' } } }),
      errors: [{ message: /^the docker\.service unit \/lib\/systemd\/system\/docker\.service is owned by root:staff, not root:root: members of group staff get whatever access its mode gives that group \(CIS 3\.1\)$/, severity: 'medium' }],
    },
    {
      name: 'containerd socket in the docker group',
      facts: safeHostFacts({ files: { 'containerd.sock': { gid: 998, group: 'docker' } } }),
      errors: [{ message: /containerd socket .* is owned by root:docker, not root:root: members of group docker can connect to it .*\(CIS 3\.23\)$/, severity: 'high' }],
    },
  ],
});

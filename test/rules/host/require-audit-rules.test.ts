import rule from '../../../src/rules/host/require-audit-rules.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, DOCKERD_CMDLINE, SAFE_WATCHES, safeHostFacts } from '../../helpers/safe-host-facts.js';

const without = (...paths: string[]) => SAFE_WATCHES.filter((path) => !paths.includes(path));

hostRuleTester(rule, {
  valid: [
    { name: 'every path watched', facts: safeHostFacts() },
    { name: 'auditd not running', facts: safeHostFacts({ audit: { running: false, watched: [] } }) },
    { name: 'a directory watch covers the files in it', facts: safeHostFacts({ audit: { watched: [...without('/etc/default/docker'), '/etc/default'] } }) },
    { name: '/run and /var/run are the same', facts: safeHostFacts({ audit: { watched: [...without('/var/run/docker.sock'), '/run/docker.sock/'] } }) },
    { name: 'missing files need no watch', facts: safeHostFacts({ audit: { watched: without('/etc/default/docker') }, files: { 'etc-default-docker': { type: 'missing' } } }) },
    { name: 'remote engine', facts: safeHostFacts({ host: null }) },
  ],
  invalid: [
    {
      name: 'daemon.json and the dockerd binary unwatched',
      facts: safeHostFacts({ audit: { watched: without('/etc/docker', '/usr/bin/dockerd') } }),
      errors: [
        { message: 'auditd runs but no rule watches /usr/bin/dockerd: changes to it leave no audit record (CIS 1.1.3)', severity: 'low', file: DOCKERD_CMDLINE },
        { message: 'auditd runs but no rule watches /etc/docker: changes to it leave no audit record (CIS 1.1.6)', file: '/etc/docker' },
        { message: 'auditd runs but no rule watches /etc/docker/daemon.json: changes to it leave no audit record (CIS 1.1.11)', file: DAEMON_JSON },
      ],
    },
    {
      name: 'a watch on a sibling prefix does not count',
      facts: safeHostFacts({ audit: { watched: [...without('/var/lib/docker'), '/var/lib/dock'] } }),
      errors: [{ message: /no rule watches \/var\/lib\/docker: .*\(CIS 1\.1\.5\)$/ }],
    },
    {
      name: 'the Docker socket has no CIS number',
      facts: safeHostFacts({ audit: { watched: without('/var/run/docker.sock') } }),
      errors: [{ message: 'auditd runs but no rule watches /var/run/docker.sock: changes to it leave no audit record' }],
    },
  ],
});

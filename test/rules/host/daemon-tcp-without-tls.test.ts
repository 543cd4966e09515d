import rule from '../../../src/rules/host/daemon-tcp-without-tls.js';
import { hostRuleTester } from '../../helpers/host-rule-tester.js';
import { DAEMON_JSON, DOCKERD_CMDLINE, safeHostFacts } from '../../helpers/safe-host-facts.js';

hostRuleTester(rule, {
  valid: [
    { name: 'unix socket and fd only', facts: safeHostFacts({ settings: { hosts: ['fd://', 'unix:///var/run/docker.sock'] } }) },
    { name: 'TCP with tlsverify', facts: safeHostFacts({ settings: { hosts: ['tcp://0.0.0.0:2376'], tlsverify: true } }) },
    { name: 'tlsverify given as a flag string', facts: safeHostFacts({ settingsFrom: 'flag', settings: { hosts: ['tcp://0.0.0.0:2376'], tlsverify: 'true' } }) },
    { name: 'ssh is not TCP', facts: safeHostFacts({ settings: { hosts: ['ssh://me@host'] } }) },
    { name: 'daemon settings not read', facts: safeHostFacts({ daemon: undefined }) },
  ],
  invalid: [
    {
      name: 'TCP on all interfaces without TLS',
      facts: safeHostFacts({ settings: { hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2375'] } }),
      errors: [{ message: 'the daemon listens on tcp://0.0.0.0:2375 without TLS: anyone who reaches the port controls the host', severity: 'critical', file: DAEMON_JSON, line: 2 }],
    },
    {
      name: 'loopback is high, not critical',
      facts: safeHostFacts({ settingsFrom: 'flag', settings: { hosts: ['tcp://127.0.0.1:2375'] } }),
      errors: [{ message: /^the daemon listens on tcp:\/\/127\.0\.0\.1:2375 without TLS: any local user/, severity: 'high', file: DOCKERD_CMDLINE, path: '--hosts' }],
    },
    {
      name: 'TLS without tlsverify accepts every client',
      facts: safeHostFacts({ settings: { hosts: ['tcp://10.0.0.5:2376'], tls: true, tlsverify: false } }),
      errors: [{ message: 'the daemon listens on tcp://10.0.0.5:2376 with TLS but without --tlsverify, so every client is accepted: anyone who reaches the port controls the host' }],
    },
    {
      name: 'a bare host:port is TCP, one finding per listener',
      facts: safeHostFacts({ settings: { hosts: ['0.0.0.0:2375', 'tcp://[::1]:2375'] } }),
      errors: [{ message: /tcp:\/\/0\.0\.0\.0:2375 without TLS/, severity: 'critical' }, { message: /tcp:\/\/\[::1\]:2375 without TLS/, severity: 'high' }],
    },
  ],
});

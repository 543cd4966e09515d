import type { HostFacts } from '../../facts/host.js';
import { hostRule } from '../rule.js';
import { booleanValue, daemonSetting, stringList } from './daemon-settings.js';

const NON_TCP_SCHEMES = ['unix://', 'fd://', 'npipe://', 'ssh://'];

/** The TCP address a `hosts` entry listens on; dockerd reads an entry without a scheme (`0.0.0.0:2375`) as TCP. */
function tcpAddress(host: string): string | undefined {
  const entry = host.trim();
  if (NON_TCP_SCHEMES.some((scheme) => entry.startsWith(scheme))) return undefined;
  if (entry.startsWith('tcp://')) return entry;
  return entry.includes('://') ? undefined : `tcp://${entry}`;
}

function isLoopback(address: string): boolean {
  const host = address.slice('tcp://'.length).replace(/:\d*$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

type Transport = 'plain' | 'tls-without-client-check';

function transport(facts: HostFacts): Transport | undefined {
  if (booleanValue(daemonSetting(facts, 'tlsverify')?.setting.value) === true) return undefined;
  return booleanValue(daemonSetting(facts, 'tls')?.setting.value) === true ? 'tls-without-client-check' : 'plain';
}

function consequence(address: string): string {
  return isLoopback(address)
    ? 'any local user or process, and any container that reaches the host\'s loopback, controls the host'
    : 'anyone who reaches the port controls the host';
}

export default hostRule({
  meta: {
    id: 'daemon-tcp-without-tls',
    title: 'Docker daemon listens on TCP without verifying client certificates',
    severity: 'critical',
    reads: 'host',
    cis: ['2.7'],
    docs: {
      why:
        'The Docker API has no login of its own: whoever can send it requests can start a privileged container that mounts ' +
        'the host\'s disk, which is root on the host. On a unix socket, file permissions decide who that is. On a TCP port ' +
        'only mutual TLS does (`--tlsverify` with a CA that signs the client certificates); TLS without `--tlsverify` encrypts ' +
        'the traffic but still accepts every client. Open Docker ports are scanned for and taken over within hours.',
      fix:
        'Prefer the unix socket, or reach a remote engine over `ssh://`. If the daemon must listen on TCP, set `"tlsverify": true` ' +
        'with `tlscacert`, `tlscert` and `tlskey`, use port 2376, and give certificates only to trusted clients.',
      examples: [
        {
          kind: 'daemon.json',
          bad: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}',
          good:
            '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n' +
            '  "tlscacert": "/etc/docker/tls/ca.pem",\n  "tlscert": "/etc/docker/tls/server-cert.pem",\n  "tlskey": "/etc/docker/tls/server-key.pem"\n}',
        },
        { kind: 'daemon.json', bad: 'dockerd -H tcp://127.0.0.1:2375', good: 'dockerd -H unix:///var/run/docker.sock' },
      ],
    },
  },
  check(facts, { report }) {
    const hosts = daemonSetting(facts, 'hosts');
    if (!hosts) return;
    const weakness = transport(facts);
    if (!weakness) return;
    for (const [index, address] of stringList(hosts.setting.value).map(tcpAddress).entries()) {
      if (!address) continue;
      const how = weakness === 'plain' ? 'without TLS' : 'with TLS but without --tlsverify, so every client is accepted';
      report({
        message: `the daemon listens on ${address} ${how}: ${consequence(address)}`,
        at: hosts.setting.itemAt?.[String(index)] ?? hosts.setting.at,
        severity: isLoopback(address) ? 'high' : 'critical',
        fix: { description: 'listen on the unix socket only, or enable tlsverify with a client CA' },
      });
    }
  },
});

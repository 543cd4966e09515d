import { hostRule } from '../rule.js';
import { daemonSetting, settingAt } from './daemon-settings.js';

/** Docker always trusts loopback registries over plain HTTP, whatever the configuration says. */
const BUILT_IN = new Set(['127.0.0.0/8', '::1/128']);

export default hostRule({
  meta: {
    id: 'no-insecure-registries',
    title: 'The daemon pulls from registries without TLS verification',
    severity: 'high',
    reads: 'host',
    cis: ['2.5'],
    docs: {
      why:
        'For a registry listed as insecure, the daemon accepts plain HTTP or any certificate. Anyone on the network path ' +
        'can then hand it a different image than the one asked for, and that image runs with whatever access its containers ' +
        'are given. Credentials sent to such a registry also travel in the clear.',
      fix:
        'Remove the entries from `insecure-registries`. Give the registry a certificate, and if it is signed by a private CA, ' +
        'install the CA for Docker in `/etc/docker/certs.d/<registry>/ca.crt` instead of turning verification off.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "insecure-registries": ["registry.internal:5000"]\n}', good: '{\n  "registry-mirrors": ["https://registry.internal:5000"]\n}' },
        { kind: 'daemon.json', bad: 'dockerd --insecure-registry 10.0.0.0/8', good: 'dockerd --icc=false' },
      ],
    },
  },
  check(facts, { report }) {
    const insecure = facts.info.insecureRegistries.filter((registry) => !BUILT_IN.has(registry));
    if (insecure.length === 0) return;
    const list = insecure.map((registry) => `"${registry}"`).join(', ');
    report({
      message: `the daemon treats ${insecure.length === 1 ? 'a registry' : `${insecure.length} registries`} as insecure (${list}): images from ${insecure.length === 1 ? 'it' : 'them'} can be swapped in transit`,
      at: settingAt(facts, daemonSetting(facts, 'insecure-registries')),
      fix: { description: 'remove the insecure registries and trust the registry\'s CA under /etc/docker/certs.d instead' },
    });
  },
});

import { hostRule } from '../rule.js';
import { booleanValue, daemonSetting, describeSetting } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'require-userland-proxy-disabled',
    title: 'Published ports go through the userland proxy',
    severity: 'low',
    reads: 'host',
    cis: ['2.16'],
    docs: {
      why:
        'With the userland proxy on, dockerd starts a `docker-proxy` process for every published port and relays traffic ' +
        'through it, in addition to the kernel\'s NAT rules. That is one more program listening on the network for each port, ' +
        'more code exposed to incoming traffic, and connections that reach the container with the proxy\'s address instead ' +
        'of the client\'s. Hairpin NAT in the kernel does the same job without a process.',
      fix:
        'Set `"userland-proxy": false` in daemon.json. Check first that the kernel supports hairpin NAT for your setup (some ' +
        'old kernels and IPv6 set-ups still rely on the proxy).',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "userland-proxy": true\n}', good: '{\n  "userland-proxy": false\n}' },
        { kind: 'daemon.json', bad: 'dockerd --icc=false', good: 'dockerd --icc=false --userland-proxy=false' },
      ],
    },
  },
  check(facts, { report }) {
    if (!facts.daemon) return;
    const proxy = daemonSetting(facts, 'userland-proxy');
    if (booleanValue(proxy?.setting.value) === false) return;
    report({
      message: proxy
        ? `${describeSetting(proxy)}: a docker-proxy process listens for every published port`
        : 'the daemon does not set userland-proxy, so it is on: a docker-proxy process listens for every published port',
      at: proxy?.setting.at ?? facts.at,
      fix: { description: 'set "userland-proxy": false in daemon.json' },
    });
  },
});

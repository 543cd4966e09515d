import { hostRule } from '../rule.js';
import { daemonSetting, settingAt, stringList } from './daemon-settings.js';

export default hostRule({
  meta: {
    id: 'require-authorization-plugin',
    title: 'Every client of the Docker API may do everything',
    severity: 'info',
    reads: 'host',
    cis: ['2.12'],
    docs: {
      why:
        'Docker\'s access control is all or nothing: anyone who can reach the socket (root, the docker group, a client with ' +
        'a certificate) can run any command, including a privileged container. An authorization plugin sees each API request ' +
        'and can refuse some, for example privileged containers or host mounts, per user. Without one, the only control is ' +
        'who can reach the socket.',
      fix:
        'If several people or systems share the engine, install an authorization plugin (such as Open Policy Agent\'s ' +
        '`opa-docker-authz`) and list it in `authorization-plugins`. On a single-user host, keeping the socket to root and ' +
        'a short docker group is the practical control.',
      examples: [
        { kind: 'daemon.json', bad: '{\n  "icc": false\n}', good: '{\n  "icc": false,\n  "authorization-plugins": ["opa-docker-authz"]\n}' },
      ],
    },
  },
  check(facts, { report }) {
    if (facts.info.authorizationPlugins.length > 0) return;
    const configured = daemonSetting(facts, 'authorization-plugins');
    if (stringList(configured?.setting.value).length > 0) return;
    report({
      message: 'no authorization plugin is configured: every client that reaches the Docker API can run any command',
      at: settingAt(facts, configured),
      fix: { description: 'list an authorization plugin in authorization-plugins' },
    });
  },
});

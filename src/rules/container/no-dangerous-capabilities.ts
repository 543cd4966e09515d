import { containerRule } from '../rule.js';
import { capabilityRisk, normalizeCapabilityName } from './data/capabilities.js';

export default containerRule({
  meta: {
    id: 'no-dangerous-capabilities',
    title: 'Container adds a dangerous Linux capability',
    severity: 'high',
    reads: 'container',
    cis: ['5.4'],
    docs: {
      why:
        'Capabilities split root\'s power into pieces. Docker keeps a small default set; each capability added on top of it ' +
        'hands the container another piece of the host kernel: SYS_ADMIN can mount file systems, SYS_MODULE loads kernel code, ' +
        'SYS_PTRACE reaches into other processes. Several of them are known routes out of the container.',
      fix:
        'Remove the capability from `cap_add` / `--cap-add`, or replace it with the narrow one the program really needs. ' +
        'If the team has reviewed and accepts one, list it in the `allowedCapabilities` setting.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27\n    cap_add: [SYS_ADMIN]',
          good: 'services:\n  app:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]',
        },
        {
          kind: 'run',
          bad: 'docker run --cap-add SYS_ADMIN nginx:1.27',
          good: 'docker run --cap-drop ALL --cap-add NET_BIND_SERVICE nginx:1.27',
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    const allowed = new Set(settings.allowedCapabilities.map(normalizeCapabilityName));
    for (const added of facts.capAdd) {
      const risk = capabilityRisk(added.value);
      if (!risk || allowed.has(added.value)) continue;
      report({
        message: `container "${facts.name}" adds capability ${added.value}: it ${risk.reason}`,
        at: added.at,
        severity: risk.severity,
        fix: { description: `remove ${added.value} from the added capabilities` },
      });
    }
  },
});

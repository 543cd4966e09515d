import { isFromRegistryEntry } from '../helpers/image-reference.js';
import { containerRule } from '../rule.js';
import { pulledImage } from './pulled-image.js';

export default containerRule({
  meta: {
    id: 'no-untrusted-registry',
    title: 'Image comes from a registry outside the trusted list',
    severity: 'high',
    reads: 'container',
    cis: ['4.2'],
    docs: {
      why:
        'Everything in an image runs with the container\'s rights, so where it comes from is a security decision. ' +
        'Teams that mirror, scan and sign images in their own registries lose that protection when a service pulls ' +
        'straight from Docker Hub or another public source. The rule runs only when `trustedRegistries` is configured; ' +
        'names without a registry count as Docker Hub (`docker.io`).',
      fix:
        'Pull the image through a trusted registry or mirror, e.g. `registry.example.com/library/nginx:1.27`, or add the ' +
        'registry (or a `registry/namespace` prefix) to `trustedRegistries` after review.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  app:\n    image: nginx:1.27',
          good: 'services:\n  app:\n    image: registry.example.com/library/nginx:1.27',
          settings: { trustedRegistries: ['registry.example.com'] },
        },
        {
          kind: 'run',
          bad: 'docker run nginx:1.27',
          good: 'docker run registry.example.com/library/nginx:1.27',
          settings: { trustedRegistries: ['registry.example.com'] },
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    const trusted = settings.trustedRegistries.filter((entry) => entry.trim() !== '');
    if (trusted.length === 0) return;
    const pulled = pulledImage(facts);
    if (!pulled || trusted.some((entry) => isFromRegistryEntry(pulled.ref, entry))) return;
    const where = `${pulled.ref.registry}${pulled.ref.implicitRegistry ? ' (Docker Hub, implied)' : ''}`;
    report({
      message: `image "${pulled.image.value}" comes from ${where}, which is not a trusted registry`,
      at: pulled.image.at,
      fix: { description: 'pull the image through a trusted registry or mirror' },
    });
  },
});

import rule from '../../../src/rules/container/no-untrusted-registry.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const trusted = { trustedRegistries: ['ghcr.io/myorg', 'registry.example.com:5000', 'docker.io/library'] };

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: evil.example.com/app:1', name: 'no trusted list: the rule is off' },
    { kind: 'compose', code: 'image: evil.example.com/app:1', settings: { trustedRegistries: ['  '] }, name: 'blank entries do not switch it on' },
    { kind: 'compose', code: 'image: ghcr.io/myorg/app:1', settings: trusted },
    { kind: 'compose', code: 'image: ghcr.io/myorg/team/app:1', settings: trusted },
    { kind: 'compose', code: 'image: registry.example.com:5000/app', settings: trusted },
    { kind: 'compose', code: 'image: nginx:1.27', settings: trusted, name: 'official image, trusted as docker.io/library' },
    { kind: 'compose', code: 'image: index.docker.io/library/nginx:1.27', settings: trusted },
    { kind: 'compose', code: 'image: nginx:1.27', settings: { trustedRegistries: ['index.docker.io'] }, name: 'Docker Hub aliases' },
    { kind: 'compose', code: 'build: .\nimage: evil.example.com/app:1', settings: trusted, name: 'the name given to a local build' },
    { kind: 'compose', code: 'image: ${REGISTRY}/app:1', settings: trusted, name: 'unresolved variable' },
    { kind: 'run', code: 'ghcr.io/myorg/app:1', settings: trusted },
    { kind: 'run', code: '"$REGISTRY/app:1"', settings: trusted, name: 'variable on the command line' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: bitnami/redis:7.2',
      settings: trusted,
      errors: [{ line: 1, column: 1, severity: 'high', message: 'image "bitnami/redis:7.2" comes from docker.io (Docker Hub, implied), which is not a trusted registry' }],
    },
    { kind: 'compose', code: 'image: ghcr.io/myorg-evil/app:1', settings: trusted, errors: [{ line: 1, column: 1, message: /comes from ghcr.io, which/ }] },
    { kind: 'compose', code: 'image: ghcr.io/other/app:1', settings: trusted, errors: [{ line: 1, column: 1 }] },
    { kind: 'compose', code: 'image: registry.example.com/app:1', settings: trusted, name: 'a different port is a different registry', errors: [{ line: 1, column: 1 }] },
    { kind: 'compose', code: 'image: quay.io/prometheus/node-exporter:v1.8.0', settings: { trustedRegistries: ['ghcr.io'] }, errors: [{ line: 1, column: 1 }] },
    {
      kind: 'compose',
      code: 'x-i: &i\n  image: quay.io/org/app:1\nservices:\n  app:\n    <<: *i',
      settings: trusted,
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 3 }],
    },
    { kind: 'run', code: '-d --name web docker.io/bitnami/nginx:1.27', settings: trusted, errors: [{ line: 1, column: 15, message: 'image "docker.io/bitnami/nginx:1.27" comes from docker.io, which is not a trusted registry' }] },
    { kind: 'run', code: 'evil.example.com/app', settings: trusted, errors: [{ line: 1, column: 1 }] },
  ],
});

import rule from '../../../src/rules/container/no-unpinned-image.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const DIGEST = `sha256:${'4f'.repeat(32)}`;

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: `image: nginx@${DIGEST}` },
    { kind: 'run', code: `sha256:${'4773cd9357e6'.padEnd(64, '0')}`, name: 'an image id is content-addressed, like a digest' },
    { kind: 'compose', code: `image: nginx:1.27@${DIGEST}` },
    { kind: 'compose', code: `image: localhost:5000/app:1.0@${DIGEST}` },
    { kind: 'compose', code: 'build: .', name: 'no image at all' },
    { kind: 'compose', code: 'build: .\nimage: myapp', name: 'the name given to a local build' },
    { kind: 'compose', code: 'image: nginx:${TAG}', name: 'unset variable leaves an incomplete reference' },
    { kind: 'compose', code: 'image: ${IMAGE}', name: 'unset variable leaves no image' },
    { kind: 'compose', code: 'image: ${REGISTRY}/app:1.0', name: 'unset registry variable' },
    { kind: 'run', code: `nginx@${DIGEST}` },
    { kind: 'run', code: 'nginx:$TAG', name: 'variable on the command line' },
    { kind: 'run', code: '"$IMAGE"', name: 'whole image from a variable' },
  ],
  invalid: [
    { kind: 'compose', code: 'image: nginx', errors: [{ line: 1, column: 1, severity: 'medium', message: 'image "nginx" has no tag, so it pulls whatever latest points at' }] },
    { kind: 'run', code: 'sha256:4773cd9357e6', name: 'a short id prefix is read as a repository name', errors: [{ line: 1, column: 1, message: /pinned by tag only/ }] },
    { kind: 'compose', code: 'image: nginx:latest', errors: [{ line: 1, column: 1, severity: 'medium', message: /uses the latest tag/ }] },
    { kind: 'compose', code: 'image: localhost:5000/app', name: 'a registry port is not a tag', errors: [{ line: 1, column: 1, severity: 'medium', message: /has no tag/ }] },
    { kind: 'compose', code: 'image: ghcr.io/org/app:1.2.3', errors: [{ line: 1, column: 1, severity: 'info', message: 'image "ghcr.io/org/app:1.2.3" is pinned by tag only: the tag can be moved to other content, a digest cannot' }] },
    { kind: 'compose', code: 'image: localhost:5000/app:1.0', errors: [{ line: 1, column: 1, severity: 'info' }] },
    { kind: 'compose', code: 'image: nginx:${TAG:-1.27}', name: 'a variable with a default resolves', errors: [{ line: 1, column: 1, severity: 'info' }] },
    {
      kind: 'compose',
      code: 'x-img: &img\n  image: redis\nservices:\n  cache:\n    <<: *img',
      name: 'merge key reports at the anchor',
      errors: [{ line: 2, column: 3, severity: 'medium' }],
    },
    { kind: 'run', code: 'nginx', errors: [{ line: 1, column: 1, severity: 'medium' }] },
    { kind: 'run', code: '-itd --rm nginx:latest sh', errors: [{ line: 1, column: 11, severity: 'medium' }] },
    { kind: 'run', code: '-p 80:80 nginx:1.27', errors: [{ line: 1, column: 10, severity: 'info' }] },
  ],
});

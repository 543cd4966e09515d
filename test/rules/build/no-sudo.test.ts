import rule from '../../../src/rules/build/no-sudo.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'RUN apt-get update && apt-get install -y curl' },
    { kind: 'dockerfile', code: 'RUN gosu nobody true', name: 'gosu is not sudo' },
    { kind: 'dockerfile', code: 'RUN echo sudo', name: 'the word as an argument' },
    { kind: 'dockerfile', code: 'RUN apt-get install -y sudo', name: 'installing sudo is not using it' },
    { kind: 'dockerfile', code: 'RUN grep -q sudo /etc/group || true' },
    { kind: 'dockerfile', code: 'CMD sudo -u app server', name: 'CMD is not a build step' },
    { kind: 'dockerfile', code: '# RUN sudo make install\nRUN make install', name: 'comment line' },
  ],
  invalid: [
    { kind: 'dockerfile', code: 'RUN sudo apt-get update', errors: [{ line: 1, column: 5, severity: 'medium' }] },
    {
      kind: 'dockerfile',
      code: 'RUN sudo apt-get update && sudo apt-get install -y curl',
      errors: [{ line: 1, column: 5 }, { line: 1, column: 28 }],
    },
    { kind: 'dockerfile', code: 'RUN /usr/bin/sudo -E make install', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN env HOME=/root sudo make install', name: 'behind env, at the sudo word', errors: [{ line: 1, column: 20 }] },
    { kind: 'dockerfile', code: 'RUN ls *.deb | xargs sudo dpkg -i', errors: [{ line: 1, column: 22 }] },
    {
      kind: 'dockerfile',
      code: 'RUN set -eux; \\\n    # install\n    make; \\\n    sudo make install',
      name: 'continuation with comment line',
      errors: [{ line: 4, column: 5 }],
    },
    { kind: 'dockerfile', code: 'RUN <<EOF\nset -e\nsudo make install\nEOF', name: 'heredoc', errors: [{ line: 3, column: 1 }] },
    { kind: 'dockerfile', code: 'RUN ["sudo", "make", "install"]', name: 'exec form', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'ONBUILD RUN sudo make install', name: 'ONBUILD trigger', errors: [{ line: 1, column: 13 }] },
    { kind: 'dockerfile', code: '# escape=`\nFROM alpine:3.20\nRUN make `\n  && sudo make install', errors: [{ line: 4, column: 6 }] },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS build\nRUN sudo make\nFROM alpine:3.20\nCOPY --from=build /a /a',
      name: 'builder stages too',
      errors: [{ line: 2, column: 5 }],
    },
    { kind: 'dockerfile', code: 'RUN if [ -x /usr/bin/sudo ]; then sudo true; fi', errors: [{ line: 1, column: 35 }] },
  ],
});

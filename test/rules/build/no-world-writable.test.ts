import { describe, expect, it } from 'vitest';
import rule, { readMode } from '../../../src/rules/build/no-world-writable.js';
import { ruleTester } from '../../helpers/rule-tester.js';

describe('readMode', () => {
  it.each([
    ['777', true, false],
    ['0777', true, false],
    ['666', true, false],
    ['662', true, false],
    ['7', true, false],
    ['1777', true, true],
    ['01777', true, true],
    ['775', false, false],
    ['755', false, false],
    ['4755', false, false],
    ['o+w', true, false],
    ['a+w', true, false],
    ['ugo+rw', true, false],
    ['a=rwx', true, false],
    ['u+rwx,o+rwx', true, false],
    ['a+rwxt', true, true],
    ['+w', false, false],
    ['u+w', false, false],
    ['g+w', false, false],
    ['o-w', false, false],
    ['a-w', false, false],
    ['go-w', false, false],
    ['+x', false, false],
  ])('%s: world-writable %s, sticky %s', (mode, worldWritable, sticky) => {
    expect(readMode(mode)).toEqual({ worldWritable, sticky });
  });

  it.each([['$MODE'], ['--reference=x'], ['rwx'], ['8']])('%s is not a mode', (mode) => {
    expect(readMode(mode)).toBeUndefined();
  });
});

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'RUN chmod 755 /usr/local/bin/app' },
    { kind: 'dockerfile', code: 'RUN chmod -R 775 /data && chmod 644 /etc/app.conf' },
    { kind: 'dockerfile', code: 'RUN chmod +x /entrypoint.sh' },
    { kind: 'dockerfile', code: 'RUN chmod +w /data', name: 'no who: left to the umask' },
    { kind: 'dockerfile', code: 'RUN chmod go-w /data && chmod o-rwx /secret' },
    { kind: 'dockerfile', code: 'RUN chmod 1777 /tmp', name: 'sticky /tmp is standard' },
    { kind: 'dockerfile', code: 'RUN mkdir -p /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix /var/tmp' },
    { kind: 'dockerfile', code: 'RUN chmod a+rwxt /tmp' },
    { kind: 'dockerfile', code: 'RUN chmod 1777 /var/www/html "$APACHE_RUN_DIR"', name: 'sticky shared directories anywhere' },
    { kind: 'dockerfile', code: 'RUN chmod "$MODE" /data', name: 'variable mode' },
    { kind: 'dockerfile', code: 'RUN chmod --reference=/etc/passwd /etc/app' },
    { kind: 'dockerfile', code: 'RUN mkdir -m 750 /data && install -m 755 app /usr/local/bin/app' },
    { kind: 'dockerfile', code: 'COPY --chmod=755 entrypoint.sh /' },
    { kind: 'dockerfile', code: 'COPY --chown=app:app --chmod=644 app.conf /etc/' },
    { kind: 'dockerfile', code: 'RUN echo "chmod 777 /x"' },
    {
      kind: 'dockerfile',
      code: 'RUN tempDir="$(mktemp -d)" \
  && chmod 777 "$tempDir" \
  && make -C "$tempDir" \
  && rm -rf "$tempDir"',
      name: 'scratch directory removed in the same RUN',
    },
    { kind: 'dockerfile', code: 'RUN mkdir -m 777 /build/out && make && rm -rf /build', name: 'parent directory removed' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'RUN chmod 777 /app',
      errors: [{ line: 1, column: 5, severity: 'medium', message: 'chmod 777 makes /app writable by every user' }],
    },
    { kind: 'dockerfile', code: 'RUN chmod -R 777 /var/www', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN chmod --recursive 0666 /data', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN chmod o+w /etc/app.conf', errors: [{ line: 1, column: 5, message: /chmod o\+w makes/ }] },
    { kind: 'dockerfile', code: 'RUN chmod a+w /data', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN chmod ugo+rwx /data', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN chmod u=rwx,g=rx,o=rwx /data', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN sudo chmod 777 /data', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN chmod 777 /tmp/app', name: 'not sticky under /tmp', errors: [{ line: 1, column: 5, severity: 'medium' }] },
    { kind: 'dockerfile', code: 'RUN chmod 777 /data /cache && rm -rf /cache', name: 'one target survives', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN chmod 777 /data\nRUN rm -rf /data', name: 'removal in a later RUN does not undo the layer', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'RUN mkdir -p -m 777 /data', errors: [{ line: 1, column: 5, message: 'mkdir -m 777 makes /data writable by every user' }] },
    { kind: 'dockerfile', code: 'RUN install -m 0777 app /usr/local/bin/app', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'COPY --chmod=777 entrypoint.sh /', errors: [{ line: 1, column: 6, message: 'COPY --chmod=777 makes / writable by every user' }] },
    { kind: 'dockerfile', code: 'ADD --chmod=666 app.conf /etc/app.conf', errors: [{ line: 1, column: 5 }] },
    {
      kind: 'dockerfile',
      code: 'RUN set -eux; \\\n  # open it up\n  mkdir /data; \\\n  chmod 777 /data',
      name: 'multi-line with comment',
      errors: [{ line: 4, column: 3 }],
    },
    { kind: 'dockerfile', code: 'RUN <<EOF\nchmod 777 /data\nEOF', name: 'heredoc', errors: [{ line: 2, column: 1 }] },
    { kind: 'dockerfile', code: 'RUN ["chmod", "777", "/data"]', name: 'exec form', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'ONBUILD RUN chmod 777 /data', errors: [{ line: 1, column: 13 }] },
    { kind: 'dockerfile', code: 'ONBUILD COPY --chmod=777 . /app', errors: [{ line: 1, column: 14 }] },
  ],
});

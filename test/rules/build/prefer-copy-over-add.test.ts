import rule from '../../../src/rules/build/prefer-copy-over-add.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const SHA = `sha256:${'a'.repeat(64)}`;
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'COPY app.conf /etc/app/' },
    { kind: 'dockerfile', code: 'ADD rootfs.tar.gz /', name: 'local tarball is unpacked: what ADD is for' },
    { kind: 'dockerfile', code: 'ADD vendor.tar /src/\nADD a.tgz b.tar.bz2 c.tar.xz d.txz /opt/' },
    { kind: 'dockerfile', code: 'ADD alpine-minirootfs-3.20.0-x86_64.tar.gz /' },
    { kind: 'dockerfile', code: 'ADD *.tar.gz /opt/', name: 'wildcard archives' },
    { kind: 'dockerfile', code: `ADD --checksum=${SHA} https://example.com/tool.tgz /opt/` },
    { kind: 'dockerfile', code: `ADD --checksum=${SHA} http://example.com/tool /usr/local/bin/tool` },
    { kind: 'dockerfile', code: `ADD https://github.com/moby/buildkit.git#${COMMIT} /src`, name: 'git source pinned to a commit' },
    { kind: 'dockerfile', code: `ADD git@github.com:moby/buildkit.git#${COMMIT}:docs /docs`, name: 'pinned commit with subdir' },
    { kind: 'dockerfile', code: `ADD --checksum=${COMMIT} https://github.com/moby/buildkit.git#v0.14.0 /src`, name: 'git source with --checksum' },
    { kind: 'dockerfile', code: 'ADD ${JAR_FILE} /app.jar', name: 'variable source: unknown' },
    { kind: 'dockerfile', code: 'ADD <<EOF /etc/motd\nhello\nEOF', name: 'heredoc source' },
    { kind: 'dockerfile', code: 'RUN echo "ADD app.conf /etc/"', name: 'text in a RUN' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'ADD https://example.com/tool-1.2.tar.gz /opt/',
      errors: [{ line: 1, column: 5, severity: 'medium', message: /no integrity check/ }],
    },
    { kind: 'dockerfile', code: 'ADD --chown=app:app https://example.com/tool /usr/local/bin/', errors: [{ line: 1, column: 21, severity: 'medium' }] },
    { kind: 'dockerfile', code: 'ADD ["https://example.com/a.jar", "/app/a.jar"]', name: 'exec form', errors: [{ line: 1, column: 6 }] },
    {
      kind: 'dockerfile',
      code: 'ADD https://example.com/a.jar \\\n    https://example.com/b.jar \\\n    /app/',
      name: 'two URLs on continuation lines',
      errors: [{ line: 1, column: 5 }, { line: 2, column: 5 }],
    },
    { kind: 'dockerfile', code: 'ADD app.conf /etc/app/', errors: [{ line: 1, column: 5, severity: 'low', message: /COPY does the same/ }] },
    { kind: 'dockerfile', code: 'ADD . /app', errors: [{ line: 1, column: 5, severity: 'low' }] },
    { kind: 'dockerfile', code: 'ADD --chown=1000:1000 src/ /app/src/', errors: [{ line: 1, column: 23, severity: 'low' }] },
    { kind: 'dockerfile', code: 'ADD app.tar.gz app.zip /opt/', name: 'zip is not unpacked', errors: [{ line: 1, column: 16, severity: 'low' }] },
    {
      kind: 'dockerfile',
      code: 'ADD https://github.com/moby/buildkit.git#v0.14.0 /src',
      name: 'git source at a tag',
      errors: [{ line: 1, column: 5, severity: 'low', message: /pin a full commit/ }],
    },
    { kind: 'dockerfile', code: 'ADD git@github.com:moby/buildkit.git /src', errors: [{ line: 1, column: 5, severity: 'low' }] },
    { kind: 'dockerfile', code: 'ONBUILD ADD . /app', name: 'ONBUILD trigger', errors: [{ line: 1, column: 13, severity: 'low' }] },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS build\nADD https://example.com/src.tgz /src/\nFROM alpine:3.20\nCOPY --from=build /src /src',
      name: 'builder stage download still feeds the image',
      errors: [{ line: 2, column: 5 }],
    },
    { kind: 'dockerfile', code: '# escape=`\nFROM alpine:3.20\nADD app.conf `\n  /etc/app/', errors: [{ line: 3, column: 5 }] },
  ],
});

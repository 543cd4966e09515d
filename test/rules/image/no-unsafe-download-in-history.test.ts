import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image/no-unsafe-download-in-history.js';
import { at, check } from './image-fixtures.js';

const NAME = 'image app:1@4773cd9357e6';

describe('no-unsafe-download-in-history', () => {
  it('reports curl|sh and its variants as high, in both builders', () => {
    const history = [
      'RUN /bin/sh -c curl -fsSL https://get.example.com | sh # buildkit',
      '/bin/sh -c wget -qO- https://example.com/install | sudo -E bash -s -- --yes',
      "/bin/sh -c sh -c \"$(curl -fsSL https://example.com/i.sh)\"",
      '/bin/sh -c curl -sSL https://install.python-poetry.org | python3 -',
      '/bin/sh -c bash <(wget -qO- https://example.com/setup)',
    ];
    expect(check(rule, { history })).toEqual([
      { message: `${NAME} build step 0 runs a curl download as sh code without checking it`, at: at('History.0'), severity: 'high' },
      { message: `${NAME} build step 1 runs a wget download as bash code without checking it`, at: at('History.1'), severity: 'high' },
      { message: `${NAME} build step 2 runs a curl download as code without checking it`, at: at('History.2'), severity: 'high' },
      { message: `${NAME} build step 3 runs a curl download as python3 code without checking it`, at: at('History.3'), severity: 'high' },
      { message: `${NAME} build step 4 runs a wget download as code without checking it`, at: at('History.4'), severity: 'high' },
    ]);
  });

  it('reports plain-http downloads as medium, naming the hosts, and both problems of one step', () => {
    const history = [
      '/bin/sh -c curl -o /tmp/t.tgz http://downloads.example.com/t.tgz && wget http://mirror.example.org/x',
      'RUN /bin/sh -c curl http://get.example.com/i.sh | sh # buildkit',
    ];
    expect(check(rule, { history }).map((f) => [f.message, f.severity])).toEqual([
      [`${NAME} build step 0 downloads over plain http from downloads.example.com, mirror.example.org`, 'medium'],
      [`${NAME} build step 1 runs a curl download as sh code without checking it`, 'high'],
      [`${NAME} build step 1 downloads over plain http from get.example.com`, 'medium'],
    ]);
  });

  it('reports ADD of a URL without a checksum: https as low, http as medium', () => {
    const history = [
      'ADD https://example.com/tool.tgz /opt/ # buildkit',
      'ADD http://example.com/tool.tgz /opt/ # buildkit',
      'ADD --checksum=sha256:abc https://example.com/t.tgz /opt/ # buildkit',
      'ADD https://deploy:s3cret@example.com/t.tgz /opt/ # buildkit',
    ];
    expect(check(rule, { history }).map((f) => [f.message, f.severity])).toEqual([
      [`${NAME} build step 0 adds https://example.com/tool.tgz from the network without a checksum`, 'low'],
      [`${NAME} build step 1 adds http://example.com/tool.tgz from the network over plain http without a checksum`, 'medium'],
      [`${NAME} build step 3 adds https://***@example.com/t.tgz from the network without a checksum`, 'low'],
    ]);
  });

  it('does not report verified downloads, JSON parsing, apt sources, local hosts or ordinary steps', () => {
    const history = [
      '/bin/sh -c #(nop) ADD file:4b03b5f5 in / ',
      'COPY app /app # buildkit',
      'RUN /bin/sh -c curl -fsSLo /tmp/i.sh https://get.example.com && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh # buildkit',
      '/bin/sh -c curl -s https://api.example.com/v | python3 -c "import json,sys; print(json.load(sys.stdin))"',
      '/bin/sh -c echo "deb http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list && apt-get update',
      '/bin/sh -c curl http://localhost:8080/health',
      '/bin/sh -c curl -fsSL https://example.com/a.tgz | tar -xz -C /opt',
      'ENV URL=http://example.com',
    ];
    expect(check(rule, { history })).toEqual([]);
  });
});

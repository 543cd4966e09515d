import { describe, expect, it } from 'vitest';
import rule, { secretKind } from '../../../src/rules/build/no-copy-secrets.js';
import { ruleTester } from '../../helpers/rule-tester.js';

describe('secretKind', () => {
  it.each([
    ['id_rsa', 'an SSH private key'],
    ['keys/id_ed25519', 'an SSH private key'],
    ['id_ecdsa_deploy', 'an SSH private key'],
    ['.ssh', 'an SSH directory'],
    ['.ssh/', 'an SSH directory'],
    ['home/.ssh/config', 'an SSH directory'],
    ['server.key', 'a private key'],
    ['tls/privkey.pem', 'a private key'],
    ['server-key.pem', 'a private key'],
    ['client.p12', 'a key store'],
    ['cert.pfx', 'a key store'],
    ['.env', 'an env file'],
    ['.env.production', 'an env file'],
    ['app/.env.local', 'an env file'],
    ['.npmrc', 'a credentials file'],
    ['.pypirc', 'a credentials file'],
    ['.netrc', 'a credentials file'],
    ['.git-credentials', 'a credentials file'],
    ['.aws/credentials', 'cloud credentials'],
    ['.docker/config.json', 'registry credentials'],
    ['*.key', 'a private key'],
  ])('%s is %s', (path, kind) => {
    expect(secretKind(path)).toBe(kind);
  });

  it.each([
    ['id_rsa.pub'], ['id_ed25519.pub'], ['ca.pem'], ['fullchain.pem'], ['cert.pem'], ['server.crt'], ['nginx_signing.key'], ['repo-public.key'],
    ['pubkey.key'], ['release.key'], ['.env.example'], ['.env.sample'], ['.env.template'], ['.env.dist'], ['environment.yml'], ['env'],
    ['.envrc.d'], ['package.json'], ['.'], ['src/'], ['config.json'], ['.dockerignore'], ['keyboard.js'], ['monkey.txt'],
  ])('%s is not a secret', (path) => {
    expect(secretKind(path)).toBeUndefined();
  });
});

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'COPY . .', name: 'whole context: a .dockerignore matter' },
    { kind: 'dockerfile', code: 'COPY package.json package-lock.json ./' },
    { kind: 'dockerfile', code: 'COPY id_rsa.pub /root/.ssh/authorized_keys' },
    { kind: 'dockerfile', code: 'COPY certs/ca.pem /usr/local/share/ca-certificates/ca.crt' },
    { kind: 'dockerfile', code: 'COPY nginx_signing.key /tmp/' },
    { kind: 'dockerfile', code: 'COPY vendor.key /etc/apt/trusted.gpg.d/vendor.asc', name: 'package signing key destination' },
    { kind: 'dockerfile', code: 'COPY repo.key /usr/share/keyrings/' },
    { kind: 'dockerfile', code: 'COPY .env.example /app/.env', name: 'template source' },
    { kind: 'dockerfile', code: 'COPY config/app.env.sample /app/' },
    { kind: 'dockerfile', code: 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci' },
    { kind: 'dockerfile', code: 'RUN cp /run/secrets/id_rsa /tmp/ && rm /tmp/id_rsa', name: 'RUN is not COPY' },
    { kind: 'dockerfile', code: 'COPY <<EOF /app/.env\nPORT=8080\nEOF', name: 'heredoc content written by the Dockerfile' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'COPY id_rsa /root/.ssh/id_rsa',
      errors: [{ line: 1, column: 6, severity: 'high', message: 'COPY id_rsa puts an SSH private key into an image layer, where anyone who can pull the image can read it' }],
    },
    { kind: 'dockerfile', code: 'COPY .ssh /root/.ssh', errors: [{ line: 1, column: 6, message: /an SSH directory/ }] },
    { kind: 'dockerfile', code: 'COPY --chown=app:app .env /app/', errors: [{ line: 1, column: 22, message: /an env file/ }] },
    { kind: 'dockerfile', code: 'COPY .npmrc package.json ./', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'COPY package.json .npmrc ./', errors: [{ line: 1, column: 19 }] },
    { kind: 'dockerfile', code: 'ADD tls/server.key tls/server.crt /etc/nginx/tls/', errors: [{ line: 1, column: 5, message: /^ADD tls\/server\.key puts a private key/ }] },
    { kind: 'dockerfile', code: 'COPY ["certs/privkey.pem", "/etc/ssl/private/"]', name: 'exec form', errors: [{ line: 1, column: 7 }] },
    { kind: 'dockerfile', code: 'COPY .aws/credentials /root/.aws/credentials', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'COPY .docker/config.json /root/.docker/', errors: [{ line: 1, column: 6 }] },
    { kind: 'dockerfile', code: 'COPY keystore.p12 /opt/app/', errors: [{ line: 1, column: 6 }] },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS keys\nCOPY id_ed25519 /k/\nFROM alpine:3.20\nCOPY --from=keys /k/id_ed25519 /root/.ssh/',
      name: 'from a builder stage: in both layers',
      errors: [{ line: 2, column: 6 }, { line: 4, column: 18 }],
    },
    { kind: 'dockerfile', code: 'COPY package.json \\\n     .env.production \\\n     /app/', name: 'continuation lines', errors: [{ line: 2, column: 6 }] },
    { kind: 'dockerfile', code: 'ONBUILD COPY .npmrc /root/', name: 'ONBUILD trigger', errors: [{ line: 1, column: 14 }] },
    { kind: 'dockerfile', code: '# escape=`\nFROM alpine:3.20\nCOPY .netrc `\n  /root/', errors: [{ line: 3, column: 6 }] },
  ],
});

import { describe, expect, it } from 'vitest';
import rule, { isSecretName } from '../../../src/rules/build/no-secrets-in-env-arg.js';
import { ruleTester } from '../../helpers/rule-tester.js';

describe('isSecretName', () => {
  it.each([
    'PASSWORD', 'DB_PASSWORD', 'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'SMTP_PASS', 'REDIS_PASSWD', 'MYSQL_PWD',
    'SECRET', 'JWT_SECRET', 'CLIENT_SECRET', 'SECRET_KEY_BASE', 'DJANGO_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY',
    'GITHUB_TOKEN', 'NPM_TOKEN', 'ACCESS_TOKEN', 'API_KEY', 'APIKEY', 'STRIPE_API_KEY', 'apiKey', 'dbPassword', 'PRIVATE_KEY',
    'SSH_PRIVATE_KEY', 'GOOGLE_APPLICATION_CREDENTIALS', 'REGISTRY_CREDENTIALS', 'ENCRYPTION_KEY', 'AZURE_STORAGE_ACCOUNT_KEY',
  ])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'GPG_KEY', 'GPG_KEYS', 'NGINX_GPGKEY', 'KEY', 'PUBLIC_KEY', 'PWD', 'OLDPWD', 'PATH', 'HOME', 'PASSWORD_FILE', 'POSTGRES_PASSWORD_FILE',
    'GITHUB_TOKEN_URL', 'TOKEN_ENDPOINT', 'SECRETS_DIR', 'SECRET_NAME', 'POSTGRES_HOST_AUTH_METHOD', 'AUTH_TYPE', 'AWS_ACCESS_KEY_ID',
    'API_KEY_ID', 'PASSWORD_MIN_LENGTH', 'MYSQL_RANDOM_ROOT_PASSWORD', 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', 'TOKEN_TTL', 'KEYCLOAK_USER',
    'PASSTHROUGH', 'PYTHON_SHA256', 'SIGNING_KEY_FINGERPRINT', 'TOKENIZERS_PARALLELISM',
  ])('%s is not a secret name', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'ENV URL_WITH_TOKEN=https://x?t=$T', name: 'a reference inside a URL: the secret comes from elsewhere' },
    { kind: 'dockerfile', code: 'ENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305', name: 'python official image key fingerprint' },
    { kind: 'dockerfile', code: 'ENV GPG_KEYS 39B641343D8C104B2B146DC3F9C39DC0B9698544 E60913E4DF209907D8E30D96659A97C9CF2A795A' },
    { kind: 'dockerfile', code: 'ENV POSTGRES_PASSWORD_FILE=/run/secrets/db' },
    { kind: 'dockerfile', code: 'ENV DB_PASSWORD=""', name: 'empty value' },
    { kind: 'dockerfile', code: 'ENV DB_PASSWORD=', name: 'empty value, unquoted' },
    { kind: 'dockerfile', code: 'ARG DB_PASSWORD\nENV DB_PASSWORD=$DB_PASSWORD', name: 'ENV from an ARG: the ARG is reported instead', },
    { kind: 'dockerfile', code: 'ENV API_TOKEN=${TOKEN:-}', name: 'ENV with a reference only' },
    { kind: 'dockerfile', code: 'ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes MYSQL_RANDOM_ROOT_PASSWORD=1' },
    { kind: 'dockerfile', code: 'ENV PASSWORD_REQUIRED=true' },
    { kind: 'dockerfile', code: 'ENV USE_TOKEN=false' },
    { kind: 'dockerfile', code: 'ENV AWS_ACCESS_KEY_ID=AKIAEXAMPLE', name: 'key id is not the secret part' },
    { kind: 'dockerfile', code: 'LABEL password=x', name: 'LABEL is another matter' },
    { kind: 'dockerfile', code: 'ARG TOKEN=x\nFROM alpine:3.20\nUSER 1000', name: 'global ARG only feeds FROM' },
    { kind: 'dockerfile', code: 'RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci' },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      code: 'ENV POSTGRES_PASSWORD=supersecret',
      errors: [{ line: 1, column: 5, severity: 'high', message: 'ENV POSTGRES_PASSWORD holds a secret-looking value: it is stored in the image config for anyone who can pull the image' }],
    },
    { kind: 'dockerfile', code: 'ENV DB_PASSWORD "p@ss w0rd"', name: 'legacy ENV form', errors: [{ line: 1, column: 5 }] },
    { kind: 'dockerfile', code: 'ENV APP_ENV=prod \\\n    JWT_SECRET="abc123" \\\n    PORT=8080', name: 'multi-line ENV', errors: [{ line: 2, column: 5 }] },
    { kind: 'dockerfile', code: 'ENV apiKey=abc', errors: [{ line: 1, column: 5 }] },
    {
      kind: 'dockerfile',
      code: 'FROM node:20-slim\nARG NPM_TOKEN',
      errors: [{ line: 2, column: 5, severity: 'medium', message: /^ARG NPM_TOKEN looks like a secret: .*RUN --mount=type=secret$/ }],
    },
    { kind: 'dockerfile', code: 'FROM alpine:3.20\nARG GITHUB_TOKEN=ghp_abcdef', errors: [{ line: 2, column: 5, severity: 'high', message: /has a secret-looking default/ }] },
    { kind: 'dockerfile', code: 'FROM alpine:3.20\nARG API_KEY=$DEFAULT_KEY', name: 'ARG with a reference default', errors: [{ line: 2, column: 5, severity: 'medium' }] },
    { kind: 'dockerfile', code: 'FROM alpine:3.20\nARG USER=app PASSWORD', errors: [{ line: 2, column: 14, severity: 'medium' }] },
    {
      kind: 'dockerfile',
      code: 'FROM alpine:3.20 AS build\nARG AWS_SECRET_ACCESS_KEY\nRUN make\nFROM alpine:3.20\nCOPY --from=build /a /a',
      name: 'builder stages record build args too',
      errors: [{ line: 2, column: 5, severity: 'medium' }],
    },
    { kind: 'dockerfile', code: 'ONBUILD ENV API_KEY=abc', name: 'ONBUILD ENV', errors: [{ line: 1, column: 13 }] },
    { kind: 'dockerfile', code: '# escape=`\nFROM alpine:3.20\nENV A=1 `\n    DB_PASS=x', errors: [{ line: 4, column: 5 }] },
  ],
});

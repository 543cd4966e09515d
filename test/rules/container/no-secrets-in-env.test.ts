import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/container/no-secrets-in-env.js';
import { nameSegments } from '../../../src/rules/helpers/secrets.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const env = (...entries: string[]) => `image: app:1\nenvironment:\n${entries.map((e) => `  - ${e}`).join('\n')}`;

describe('nameSegments', () => {
  it.each([
    ['DB_PASSWORD', ['DB', 'PASSWORD']],
    ['dbPassword', ['DB', 'PASSWORD']],
    ['spring.datasource.password', ['SPRING', 'DATASOURCE', 'PASSWORD']],
    ['DB_PASSWORD_2', ['DB', 'PASSWORD']],
    ['SECRET_KEY_BASE', ['SECRET', 'KEY']],
    ['GF_SECURITY_ADMIN_PASSWORD__FILE', ['GF', 'SECURITY', 'ADMIN', 'PASSWORD', 'FILE']],
  ])('%s', (name, segments) => {
    expect(nameSegments(name)).toEqual(segments);
  });
});

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'image: app:1' },
    {
      kind: 'compose',
      code: env(
        'PASSWORD_FILE=/run/secrets/db',
        'POSTGRES_PASSWORD_FILE=/run/secrets/pg',
        'SSL_KEY_FILE=key.pem',
        'TLS_KEY_PATH=certs/key.pem',
        'TOKEN_URL=https://auth.example.com/token',
        'AUTH_METHOD=basic',
        'AUTH_TYPE=oidc',
        'SECRET_NAME=prod-db',
        'TOKEN_EXPIRY=3600',
        'PASSWORD_MIN_LENGTH=12',
        'AWS_ACCESS_KEY_ID=AKIAEXAMPLE',
        'PUBLIC_KEY=ssh-ed25519 AAAA',
        'RECAPTCHA_SITE_KEY=6Lc',
        'CACHE_KEY=v2',
        'PWD=/app',
        'OLDPWD=/',
        'KEYCLOAK_ADMIN=admin',
      ),
      name: 'settings about secrets, not secrets',
    },
    { kind: 'compose', code: 'image: postgres:16\nenvironment:\n  POSTGRES_HOST_AUTH_METHOD: trust\n  POSTGRES_USER: app' },
    { kind: 'compose', code: env('MYSQL_ALLOW_EMPTY_PASSWORD=yes', 'MYSQL_RANDOM_ROOT_PASSWORD=1', 'REQUIRE_AUTH=true', 'USE_SECRET=false'), name: 'switches' },
    { kind: 'compose', code: env('SMTP_AUTH=login', 'PROXY_AUTH=none'), name: 'auth mechanisms' },
    { kind: 'compose', code: env('DB_PASSWORD=${DB_PASSWORD}', 'API_TOKEN=$API_TOKEN', 'JWT_SECRET=${JWT_SECRET:?set it}'), name: 'references to the environment' },
    { kind: 'compose', code: 'image: app:1\nenvironment:\n  DB_PASSWORD: ${DB_PASSWORD}\n  GITHUB_TOKEN:\n  REDIS_PASSWORD: ""', name: 'map syntax: reference, pass-through, empty' },
    { kind: 'compose', code: env('DB_PASSWORD', 'API_KEY='), name: 'pass-through and empty in list syntax' },
    { kind: 'compose', code: env('GOOGLE_APPLICATION_CREDENTIALS=/secrets/gcp.json', 'CLIENT_KEY=./certs/client.key'), name: 'paths to secret files' },
    { kind: 'compose', code: env('DATABASE_URL=postgres://app@db:5432/app', 'REDIS_URL=redis://cache:6379', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app'), name: 'URLs without a literal password' },
    { kind: 'run', code: '-e DB_PASSWORD -e API_TOKEN=$API_TOKEN -e "JWT_SECRET=${JWT}" nginx:1.27' },
    { kind: 'run', code: "--env=GITHUB_TOKEN=\"$(cat token.txt)\" nginx:1.27", name: 'command substitution' },
    { kind: 'run', code: 'nginx:1.27 -e PASSWORD=x', name: 'flag after the image belongs to the command' },
  ],
  invalid: [
    {
      kind: 'compose',
      code: 'image: postgres:16\nenvironment:\n  POSTGRES_PASSWORD: hunter2\n  POSTGRES_USER: app',
      errors: [{ line: 3, column: 3, severity: 'high', message: 'container "app": environment variable POSTGRES_PASSWORD holds a secret (its name marks it as a secret and its value is written out literally)' }],
    },
    {
      kind: 'compose',
      code: env(
        'DB_PASS=x',
        'API_KEY=abc',
        'OPENAI_API_KEY=sk-123',
        'AWS_SECRET_ACCESS_KEY=abc',
        'STRIPE_SECRET_KEY=sk_live',
        'GITHUB_TOKEN=ghp_x',
        'PGPASSWORD=x',
        'MYSQL_PWD=x',
        'SECRET_KEY_BASE=abc',
        'BASIC_AUTH=user:pass',
        'dbPassword=x',
        'spring.datasource.password=x',
        'DOCKER_CREDENTIALS=x',
        'APIKEY=x',
        'PRIVATE_KEY=-----BEGIN',
        'APP_KEY=base64:abc',
      ),
      errors: Array.from({ length: 16 }, (_, i) => ({ line: i + 3, column: 5 })),
    },
    { kind: 'compose', code: env('POSTGRES_PASSWORD=changeme', 'ADMIN_PASSWORD=<your password>'), name: 'placeholders are still literals', errors: [{ line: 3, column: 5 }, { line: 4, column: 5 }] },
    {
      kind: 'compose',
      code: env('DATABASE_URL=postgres://app:s3cret@db:5432/app', 'BROKER=amqp://guest:guest@rabbit//'),
      name: 'passwords inside URLs',
      errors: [
        { line: 3, column: 5, message: 'container "app": environment variable DATABASE_URL holds a secret (its value is a URL with a literal password in it)' },
        { line: 4, column: 5, message: /BROKER/ },
      ],
    },
    { kind: 'compose', code: 'image: app:1\nenvironment:\n  API_TOKEN: 12345', name: 'a number is a literal too', errors: [{ line: 3, column: 3 }] },
    {
      kind: 'compose',
      code: 'x-env: &env\n  environment:\n    JWT_SECRET: abc\nservices:\n  app:\n    <<: *env\n    image: app:1',
      name: 'merge key reports at the anchor',
      errors: [{ line: 3, column: 5 }],
    },
    { kind: 'run', code: '-e POSTGRES_PASSWORD=hunter2 postgres:16', errors: [{ line: 1, column: 1, message: /POSTGRES_PASSWORD holds a secret/ }] },
    { kind: 'run', code: "-d --env 'API_TOKEN=abc def' --env=DB_PASS=x -eSECRET=abc nginx:1.27", errors: [{ line: 1, column: 4 }, { line: 1, column: 30 }, { line: 1, column: 46 }] },
  ],
});

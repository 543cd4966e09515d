import { describe, expect, it } from 'vitest';
import envRule from '../../../src/rules/image/no-secrets-in-image-env.js';
import filesRule from '../../../src/rules/image/no-secrets-in-image-files.js';
import historyRule from '../../../src/rules/image/no-secrets-in-image-history.js';
import labelsRule from '../../../src/rules/image/no-secrets-in-image-labels.js';
import { allowPaths, at, check, type FileSpec } from './image-fixtures.js';

// Built from parts so this file does not itself look like it holds credentials.
const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const AWS_KEY = `AKIA${'Q3EXZ7TLMN2RB5WK'}`;
const GITLAB = `glpat-${'x1Y2z3W4v5U6t7S8r9Q0'}`;
const NPM = `npm_${'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7d'}`;
const PEM = `-----BEGIN ${'RSA PRIVATE KEY'}-----\nMIIEow...\n-----END RSA PRIVATE KEY-----\n`;

const peek = (path: string, text: string): FileSpec => ({ path, peek: text, size: text.length });

function filesFindings(files: FileSpec[]) {
  return check(filesRule, { files });
}

describe('no-secrets-in-image-files', () => {
  it('reports nothing without contents', () => {
    expect(check(filesRule, {})).toEqual([]);
  });

  it('reports private keys by header and by name, never quoting the key', () => {
    expect(filesFindings([peek('/app/server.key', PEM), '/root/.ssh/id_ed25519 600 size=400', '/root/.ssh/id_ed25519.pub size=90'])).toEqual([
      { message: '/app/server.key holds a private key', at: at('/app/server.key'), severity: 'high' },
      { message: '/root/.ssh/id_ed25519 holds an SSH private key', at: at('/root/.ssh/id_ed25519'), severity: 'high' },
    ]);
  });

  it('reports passphrase-protected keys as medium, and leaves empty key files alone', () => {
    const encrypted = `-----BEGIN ${'ENCRYPTED PRIVATE KEY'}-----\nMIIFHz...\n`;
    const legacy = `-----BEGIN ${'RSA PRIVATE KEY'}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n`;
    expect(filesFindings([peek('/app/tls.key', encrypted), peek('/root/.ssh/id_rsa', legacy), '/home/app/.ssh/id_ed25519 size=0', '/etc/ssh/ssh_host_rsa_key size=0'])).toEqual([
      { message: '/app/tls.key holds a private key (encrypted)', at: at('/app/tls.key'), severity: 'medium' },
      { message: '/root/.ssh/id_rsa holds an SSH private key (encrypted)', at: at('/root/.ssh/id_rsa'), severity: 'medium' },
    ]);
  });

  it('reports SSH host keys as medium and keys in library test data as low', () => {
    expect(filesFindings(['/etc/ssh/ssh_host_ed25519_key 600 size=400', peek('/app/node_modules/agent-base/test/ssl-cert-snakeoil.key', PEM)])).toEqual([
      { message: '/etc/ssh/ssh_host_ed25519_key holds an SSH host private key: every container of the image shares it', at: at('/etc/ssh/ssh_host_ed25519_key'), severity: 'medium' },
      {
        message: '/app/node_modules/agent-base/test/ssl-cert-snakeoil.key holds a private key (in test data of a library)',
        at: at('/app/node_modules/agent-base/test/ssl-cert-snakeoil.key'),
        severity: 'low',
      },
    ]);
  });

  it('reports cloud credential files by their place unless empty', () => {
    const files = [
      '/root/.aws/credentials size=120',
      '/home/app/.config/gcloud/application_default_credentials.json size=300',
      '/root/.azure/msal_token_cache.json size=900',
      '/root/.kube/config size=2000',
      '/root/.git-credentials size=50',
      '/app/cert.p12 size=2000',
      '/home/empty/.aws/credentials size=0',
      '/root/.aws/config size=40',
    ];
    expect(filesFindings(files).map((f) => f.message)).toEqual([
      '/root/.aws/credentials holds AWS credentials',
      '/home/app/.config/gcloud/application_default_credentials.json holds Google Cloud credentials',
      '/root/.azure/msal_token_cache.json holds Azure credentials',
      '/root/.kube/config holds a Kubernetes client config (cluster credentials)',
      '/root/.git-credentials holds stored Git credentials',
      '/app/cert.p12 holds a PKCS#12 bundle (certificate with its private key)',
    ]);
  });

  it('reports registry credentials in .npmrc, .pypirc, .netrc and ~/.docker/config.json, with the line', () => {
    const files = [
      peek('/root/.npmrc', `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${'abc123def456'}\n`),
      peek('/root/.pypirc', '[pypi]\nusername = __token__\npassword = pypi-s3cr3tvalue\n'),
      peek('/root/.netrc', 'machine example.com login app password hunter22\n'),
      peek('/etc/apt/auth.conf.d/private.conf', 'machine apt.example.com\nlogin deploy\npassword s3cret-apt\n'),
      peek('/root/.docker/config.json', '{\n  "auths": {\n    "registry.example.com": {\n      "auth": "YXBwOnMzY3JldA=="\n    }\n  }\n}'),
    ];
    expect(filesFindings(files).map((f) => f.message)).toEqual([
      '/root/.npmrc holds an npm registry token (line 2)',
      '/root/.pypirc holds a PyPI password (line 3)',
      '/root/.netrc holds a password (netrc format) (line 1)',
      '/etc/apt/auth.conf.d/private.conf holds a password (netrc format) (line 3)',
      '/root/.docker/config.json holds Docker registry credentials (line 4)',
    ]);
  });

  it('does not report the same files with references, helpers, placeholders or comments', () => {
    const files = [
      peek('/root/.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n# _authToken=abc\n'),
      peek('/root/.pypirc', '[pypi]\npassword = <your token>\n'),
      peek('/root/.docker/config.json', '{"credsStore": "desktop", "auths": {"registry.example.com": {}}}'),
      peek('/app/.env', 'DB_HOST=db\nDB_PASSWORD=\nAPI_TOKEN=${API_TOKEN}\n# SECRET=abc\nSECRET_KEY=changeme-placeholder\n'),
      peek('/app/.env.example', 'DB_PASSWORD=hunter2\n'),
      peek('/usr/share/doc/app/config.sample', `token=${GITHUB}\n`),
      peek('/usr/share/doc/awscli/README', `aws_access_key_id = ${AWS_KEY}\n`),
      peek('/app/docs.txt', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n'),
      peek('/app/main.py', 'password = getpass.getpass()\n'),
    ];
    expect(filesFindings(files)).toEqual([]);
  });

  it('reports secrets in .env files by name, and well-known tokens in any peeked file', () => {
    const files = [
      peek('/app/.env', 'DB_HOST=db\nexport DB_PASSWORD="hunter2" # prod\n'),
      peek('/app/config/settings.yaml', `github:\n  token: ${GITHUB}\n`),
      peek('/srv/deploy.sh', `#!/bin/sh\ncurl -H "PRIVATE-TOKEN: ${GITLAB}" https://gitlab.example.com/api\n`),
      peek('/app/app.ini', '[db]\nurl = postgres://app:s3cret@db/app\n'),
    ];
    expect(filesFindings(files).map((f) => f.message)).toEqual([
      '/app/.env holds DB_PASSWORD (line 2: its name marks it as a secret)',
      '/app/config/settings.yaml holds token (line 2: its value is a GitHub token)',
      '/srv/deploy.sh holds a GitLab token',
      '/app/app.ini holds url (line 2: its value is a URL with a password in it)',
    ]);
  });

  it('reads settings files (YAML, JSON, properties, tfvars) key by key, and the other credential stores', () => {
    const files = [
      peek('/app/config/secrets.yml', 'production:\n  secret_key_base: 9f2c1e0b7a6d5c4b3a29181706f5e4d3\n'),
      peek('/app/appsettings.json', '{\n  "Db": {\n    "Password": "Sup3r-s3cret",\n  }\n}'),
      peek('/app/terraform.tfvars', 'region = "eu-west-1"\ndb_password = "hunter22"\n'),
      peek('/root/.pgpass', '# host:port:db:user:password\ndb:5432:app:app:s3cret\n'),
      peek('/etc/nginx/.htpasswd', 'admin:$apr1$abc$xyz\n'),
      peek('/root/.m2/settings.xml', '<servers><server><id>r</id>\n<password>hunter22</password></server></servers>'),
      '/root/.vault-token size=26',
      '/app/infra/terraform.tfstate size=5000',
    ];
    expect(filesFindings(files).map((f) => f.message)).toEqual([
      '/app/config/secrets.yml holds secret_key_base (line 2: its name marks it as a secret)',
      '/app/appsettings.json holds Password (line 3: its name marks it as a secret)',
      '/app/terraform.tfvars holds db_password (line 2: its name marks it as a secret)',
      '/root/.pgpass holds a PostgreSQL password (line 2)',
      '/etc/nginx/.htpasswd holds password hashes (line 1)',
      '/root/.m2/settings.xml holds a Maven repository password (line 2)',
      '/root/.vault-token holds a HashiCorp Vault token',
      '/app/infra/terraform.tfstate holds a Terraform state file (it records the secrets of the resources it manages)',
    ]);
  });

  it('does not report settings that are computed, referenced, templated or not secrets', () => {
    const files = [
      peek('/app/config/secrets.yml', 'production:\n  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>\n'),
      peek('/app/config.yaml', 'db:\n  password: ${DB_PASSWORD}\n  password_file: /run/secrets/db\nllm:\n  max_tokens: 100\n  token_url: https://auth.example.com/token\n'),
      peek('/app/settings.json', '{"password": "", "auth": "basic", "apiKey": null, "token": getenv("TOKEN")}'),
      peek('/root/.m2/settings.xml', '<password>${env.REPO_PASSWORD}</password>'),
      peek('/app/app.properties', 'spring.datasource.password=${DB_PASSWORD}\nserver.port=8080\n'),
      '/root/.vault-token size=0',
    ];
    expect(filesFindings(files)).toEqual([]);
  });

  it('leaves allow-listed paths alone', () => {
    expect(check(filesRule, { files: [peek('/app/test-key.pem', PEM)] }, allowPaths('no-secrets-in-image-files', '/app/*.pem'))).toEqual([]);
  });
});

describe('no-secrets-in-image-env (token shapes)', () => {
  it('reports a well-known token whatever the variable is called', () => {
    expect(check(envRule, { env: [`GH=${GITHUB}`, 'CI=true'] })).toEqual([
      { message: 'image app:1@4773cd9357e6 stores GH in its environment: its value is a GitHub token', at: at('Config.Env.0'), severity: 'high' },
    ]);
  });
  it('does not report the AWS documentation key or a placeholder', () => {
    expect(check(envRule, { env: ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'API_TOKEN=<token>', 'DB_PASSWORD=xxxxxxxx'] })).toEqual([]);
  });
});

describe('no-secrets-in-image-labels', () => {
  it('reports secret labels at Config.Labels.<name>', () => {
    expect(check(labelsRule, { labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app', 'ci.deploy-token': GITLAB, 'db.password': 'hunter2' } })).toEqual([
      { message: 'image app:1@4773cd9357e6 has label ci.deploy-token holding a secret: its value is a GitLab token', at: at('Config.Labels.ci.deploy-token'), severity: 'high' },
      { message: 'image app:1@4773cd9357e6 has label db.password holding a secret: its name marks it as a secret', at: at('Config.Labels.db.password'), severity: 'high' },
    ]);
  });
  it('does not report ordinary labels, references or empty values', () => {
    expect(check(labelsRule, { labels: { maintainer: 'ops@example.com', 'auth.token': '', 'build.token': '${TOKEN}', 'com.example.password-file': '/run/secrets/pw' } })).toEqual([]);
  });
});

describe('no-secrets-in-image-history', () => {
  it('reports build arguments a RUN saw, in both builders, at History.<index>', () => {
    expect(
      check(historyRule, {
        history: [
          '/bin/sh -c #(nop) ADD file:abc in / ',
          `RUN |2 NPM_TOKEN=${NPM} MODE=prod /bin/sh -c npm ci # buildkit`,
          '|1 DB_PASSWORD=hunter2 /bin/sh -c ./migrate',
        ],
      }),
    ).toEqual([
      { message: 'image app:1@4773cd9357e6 records build argument NPM_TOKEN (its value is an npm token) in build step 1', at: at('History.1'), severity: 'high' },
      { message: 'image app:1@4773cd9357e6 records build argument DB_PASSWORD (its name marks it as a secret) in build step 2', at: at('History.2'), severity: 'high' },
    ]);
  });

  it('reports a build argument once, where it first appears, though every later RUN records it', () => {
    const history = [
      `/bin/sh -c #(nop)  ARG NPM_TOKEN=${NPM}`,
      `|1 NPM_TOKEN=${NPM} /bin/sh -c npm ci`,
      `|1 NPM_TOKEN=${NPM} /bin/sh -c npm run build`,
      '|1 NPM_TOKEN=other-literal-token /bin/sh -c npm publish',
    ];
    expect(check(historyRule, { history }).map((f) => f.message)).toEqual([
      'image app:1@4773cd9357e6 records build argument NPM_TOKEN (its value is an npm token) in build step 0',
      'image app:1@4773cd9357e6 records build argument NPM_TOKEN (its name marks it as a secret) in build step 3',
    ]);
  });

  it('reports ARG defaults, overwritten ENV values, tokens and credentials on command lines', () => {
    const history = [
      'ARG GITHUB_TOKEN=abc123secret',
      '/bin/sh -c #(nop)  ENV API_KEY=old-literal-key',
      `RUN /bin/sh -c git clone https://${GITHUB}@github.com/acme/private.git # buildkit`,
      '/bin/sh -c git clone https://deploy:s3cret@git.example.com/app.git',
      '/bin/sh -c mysql --password=hunter2 -e "select 1"',
      'ENV API_KEY=${API_KEY}',
      'ADD https://deploy:s3cret@example.com/t.tgz /opt/ # buildkit',
    ];
    expect(check(historyRule, { history, env: ['API_KEY=${API_KEY}'] }).map((f) => f.message)).toEqual([
      'image app:1@4773cd9357e6 records build argument GITHUB_TOKEN (its name marks it as a secret) in build step 0',
      'image app:1@4773cd9357e6 records variable API_KEY (its name marks it as a secret) in build step 1',
      'image app:1@4773cd9357e6 records a GitHub token in build step 2',
      'image app:1@4773cd9357e6 records a URL with a password in it in build step 3',
      'image app:1@4773cd9357e6 records a credential on the command line (--password) in build step 4',
      'image app:1@4773cd9357e6 records a URL with a password in it in build step 6',
    ]);
  });

  it('does not report references, secret mounts, ENV the config still holds, or ordinary steps', () => {
    const history = [
      'ARG NPM_TOKEN',
      'RUN |1 NPM_TOKEN= /bin/sh -c npm ci # buildkit',
      'RUN /bin/sh -c --mount=type=secret,id=npm npm ci # buildkit',
      '/bin/sh -c echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc',
      '/bin/sh -c docker login --password-stdin < /run/secrets/pw',
      '/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2',
      '/bin/sh -c apt-get update && apt-get install -y curl',
    ];
    expect(check(historyRule, { history, env: ['DB_PASSWORD=hunter2'] })).toEqual([]);
  });
});

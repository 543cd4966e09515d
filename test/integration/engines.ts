import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Extra private engines for tests that need a daemon configured their own way (scripts/engine.sh). */

const run = promisify(execFile);
const engineScript = join(import.meta.dirname, '../../scripts/engine.sh');

export interface TestEngine {
  dir: string;
  /** `unix://DIR/docker.sock`: every test engine listens there too. */
  socket: string;
  stop(): Promise<void>;
}

export async function startEngine(...dockerdArgs: string[]): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'hullcheck-engine.'));
  // scripts/engine.sh reap removes engines whose owner process is gone.
  writeFileSync(join(dir, 'owner'), String(process.pid));
  await run('bash', [engineScript, 'start', dir, ...dockerdArgs]);
  return {
    dir,
    socket: `unix://${dir}/docker.sock`,
    async stop() {
      await run('bash', [engineScript, 'stop', dir]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export interface Certificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl in DIR. */
export async function makeCertificates(dir: string): Promise<Certificates> {
  const ssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const files: Certificates = {
    ca: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server-cert.pem'),
    serverKey: join(dir, 'server-key.pem'),
    clientCert: join(dir, 'cert.pem'),
    clientKey: join(dir, 'key.pem'),
  };
  await ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', files.ca, '-days', '2', '-subj', '/CN=hullcheck test CA');
  await issue(ssl, files.serverKey, files.serverCert, '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n', dir);
  await issue(ssl, files.clientKey, files.clientCert, '/CN=client', 'extendedKeyUsage=clientAuth\n', dir);
  return files;
}

async function issue(
  ssl: (...args: string[]) => Promise<unknown>,
  key: string,
  cert: string,
  subject: string,
  extensions: string,
  dir: string,
): Promise<void> {
  const csr = `${cert}.csr`;
  const ext = `${cert}.ext`;
  writeFileSync(ext, extensions);
  await ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', subject);
  await ssl('x509', '-req', '-in', csr, '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca-key.pem'), '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext);
}

import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { Command } from 'commander';

interface ProxyCommandOptions {
  listen: string[];
  policy?: string;
  upstream?: string;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
  maxBody: string;
  log?: string;
}

const LISTEN_HELP = `Each --listen is ADDRESS or ADDRESS=POLICY_FILE: unix:///run/hullcheck/traefik.sock=traefik.yaml
gives that socket its own policy; listeners without one use --policy. TCP listeners
(tcp://HOST:PORT) need --tlscacert/--tlscert/--tlskey (clients must present a certificate
signed by the CA) unless they are on loopback.`;

export function proxyCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  return new Command('proxy')
    .description('guard the Docker API: check every request against a policy before it reaches the engine (fails closed)')
    .requiredOption('--listen <address[=policy]...>', 'where clients connect: unix:///path.sock or tcp://127.0.0.1:2375, optionally =POLICY_FILE; repeatable', collect)
    .option('--policy <file>', 'policy for listeners that do not name their own')
    .option('--upstream <address>', 'the engine: unix:///var/run/docker.sock or tcp://host:port (default: DOCKER_HOST, the Docker context, the standard socket)')
    .option('--tlscacert <file>', 'CA that client certificates of TCP listeners must be signed by')
    .option('--tlscert <file>', 'server certificate of TCP listeners')
    .option('--tlskey <file>', 'server key of TCP listeners')
    .option('--max-body <size>', 'largest request body the policy reads (streamed uploads excepted): bytes, or with KiB/MiB', '4MiB')
    .option('--log <file>', 'append one JSON line per decision here (default: standard error)')
    .addHelpText('after', `\n${LISTEN_HELP}`)
    .action((options: ProxyCommandOptions) => run(() => runProxy(options).catch(oneErrorPerLine)));
}

async function runProxy(options: ProxyCommandOptions): Promise<number> {
  const { resolveEndpoint } = await import('../sources/engine/endpoint.js');
  const { startProxy } = await import('../proxy/server.js');
  const { loadPolicy } = await import('../proxy/policy.js');
  const maxBodyBytes = parseSize(options.maxBody);
  const listeners = options.listen.map((spec) => splitListen(spec, options.policy));
  const policies = new Map<string, Awaited<ReturnType<typeof loadPolicy>>>();
  for (const { policyFile } of listeners) {
    if (!policies.has(policyFile)) policies.set(policyFile, await loadPolicy(policyFile));
  }
  const upstream = resolveEndpoint(options.upstream ? { host: options.upstream } : {});
  if (listeners.some(({ address }) => address === upstream.host)) {
    throw new Error(`the upstream ${upstream.host} (from ${upstream.source}) is one of the --listen addresses: give the engine with --upstream`);
  }
  const tls = tlsFiles(options);
  const log = decisionLog(options.log);
  const logLine = batchedLines(log);
  const proxy = await startProxy({
    listeners: listeners.map(({ address, policyFile }) => ({ address, policy: policies.get(policyFile) as Awaited<ReturnType<typeof loadPolicy>> })),
    upstream,
    ...(tls ? { tls } : {}),
    limits: { maxBodyBytes },
    log: (entry) => logLine(JSON.stringify(entry)),
    warn: (message) => process.stderr.write(`hullcheck: warning: ${message}\n`),
  });
  // Handlers first: whoever waits for the line below may signal the moment it reads it.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  const described = proxy.addresses.map((address, i) => `${address} (policy ${listeners[i]?.policyFile})`).join(', ');
  process.stderr.write(`hullcheck proxy: listening on ${described}; engine ${upstream.host}\n`);
  await stopped;
  await proxy.close();
  logLine.flush();
  await new Promise<void>((resolve) => (log === process.stderr ? resolve() : (log as WriteStream).end(resolve)));
  return 0;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A policy with several problems names each on its own `hullcheck: error:` line. */
function oneErrorPerLine(error: unknown): never {
  if (error instanceof Error && error.message.includes('\n')) throw new Error(error.message.split('\n').join('\nhullcheck: error: '));
  throw error;
}

/** `ADDRESS=POLICY` or `ADDRESS` (then --policy): the first `=` separates them. */
function splitListen(spec: string, defaultPolicy: string | undefined): { address: string; policyFile: string } {
  const at = spec.indexOf('=');
  const address = at === -1 ? spec : spec.slice(0, at);
  const policyFile = at === -1 ? defaultPolicy : spec.slice(at + 1);
  if (!policyFile) throw new Error(`--listen ${spec}: no policy for this listener: add =POLICY_FILE or give --policy`);
  return { address, policyFile };
}

function tlsFiles(options: ProxyCommandOptions): { ca: string; cert: string; key: string } | undefined {
  const { tlscacert: ca, tlscert: cert, tlskey: key } = options;
  if (!ca && !cert && !key) return undefined;
  if (!ca || !cert || !key) throw new Error('--tlscacert, --tlscert and --tlskey go together: give all three');
  return { ca, cert, key };
}

/** How long a decision may wait before it is written to the log. */
const LOG_FLUSH_MS = 20;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, kb: 1000, m: 1024 ** 2, mib: 1024 ** 2, mb: 1000 ** 2, g: 1024 ** 3, gib: 1024 ** 3, gb: 1000 ** 3 };

export function parseSize(text: string): number {
  const match = /^([0-9]+)\s*([a-z]*)$/i.exec(text.trim());
  const suffix = (match?.[2] ?? '').toLowerCase();
  const unit = Object.hasOwn(UNITS, suffix) ? UNITS[suffix] : undefined;
  const value = match && unit ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--max-body ${text}: expected a size such as 4MiB, 512KiB or 1048576`);
  return value;
}

/** Lines collected for a few milliseconds and written together: one write for a burst of decisions, not one each. */
function batchedLines(stream: NodeJS.WritableStream): ((line: string) => void) & { flush(): void } {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    stream.write(`${pending.join('\n')}\n`);
    pending = [];
  };
  const write = (line: string) => {
    pending.push(line);
    timer ??= setTimeout(flush, LOG_FLUSH_MS);
  };
  return Object.assign(write, { flush });
}

function decisionLog(file: string | undefined): NodeJS.WritableStream {
  if (!file) return process.stderr;
  let fd: number;
  try {
    fd = openSync(file, 'a', 0o600);
  } catch (error) {
    throw new Error(`--log ${file}: cannot open it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const stream = createWriteStream(file, { fd });
  stream.on('error', (error) => {
    process.stderr.write(`hullcheck: error: --log ${file}: ${error.message}\n`);
    process.exit(2);
  });
  return stream;
}

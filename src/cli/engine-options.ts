import type { Command } from 'commander';
import type { EndpointOptions } from '../sources/engine/endpoint.js';

/** The engine-connection flags `audit` and `image` share, as commander parses them. */
export interface EngineFlags {
  host?: string;
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

export function withEngineOptions(command: Command, hostHelp: string): Command {
  return command
    .option('-H, --host <address>', hostHelp)
    .option('--tls', 'use TLS to a tcp:// engine')
    .option('--tlsverify', 'use TLS and verify the engine certificate')
    .option('--tlscacert <file>', 'CA certificate the engine certificate must be signed by')
    .option('--tlscert <file>', 'client certificate')
    .option('--tlskey <file>', 'client key');
}

/** Only the flags given, so the endpoint resolver falls back to DOCKER_HOST and the context for the rest. */
export function endpointOptions(flags: EngineFlags): EndpointOptions {
  return {
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.tls ? { tls: true } : {}),
    ...(flags.tlsverify ? { tlsVerify: true } : {}),
    ...(flags.tlscacert ? { tlsCaCert: flags.tlscacert } : {}),
    ...(flags.tlscert ? { tlsCert: flags.tlscert } : {}),
    ...(flags.tlskey ? { tlsKey: flags.tlskey } : {}),
  };
}

import { Command } from 'commander';
import type { ImageAuditResult } from '../audit/image.js';
import { buildJsonReport } from '../report/json.js';
import { endpointOptions, withEngineOptions, type EngineFlags } from './engine-options.js';
import { progressLine } from './progress.js';
import { finish, renderStandard, resolveConfig, withOutputOptions, type OutputOptions, type Renderer } from './output.js';

interface ImageCommandOptions extends OutputOptions, EngineFlags {
}

export function imageCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const command = new Command('image')
    .description('audit images layer by layer, never unpacked: REF from the engine, a docker save archive, an OCI layout (directory or tar), or - for standard input')
    .argument(
      '<image...>',
      'image references (read from the engine) or paths of archives and OCI layouts: a path that exists, starts with / or ., or ends in .tar, .tar.gz or .tgz is read as a path',
    );
  withEngineOptions(
    command,
    'engine address for image references: unix:///path, tcp://host:port or ssh://[user@]host (default: DOCKER_HOST, the Docker context, the standard socket)',
  );
  withOutputOptions(command);
  return command.action((targets: string[], options: ImageCommandOptions) =>
    run(async () => {
      const config = await resolveConfig(options, process.cwd());
      // Loaded here, not at start-up: the other commands never need the layer reader.
      const { auditImages } = await import('../audit/image.js');
      const progress = progressLine('reading images');
      const result = await auditImages(targets, {
        endpoint: endpointOptions(options),
        config,
        onProgress: progress.update,
      }).finally(progress.clear);
      return finish(result, options, config, withTargets(result));
    }),
  );
}

/** The JSON report also says how each target was read and how many images it held. */
function withTargets(result: ImageAuditResult): Renderer {
  return (format, base, reportOptions) =>
    format === 'json' ? `${JSON.stringify({ ...buildJsonReport(base, reportOptions), image: { targets: result.targets } }, null, 2)}\n` : renderStandard(format, base, reportOptions);
}

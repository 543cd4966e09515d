import type { EngineInfo, EngineVersion } from '../../facts/host.js';

/** `GET /version` and `GET /info` answers, read defensively: fields missing in old engines get neutral values. */

export function engineVersionFrom(answer: unknown): EngineVersion {
  const record = asRecord(answer);
  const components: Record<string, string> = {};
  for (const component of asArray(record.Components)) {
    const { Name, Version } = asRecord(component);
    if (typeof Name === 'string' && typeof Version === 'string') components[Name.toLowerCase()] = Version;
  }
  return {
    engine: text(record.Version),
    apiVersion: text(record.ApiVersion),
    os: text(record.Os),
    kernel: text(record.KernelVersion),
    components,
  };
}

export function engineInfoFrom(answer: unknown): EngineInfo {
  const record = asRecord(answer);
  return {
    name: text(record.Name),
    dockerRootDir: text(record.DockerRootDir),
    securityOptions: asArray(record.SecurityOptions).filter((o): o is string => typeof o === 'string').map(parseSecurityOption),
    liveRestore: record.LiveRestoreEnabled === true,
    experimental: record.ExperimentalBuild === true,
    loggingDriver: text(record.LoggingDriver),
    cgroupDriver: text(record.CgroupDriver),
    authorizationPlugins: strings(asRecord(record.Plugins).Authorization),
    insecureRegistries: insecureRegistries(asRecord(record.RegistryConfig)),
    containers: typeof record.Containers === 'number' ? record.Containers : 0,
    images: typeof record.Images === 'number' ? record.Images : 0,
  };
}

/** `name=seccomp,profile=builtin` -> `{ name: 'seccomp', profile: 'builtin' }`; engines before 1.13 sent bare names. */
function parseSecurityOption(option: string): Record<string, string> {
  if (!option.includes('=')) return { name: option };
  return Object.fromEntries(
    option.split(',').map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

function insecureRegistries(config: Record<string, unknown>): string[] {
  const cidrs = strings(config.InsecureRegistryCIDRs);
  const names = Object.entries(asRecord(config.IndexConfigs))
    .filter(([, index]) => asRecord(index).Secure === false)
    .map(([name]) => name);
  return [...cidrs, ...names];
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

import type { HostRule } from '../rule.js';
import daemonTcpWithoutTls from './daemon-tcp-without-tls.js';
import daemonIccEnabled from './daemon-icc-enabled.js';
import daemonLogLevel from './daemon-log-level.js';
import daemonIptablesDisabled from './daemon-iptables-disabled.js';
import noInsecureRegistries from './no-insecure-registries.js';
import requireDefaultUlimits from './require-default-ulimits.js';
import requireUsernsRemap from './require-userns-remap.js';
import requireAuthorizationPlugin from './require-authorization-plugin.js';
import requireNoNewPrivilegesDefault from './require-no-new-privileges-default.js';
import requireLiveRestore from './require-live-restore.js';
import requireUserlandProxyDisabled from './require-userland-proxy-disabled.js';
import daemonSeccompDisabled from './daemon-seccomp-disabled.js';
import noExperimentalDaemon from './no-experimental-daemon.js';
import dockerFilesOwner from './docker-files-owner.js';
import dockerFilesMode from './docker-files-mode.js';
import dockerGroupMembers from './docker-group-members.js';
import requireAuditRules from './require-audit-rules.js';
import requireSeparateDataRootPartition from './require-separate-data-root-partition.js';
import requireContentTrust from './require-content-trust.js';
import requireLsm from './require-lsm.js';
import noEndOfLifeEngine from './no-end-of-life-engine.js';
import noKnownVulnerableComponents from './no-known-vulnerable-components.js';

/** Rules that read HostFacts: the engine, its daemon settings and the host it runs on. */
export const hostRules: readonly HostRule[] = [
  noEndOfLifeEngine,
  noKnownVulnerableComponents,
  daemonTcpWithoutTls,
  daemonIccEnabled,
  daemonLogLevel,
  daemonIptablesDisabled,
  noInsecureRegistries,
  requireDefaultUlimits,
  requireUsernsRemap,
  requireAuthorizationPlugin,
  requireNoNewPrivilegesDefault,
  requireLiveRestore,
  requireUserlandProxyDisabled,
  daemonSeccompDisabled,
  noExperimentalDaemon,
  dockerFilesOwner,
  dockerFilesMode,
  dockerGroupMembers,
  requireAuditRules,
  requireSeparateDataRootPartition,
  requireContentTrust,
  requireLsm,
];

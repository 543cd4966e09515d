import type { ContainerRule } from '../rule.js';
import noDangerousCapabilities from './no-dangerous-capabilities.js';
import noDangerousSysctls from './no-dangerous-sysctls.js';
import noDisabledSecurityProfile from './no-disabled-security-profile.js';
import noDockerSocketMount from './no-docker-socket-mount.js';
import noHostDevices from './no-host-devices.js';
import noHostNamespaces from './no-host-namespaces.js';
import noPortsOnAllInterfaces from './no-ports-on-all-interfaces.js';
import noPrivileged from './no-privileged.js';
import noRootUser from './no-root-user.js';
import noSecretsInEnv from './no-secrets-in-env.js';
import noSensitiveHostMount from './no-sensitive-host-mount.js';
import noSharedMountPropagation from './no-shared-mount-propagation.js';
import noUnpinnedImage from './no-unpinned-image.js';
import noUntrustedRegistry from './no-untrusted-registry.js';
import requireCapDropAll from './require-cap-drop-all.js';
import requireCpuLimit from './require-cpu-limit.js';
import requireMemoryLimit from './require-memory-limit.js';
import requireNoNewPrivileges from './require-no-new-privileges.js';
import requirePidsLimit from './require-pids-limit.js';
import requireReadOnlyRootfs from './require-read-only-rootfs.js';
import restartPolicyLimit from './restart-policy-limit.js';

export const containerRules: ContainerRule[] = [
  noPrivileged,
  noDangerousCapabilities,
  requireCapDropAll,
  noHostNamespaces,
  noDockerSocketMount,
  noSensitiveHostMount,
  noSharedMountPropagation,
  noHostDevices,
  noDisabledSecurityProfile,
  requireNoNewPrivileges,
  noRootUser,
  requireMemoryLimit,
  requireCpuLimit,
  requirePidsLimit,
  requireReadOnlyRootfs,
  noPortsOnAllInterfaces,
  restartPolicyLimit,
  noUnpinnedImage,
  noUntrustedRegistry,
  noSecretsInEnv,
  noDangerousSysctls,
];

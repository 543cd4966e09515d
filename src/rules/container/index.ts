import type { ContainerRule } from '../rule.js';
import noDangerousCapabilities from './no-dangerous-capabilities.js';
import noDockerSocketMount from './no-docker-socket-mount.js';
import noHostNamespaces from './no-host-namespaces.js';
import noPrivileged from './no-privileged.js';
import noSensitiveHostMount from './no-sensitive-host-mount.js';
import requireCapDropAll from './require-cap-drop-all.js';

export const containerRules: ContainerRule[] = [
  noPrivileged,
  noDangerousCapabilities,
  requireCapDropAll,
  noHostNamespaces,
  noDockerSocketMount,
  noSensitiveHostMount,
];

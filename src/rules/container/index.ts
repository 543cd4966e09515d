import type { ContainerRule } from '../rule.js';
import noDangerousCapabilities from './no-dangerous-capabilities.js';
import noHostNamespaces from './no-host-namespaces.js';
import noPrivileged from './no-privileged.js';
import requireCapDropAll from './require-cap-drop-all.js';

export const containerRules: ContainerRule[] = [
  noPrivileged,
  noDangerousCapabilities,
  requireCapDropAll,
  noHostNamespaces,
];

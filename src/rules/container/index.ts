import type { ContainerRule } from '../rule.js';
import noPrivileged from './no-privileged.js';

export const containerRules: ContainerRule[] = [noPrivileged];

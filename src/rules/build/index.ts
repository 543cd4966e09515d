import type { BuildRule } from '../rule.js';

export const buildRules: BuildRule[] = [];

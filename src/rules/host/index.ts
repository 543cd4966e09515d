import type { HostRule } from '../rule.js';
import noEndOfLifeEngine from './no-end-of-life-engine.js';
import noKnownVulnerableComponents from './no-known-vulnerable-components.js';

/** Rules that read HostFacts: the engine, its daemon settings and the host it runs on. */
export const hostRules: readonly HostRule[] = [
  noEndOfLifeEngine,
  noKnownVulnerableComponents,
];

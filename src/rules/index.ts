import { buildRules } from './build/index.js';
import { containerRules } from './container/index.js';
import { hostRules } from './host/index.js';
import { imageRules } from './image/index.js';
import type { Rule } from './rule.js';

/** Every rule hullcheck ships, in a stable order. */
export const rules: readonly Rule[] = [...containerRules, ...buildRules, ...imageRules, ...hostRules];

export function findRule(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}

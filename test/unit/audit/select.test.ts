import { describe, expect, it } from 'vitest';
import { selectContainers } from '../../../src/audit/select.js';
import type { ContainerSummary } from '../../../src/sources/engine/client.js';

const container = (name: string, id: string, labels: Record<string, string> = {}): ContainerSummary => ({
  Id: id,
  Names: [`/${name}`],
  Image: 'app:1',
  State: 'running',
  Status: 'Up',
  Labels: labels,
});

const all = [
  container('web', 'aaaa1111', { tier: 'front', team: 'a=b' }),
  container('db', 'bbbb2222', { tier: 'data' }),
  container('cache', 'cccc3333'),
];
const names = (filters: string[]) => selectContainers(all, filters).map((c) => c.Names[0]);

describe('--containers filters', () => {
  it('no filter selects every container', () => {
    expect(names([])).toEqual(['/web', '/db', '/cache']);
  });
  it('by name, with or without the slash, and by id prefix', () => {
    expect(names(['web'])).toEqual(['/web']);
    expect(names(['/db'])).toEqual(['/db']);
    expect(names(['cccc'])).toEqual(['/cache']);
    expect(names(['CCCC3'])).toEqual(['/cache']);
  });
  it('by label key, or key and value (values may contain =)', () => {
    expect(names(['label=tier'])).toEqual(['/web', '/db']);
    expect(names(['label=tier=data'])).toEqual(['/db']);
    expect(names(['label=team=a=b'])).toEqual(['/web']);
  });
  it('several filters select what any of them matches; nothing matches a stranger', () => {
    expect(names(['db', 'label=tier=front'])).toEqual(['/web', '/db']);
    expect(names(['nope', 'label=none'])).toEqual([]);
  });
});

import type { ContainerSummary } from '../sources/engine/client.js';

/**
 * `--containers` filters, as docker users write them: a name (`web`, `/web`),
 * an id or id prefix, or `label=KEY` / `label=KEY=VALUE`. A container is
 * audited when any filter matches it; no filter audits every container.
 */
export function selectContainers(containers: readonly ContainerSummary[], filters: readonly string[]): ContainerSummary[] {
  if (filters.length === 0) return [...containers];
  const matchers = filters.map(containerMatcher);
  return containers.filter((container) => matchers.some((matches) => matches(container)));
}

function containerMatcher(filter: string): (container: ContainerSummary) => boolean {
  if (filter.startsWith('label=')) {
    const [key, ...rest] = filter.slice('label='.length).split('=');
    const value = rest.length > 0 ? rest.join('=') : undefined;
    return (container) => {
      const labels = container.Labels ?? {};
      return key !== undefined && key in labels && (value === undefined || labels[key] === value);
    };
  }
  const name = filter.replace(/^\//, '');
  const idPrefix = /^[0-9a-f]+$/i.test(filter) ? filter.toLowerCase() : undefined;
  return (container) =>
    container.Names.some((n) => n.replace(/^\//, '') === name) || (idPrefix !== undefined && container.Id.startsWith(idPrefix));
}

import type { ContainerFacts } from '../../facts/container.js';
import { containerFactsFromRequest } from '../../facts/container-from-request.js';
import type { InputError } from '../../facts/finding.js';
import type { Location } from '../../facts/location.js';
import { interpolate } from './interpolate.js';
import { serviceToRequest } from './service-to-request.js';
import { anchorOf, parseYamlTree, scalarString, type Tree } from './yaml-tree.js';

type MapTree = Extract<Tree, { kind: 'map' }>;

export interface ComposeParseResult {
  containers: ContainerFacts[];
  errors: InputError[];
  /** Line spans of YAML entries, for suppression comments above a key. */
  spans: { start: number; end: number }[];
}

/**
 * Reads a Compose file into one ContainerFacts per service. `env` supplies
 * interpolation variables (the process environment over a `.env` file, as
 * `docker compose` orders them).
 */
export function parseCompose(text: string, file: string, env: ReadonlyMap<string, string>): ComposeParseResult {
  const parsed = parseYamlTree(text, file, (s) => interpolate(s, env));
  const errors = [...parsed.errors];
  const fail = (message: string, at?: Location): ComposeParseResult => ({
    containers: [],
    errors: [...errors, { file, ...(at ? { line: at.line, column: at.column } : {}), message }],
    spans: parsed.spans,
  });
  if (errors.length > 0 || !parsed.tree) {
    return errors.length > 0 ? { containers: [], errors, spans: [] } : fail('the file is empty');
  }
  if (parsed.tree.kind !== 'map') return fail('a Compose file must be a mapping at the top level', parsed.tree.at);
  const services = parsed.tree.entries.get('services');
  if (!services) return { containers: [], errors, spans: parsed.spans };
  if (services.kind !== 'map') {
    return services.kind === 'scalar' && services.value === null
      ? { containers: [], errors, spans: parsed.spans }
      : fail('"services" must be a mapping', anchorOf(services));
  }
  const containers: ContainerFacts[] = [];
  for (const [name, service] of services.entries) {
    if (service.kind !== 'map') {
      const at = anchorOf(service);
      errors.push({ file, line: at.line, column: at.column, message: `service "${name}" must be a mapping` });
      continue;
    }
    const resolved = resolveExtends(name, services, new Set(), errors);
    const converted = serviceToRequest(resolved);
    errors.push(...converted.problems);
    const serviceAt = service.keyAt ?? service.at;
    containers.push(
      containerFactsFromRequest(
        converted.request,
        { origin: 'compose', name, at: serviceAt, builtLocally: converted.builtLocally },
        (path) => converted.locations.get(path) ?? serviceAt,
      ),
    );
  }
  return { containers, errors: distinct(errors), spans: parsed.spans };
}

/**
 * Errors in file order; a base reached through several services (an `extends`
 * cycle) is reported once, not once per service.
 */
function distinct(errors: InputError[]): InputError[] {
  const seen = new Set<string>();
  const ordered = [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return ordered.filter((e) => {
    const key = `${e.line}:${e.column}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Applies `extends` within the same file, base first, as Compose merges it. */
function resolveExtends(name: string, services: MapTree, seen: Set<string>, errors: InputError[]): MapTree {
  const service = services.entries.get(name);
  if (!service || service.kind !== 'map') return { kind: 'map', entries: new Map(), at: services.at };
  const extendsTree = service.entries.get('extends');
  if (!extendsTree) return service;
  const baseName = scalarString(extendsTree) ?? scalarString(mapChild(extendsTree, 'service'));
  const otherFile = mapChild(extendsTree, 'file');
  const own = withoutKey(service, 'extends');
  if (!baseName || otherFile) return own;
  const at = anchorOf(extendsTree);
  if (seen.has(name) || !services.entries.has(baseName)) {
    const reason = seen.has(name) ? 'forms a cycle' : `names an unknown service "${baseName}"`;
    errors.push({ file: at.file, line: at.line, column: at.column, message: `"extends" of service "${name}" ${reason}` });
    return own;
  }
  seen.add(name);
  return mergeTrees(resolveExtends(baseName, services, seen, errors), own) as MapTree;
}

function mapChild(tree: Tree, key: string): Tree | undefined {
  return tree.kind === 'map' ? tree.entries.get(key) : undefined;
}

function withoutKey(tree: MapTree, key: string): MapTree {
  const entries = new Map(tree.entries);
  entries.delete(key);
  return { ...tree, entries };
}

/** Mappings merge key by key, sequences concatenate, anything else is replaced. */
function mergeTrees(base: Tree, local: Tree): Tree {
  if (base.kind === 'map' && local.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [key, value] of local.entries) {
      const inherited = entries.get(key);
      entries.set(key, inherited ? mergeTrees(inherited, value) : value);
    }
    return { ...local, entries };
  }
  if (base.kind === 'seq' && local.kind === 'seq') return { ...local, items: [...base.items, ...local.items] };
  return local;
}

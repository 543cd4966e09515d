import type { CreateRequest } from '../facts/create-request.js';
import { operationOf, pathTarget, UNKNOWN_OPERATION } from './operations.js';
import { loadPolicyConfig, type PolicyConfig } from './policy-config.js';
import {
  checkedView,
  judgeBuild,
  judgeExec,
  judgePluginInstall,
  judgePluginSet,
  judgeServiceExtras,
  judgeVolumeCreate,
  serviceToCreateRequest,
} from './policy-bodies.js';
import { GRANT_CHECKS, judgeContainerRequest, judgeCreateGrants, judgeUpdate, worstFirst, type OwnedCheck, type Verdict } from './policy-containers.js';
import { parseStrictJson, StrictJsonError } from './strict-json.js';
import {
  checkShape,
  CREATE_BODY_SHAPE,
  EXEC_BODY_SHAPE,
  requireObject,
  SERVICE_SPEC_SHAPE,
  UPDATE_BODY_SHAPE,
  VOLUME_CREATE_SHAPE,
  type Shape,
} from './strict-json-shapes.js';
import type { Decision, EngineLookup, ProxyClient, ProxyPolicy, ProxyRequest } from './types.js';

export { PolicyError, parsePolicyConfig, loadPolicyConfig, type PolicyConfig } from './policy-config.js';

const PREFIX = 'hullcheck proxy';

/** Operations on one existing container, named by the path: ownership applies to all of them. */
const CONTAINER_TARGET_OPERATIONS = new Set([
  'containers:inspect', 'containers:top', 'containers:logs', 'containers:changes', 'containers:export', 'containers:stats',
  'containers:resize', 'containers:start', 'containers:stop', 'containers:restart', 'containers:kill', 'containers:update',
  'containers:rename', 'containers:pause', 'containers:unpause', 'containers:attach', 'containers:wait',
  'containers:archive-get', 'containers:archive-put', 'containers:remove', 'exec:create',
]);
const EXEC_TARGET_OPERATIONS = new Set(['exec:start', 'exec:resize', 'exec:inspect']);

/** Operations whose JSON body the policy reads, with the shape it must have. */
const BODY_SHAPES: Record<string, Shape | 'privileges' | 'settings' | 'connect'> = {
  'containers:create': CREATE_BODY_SHAPE,
  'containers:update': UPDATE_BODY_SHAPE,
  'exec:create': EXEC_BODY_SHAPE,
  'volumes:create': VOLUME_CREATE_SHAPE,
  'services:create': SERVICE_SPEC_SHAPE,
  'services:update': SERVICE_SPEC_SHAPE,
  'plugins:install': 'privileges',
  'plugins:upgrade': 'privileges',
  'plugins:set': 'settings',
  'networks:connect': 'connect',
};

class RequestBodyError extends Error {}

/** The policy one listener enforces. Every path out of decide() that is not an explicit allow is a refusal. */
export class Policy implements ProxyPolicy {
  constructor(readonly config: PolicyConfig) {}

  async decide(request: ProxyRequest, client: ProxyClient, engine: EngineLookup): Promise<Decision> {
    let operation = UNKNOWN_OPERATION;
    try {
      operation = operationOf(request.method, request.path, request.query);
      return await this.evaluate(operation, request, engine);
    } catch (error) {
      if (error instanceof StrictJsonError || error instanceof RequestBodyError) {
        return deny(400, `${PREFIX}: request body refused: ${error.message}`, operation, ['strict-json']);
      }
      const reason = error instanceof Error ? error.message : String(error);
      return deny(403, `${PREFIX}: denied: the policy could not evaluate ${request.method} ${request.path} for ${client.listener} (${reason})`, operation, ['policy-error']);
    }
  }

  private async evaluate(operation: string, request: ProxyRequest, engine: EngineLookup): Promise<Decision> {
    if (operation === UNKNOWN_OPERATION) {
      return deny(403, `${PREFIX}: denied: ${request.method} ${request.path} is not an Engine API operation the proxy knows`, operation, ['operation']);
    }
    if (!this.config.operations.has(operation)) {
      return deny(403, `${PREFIX}: denied: operation ${operation} is not allowed by ${this.config.file}`, operation, ['operation']);
    }
    const owned = this.ownedCheck(engine);
    // Without ownership there is nothing to look up: no await, no turn of the event loop.
    const ownership = owned ? await this.judgeOwnership(operation, request, engine, owned) : undefined;
    if (ownership) return deny(403, message([ownership]), operation, [ownership.ruleId]);

    if (operation === 'containers:start' && request.body && request.body.length > 0) {
      // API versions before 1.24 took a HostConfig here; whatever an engine would do with it, it was not checked.
      return deny(400, `${PREFIX}: request body refused: containers:start takes no body (a HostConfig on start is not checked)`, operation, ['strict-json']);
    }
    if (operation === 'images:build') return this.verdictsToDecision(operation, judgeBuild(request.query, this.config), []);
    const shape = BODY_SHAPES[operation];
    if (shape === undefined) return allow(operation, []);

    const body = readBody(request, shape);
    switch (operation) {
      case 'containers:create':
        return this.create(body as Record<string, unknown>, request, owned);
      case 'containers:update': {
        const judged = judgeUpdate(body as Record<string, unknown>, pathTarget(request.path)?.id ?? '(unknown)', this.config);
        return this.verdictsToDecision(operation, judged.verdicts, judged.evaluated, body);
      }
      case 'exec:create':
        return this.verdictsToDecision(operation, judgeExec(body as Record<string, unknown>, this.config), ['exec-privileged', 'exec-root'], body);
      case 'volumes:create':
        return this.verdictsToDecision(operation, judgeVolumeCreate(body as Record<string, unknown>, this.config), ['volume-host-path', 'volume-driver'], body);
      case 'services:create':
      case 'services:update':
        return this.service(operation, body as Record<string, unknown>, owned);
      case 'plugins:install':
      case 'plugins:upgrade': {
        const remote = request.query.get('remote') ?? '';
        return this.verdictsToDecision(operation, judgePluginInstall(body, remote, this.config), ['plugin-not-allowed', 'plugin-privileges'], body);
      }
      case 'plugins:set':
        return this.verdictsToDecision(operation, judgePluginSet(body, this.config), ['plugin-settings'], body);
      case 'networks:connect': {
        const container = (body as Record<string, unknown>).Container;
        if (owned && (typeof container !== 'string' || !(await owned(container)))) {
          return deny(403, message([notOwned(String(container), this.config)]), operation, ['not-owner']);
        }
        return allow(operation, [], body);
      }
      default:
        return allow(operation, [], body);
    }
  }

  private async create(body: Record<string, unknown>, request: ProxyRequest, owned: OwnedCheck): Promise<Decision> {
    const operation = 'containers:create';
    const createRequest = body as CreateRequest;
    const name = request.query.get('name') || '(unnamed)';
    const judged = judgeContainerRequest(checkedView(createRequest), name, this.config);
    const grants = await judgeCreateGrants(createRequest, body, this.config, owned);
    const evaluated = [...judged.evaluated, ...GRANT_CHECKS];
    const verdicts = [...grants, ...judged.verdicts];
    if (verdicts.length > 0) return deny(403, message(verdicts), operation, ids(verdicts));
    const ownership = this.config.containers.ownership;
    if (ownership) {
      const labels = { ...((body.Labels ?? {}) as Record<string, string>), [ownership.label]: ownership.owner };
      return allow(operation, evaluated, { ...body, Labels: labels });
    }
    return allow(operation, evaluated, body);
  }

  private async service(operation: string, body: Record<string, unknown>, owned: OwnedCheck): Promise<Decision> {
    const { request, pathOf } = serviceToCreateRequest(body);
    const name = typeof body.Name === 'string' ? body.Name : '(unnamed service)';
    const judged = judgeContainerRequest(checkedView(request), name, this.config, pathOf);
    const grants = await judgeCreateGrants(request, { HostConfig: request.HostConfig }, this.config, owned, pathOf);
    const verdicts = [...judgeServiceExtras(body), ...grants, ...judged.verdicts];
    return this.verdictsToDecision(operation, verdicts, [...judged.evaluated, ...GRANT_CHECKS], body);
  }

  private verdictsToDecision(operation: string, verdicts: Verdict[], evaluated: string[], body?: unknown): Decision {
    if (verdicts.length > 0) return deny(403, message(verdicts), operation, ids(verdicts));
    return allow(operation, evaluated, body);
  }

  private ownedCheck(engine: EngineLookup): OwnedCheck {
    const ownership = this.config.containers.ownership;
    if (!ownership) return undefined;
    return async (idOrName) => (await engine.containerLabels(idOrName))?.[ownership.label] === ownership.owner;
  }

  private async judgeOwnership(operation: string, request: ProxyRequest, engine: EngineLookup, owned: OwnedCheck): Promise<Verdict | undefined> {
    const ownership = this.config.containers.ownership;
    if (!ownership || !owned) return undefined;
    const target = pathTarget(request.path);
    if (CONTAINER_TARGET_OPERATIONS.has(operation) && target?.kind === 'container') {
      return (await owned(target.id)) ? undefined : notOwned(target.id, this.config);
    }
    if (EXEC_TARGET_OPERATIONS.has(operation) && target?.kind === 'exec') {
      const labels = await engine.execContainerLabels(target.id);
      return labels?.[ownership.label] === ownership.owner ? undefined : notOwned(`the container of exec ${target.id}`, this.config);
    }
    if (operation === 'containers:prune') {
      // Prune removes stopped containers whoever created them; the proxy cannot narrow it to this client's.
      return { ruleId: 'not-owner', severity: 'high', message: `containers:prune would remove stopped containers other clients created (label ${ownership.label}=${ownership.owner} is enforced)` };
    }
    if (operation === 'containers:commit') {
      const container = request.query.get('container') ?? '';
      return (await owned(container)) ? undefined : notOwned(container, this.config);
    }
    return undefined;
  }
}

function notOwned(container: string, config: PolicyConfig): Verdict {
  const ownership = config.containers.ownership!;
  return {
    ruleId: 'not-owner',
    severity: 'high',
    message: `container ${container.startsWith('the container') ? container : `"${container}"`} was not created by this client (label ${ownership.label}=${ownership.owner})`,
  };
}

function readBody(request: ProxyRequest, shape: Shape | 'privileges' | 'settings' | 'connect'): unknown {
  if (request.streamedBody) throw new RequestBodyError('the body must be sent whole so that it can be checked');
  if (!request.body || request.body.length === 0) throw new RequestBodyError('a JSON body is required');
  const value = parseStrictJson(request.body);
  if (shape === 'privileges' || shape === 'settings') {
    if (!Array.isArray(value)) throw new StrictJsonError('the body must be a JSON array');
    if (shape === 'privileges') checkShape(value, { kind: 'list', items: { kind: 'struct', fields: { Name: { kind: 'any' }, Description: { kind: 'any' }, Value: { kind: 'any' } }, unknown: 'reject' } });
    return value;
  }
  if (shape === 'connect') {
    const body = requireObject(value, 'the body');
    checkShape(body, { kind: 'struct', fields: { Container: { kind: 'any' }, EndpointConfig: { kind: 'any' } }, unknown: 'reject' });
    return body;
  }
  const body = requireObject(value, 'the body');
  checkShape(body, shape);
  return body;
}

function ids(verdicts: Verdict[]): string[] {
  return [...new Set(worstFirst(verdicts).map((v) => v.ruleId))];
}

/** `hullcheck proxy: denied by no-privileged (critical): ... (HostConfig.Privileged)`, and how many more. */
export function message(verdicts: Verdict[]): string {
  const [first, ...rest] = worstFirst(verdicts);
  if (!first) return `${PREFIX}: denied`;
  const where = first.path ? ` (${first.path})` : '';
  const more = rest.length === 0 ? '' : `; and ${rest.length} more: ${[...new Set(rest.map((v) => v.ruleId))].join(', ')}`;
  return `${PREFIX}: denied by ${first.ruleId} (${first.severity}): ${first.message}${where}${more}`;
}

function deny(status: number, text: string, operation: string, rules: string[]): Decision {
  return { allow: false, status, message: text, operation, rules };
}

function allow(operation: string, rules: string[], body?: unknown): Decision {
  return {
    allow: true,
    status: 200,
    message: '',
    operation,
    rules,
    // Forward what was checked: the parsed object, serialised again, never the bytes received.
    ...(body !== undefined ? { body: Buffer.from(JSON.stringify(body)) } : {}),
  };
}

/** Builds the policy from a validated configuration. */
export function createPolicy(config: PolicyConfig): Policy {
  return new Policy(config);
}

/** Reads, validates and compiles a policy file; throws PolicyError (file:line:column) when it cannot. */
export function loadPolicy(file: string): Policy {
  return new Policy(loadPolicyConfig(file));
}

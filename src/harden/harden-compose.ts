import { isAlias, isMap, isScalar, isSeq, parseDocument, type Alias, type YAMLMap } from 'yaml';
import type { ContainerFacts } from '../facts/container.js';
import { parseCompose } from '../sources/compose/parse-compose.js';
import { rewriteCompose } from './compose-rewrite.js';
import type { ImageInfo } from './image-info.js';
import type { RuleSettings } from '../rules/rule.js';
import { planHardening, type HardenOptions, type HardenPlan } from './plan.js';

export interface ComposeServices {
  /** The text the facts were read from: the file, with services written as a bare alias opened up. */
  text: string;
  containers: ContainerFacts[];
  /** Each service's own `entrypoint` and `command` words. */
  commands: Map<string, string[]>;
}

export class HardenInputError extends Error {
  override readonly name = 'HardenInputError';
}

/** Reads the services to harden; a file that does not parse is one error naming the file and line. */
export function readComposeServices(original: string, file: string, env: ReadonlyMap<string, string>, only: string[] = []): ComposeServices {
  const text = openAliasServices(original, only);
  const parsed = parseCompose(text, file, env);
  const first = parsed.errors[0];
  if (first) throw new HardenInputError(`${first.file}${first.line ? `:${first.line}:${first.column}` : ''}: ${first.message}`);
  const unknown = only.filter((name) => !parsed.containers.some((c) => c.name === name));
  if (unknown.length > 0) {
    const names = parsed.containers.map((c) => c.name).join(', ') || 'none';
    throw new HardenInputError(`${file} has no service ${unknown.map((n) => `"${n}"`).join(', ')} (services: ${names})`);
  }
  const containers = parsed.containers.filter((c) => only.length === 0 || only.includes(c.name));
  return { text, containers, commands: serviceCommands(text) };
}

/**
 * `web2: *web` cannot take keys of its own. It is rewritten as a mapping that
 * merges the anchor (`web2:` / `<<: *web`), which means the same to Compose, so
 * harden can add to web2 without touching web.
 */
function openAliasServices(text: string, only: string[]): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const services = doc.get('services', true);
  if (!isMap(services) || doc.errors.length > 0) return text;
  const firstMap = services.items.find((p) => isMap(p.value) && !p.value.flow && p.value.items.length > 0);
  const keyColumn = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const serviceStart = (firstMap?.key as { range?: number[] } | undefined)?.range?.[0];
  const innerStart = ((firstMap?.value as YAMLMap | undefined)?.items[0]?.key as { range?: number[] } | undefined)?.range?.[0];
  const step = serviceStart !== undefined && innerStart !== undefined ? keyColumn(innerStart) - keyColumn(serviceStart) : 2;
  let out = text;
  const aliases = services.items.filter((p) => isAlias(p.value) && isScalar(p.key) && (only.length === 0 || only.includes(String(p.key.value))));
  for (const pair of aliases.reverse()) {
    const alias = pair.value as Alias;
    const [start = 0, end = 0] = alias.range ?? [];
    const keyEnd = (pair.key as { range?: number[] }).range?.[1] ?? start;
    const colon = text.indexOf(':', keyEnd);
    const indent = ' '.repeat(keyColumn((pair.key as { range?: number[] }).range?.[0] ?? 0) + (step > 0 ? step : 2));
    out = `${out.slice(0, colon + 1)}\n${indent}<<: *${alias.source}${out.slice(end)}`;
  }
  return out;
}

function serviceCommands(text: string): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  const services = parseDocument(text).get('services', true);
  if (!isMap(services)) return commands;
  for (const pair of services.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const words: string[] = [];
    for (const key of ['entrypoint', 'command']) {
      const value = pair.value.get(key, true);
      if (isScalar(value) && value.value !== null) words.push(...String(value.value).split(/\s+/));
      else if (isSeq(value)) words.push(...value.items.map((item) => (isScalar(item) ? String(item.value) : '')));
    }
    commands.set(String(pair.key.value), words);
  }
  return commands;
}

export interface ComposeHardening {
  text: string;
  plans: HardenPlan[];
}

/** Plans each service and writes the plans into the file's text. */
export function hardenCompose(
  file: string,
  services: ComposeServices,
  images: ReadonlyMap<string, ImageInfo>,
  options: HardenOptions,
  settings?: RuleSettings,
): ComposeHardening {
  const planned = services.containers.map((facts) => {
    const image = facts.image ? images.get(facts.image.value) : undefined;
    const command = services.commands.get(facts.name) ?? [];
    return { facts, plan: planHardening({ facts, ...(image ? { image } : {}), command, options, ...(settings ? { settings } : {}) }) };
  });
  const rewritten = rewriteCompose(services.text, planned);
  const check = parseCompose(rewritten.text, file, new Map());
  const broken = check.errors[0];
  if (broken) {
    throw new Error(`the hardened ${file} would not parse (${broken.message} at line ${broken.line ?? '?'}); nothing was written. Please report this with the file.`);
  }
  const plans = planned.map(({ plan }) => ({ ...plan, kept: [...plan.kept, ...(rewritten.notes.get(plan.service) ?? [])] }));
  return { text: rewritten.text, plans };
}

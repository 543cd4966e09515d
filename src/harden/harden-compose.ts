import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { ContainerFacts } from '../facts/container.js';
import { parseCompose } from '../sources/compose/parse-compose.js';
import { rewriteCompose } from './compose-rewrite.js';
import type { ImageInfo } from './image-info.js';
import { planHardening, type HardenOptions, type HardenPlan } from './plan.js';

export interface ComposeServices {
  containers: ContainerFacts[];
  /** Each service's own `entrypoint` and `command` words. */
  commands: Map<string, string[]>;
}

export class HardenInputError extends Error {
  override readonly name = 'HardenInputError';
}

/** Reads the services to harden; a file that does not parse is one error naming the file and line. */
export function readComposeServices(text: string, file: string, env: ReadonlyMap<string, string>, only: string[] = []): ComposeServices {
  const parsed = parseCompose(text, file, env);
  const first = parsed.errors[0];
  if (first) throw new HardenInputError(`${first.file}${first.line ? `:${first.line}:${first.column}` : ''}: ${first.message}`);
  const unknown = only.filter((name) => !parsed.containers.some((c) => c.name === name));
  if (unknown.length > 0) {
    const names = parsed.containers.map((c) => c.name).join(', ') || 'none';
    throw new HardenInputError(`${file} has no service ${unknown.map((n) => `"${n}"`).join(', ')} (services: ${names})`);
  }
  const containers = parsed.containers.filter((c) => only.length === 0 || only.includes(c.name));
  return { containers, commands: serviceCommands(text) };
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
  text: string,
  file: string,
  services: ComposeServices,
  images: ReadonlyMap<string, ImageInfo>,
  options: HardenOptions,
): ComposeHardening {
  const planned = services.containers.map((facts) => {
    const image = facts.image ? images.get(facts.image.value) : undefined;
    const command = services.commands.get(facts.name) ?? [];
    return { facts, plan: planHardening({ facts, ...(image ? { image } : {}), command, options }) };
  });
  const rewritten = rewriteCompose(text, planned);
  const check = parseCompose(rewritten.text, file, new Map());
  const broken = check.errors[0];
  if (broken) {
    throw new Error(`the hardened ${file} would not parse (${broken.message} at line ${broken.line ?? '?'}); nothing was written. Please report this with the file.`);
  }
  const plans = planned.map(({ plan }) => ({ ...plan, kept: [...plan.kept, ...(rewritten.notes.get(plan.service) ?? [])] }));
  return { text: rewritten.text, plans };
}

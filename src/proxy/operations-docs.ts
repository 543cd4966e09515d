import { OPERATIONS, ROUTES } from './operations.js';
import { PRESETS } from './presets.js';

export const OPERATIONS_START = '<!-- operations:start (generated from src/proxy/operations.ts by `npx tsx scripts/gen-proxy-docs.ts`) -->';
export const OPERATIONS_END = '<!-- operations:end -->';
export const PRESETS_START = '<!-- presets:start (generated from src/proxy/presets.ts by `npx tsx scripts/gen-proxy-docs.ts`) -->';
export const PRESETS_END = '<!-- presets:end -->';

function routesOf(operation: string): string {
  return ROUTES.filter((route) => route.operation === operation)
    .map((route) => {
      const path = route.path.replace(/\*\*/g, '{name}').replace(/\*/g, '{id}');
      const when = route.when ? (route.when.present ? ` with \`${route.when.query}=\`` : ` without \`${route.when.query}=\``) : '';
      return `\`${route.method} ${path}\`${when}`;
    })
    .join(', ');
}

/** The operations table of docs/proxy-policy.md. */
export function operationsMarkdown(): string {
  const rows = OPERATIONS.map((op) => `| \`${op.name}\` | ${routesOf(op.name)} | ${op.summary}${op.grantsHostAccess ? ' **(grants host access)**' : ''} |`);
  return ['| operation | requests | what it lets a client do |', '|---|---|---|', ...rows].join('\n');
}

/** The presets table of docs/proxy-policy.md. */
export function presetsMarkdown(): string {
  const rows = PRESETS.map((preset) => `| \`preset:${preset.name}\` | ${preset.summary} | ${preset.operations.map((op) => `\`${op}\``).join(', ')} |`);
  return ['| preset | for | operations |', '|---|---|---|', ...rows].join('\n');
}

/** Replaces the generated regions of the policy reference; throws when a marker is missing. */
export function withGeneratedSections(doc: string): string {
  return replaceBetween(replaceBetween(doc, OPERATIONS_START, OPERATIONS_END, operationsMarkdown()), PRESETS_START, PRESETS_END, presetsMarkdown());
}

function replaceBetween(doc: string, start: string, end: string, content: string): string {
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/proxy-policy.md lacks the markers ${start} ... ${end}`);
  return `${doc.slice(0, from + start.length)}\n${content}\n${doc.slice(to)}`;
}

import { shortImageId, type ImageFacts, type ImageHistoryStep } from '../../facts/image.js';
import type { Located, Location } from '../../facts/location.js';

/** `GET /images/{id}/json`; only the fields hullcheck reads. */
export interface ImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  Created?: string | null;
  Config?: {
    User?: string | null;
    Env?: string[] | null;
    ExposedPorts?: Record<string, unknown> | null;
    Healthcheck?: { Test?: string[] | null } | null;
    Labels?: Record<string, string> | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
  } | null;
}

export function isImageInspect(value: unknown): value is ImageInspect {
  return typeof value === 'object' && value !== null && typeof (value as { Id?: unknown }).Id === 'string';
}

/** How findings name an image: `image:nginx:1.27@4773cd9357e6`, the first tag and the short id. */
export function imageLabel(inspect: ImageInspect): string {
  return `image:${inspect.RepoTags?.find((t) => t !== '<none>:<none>') ?? '<none>'}@${shortImageId(inspect.Id)}`;
}

/**
 * ImageFacts located at inspect field paths (`Config.User`, `Config.Env.2`) under
 * the image's label. The build history is not part of an inspect: pass it when
 * it is known (an image's config blob has it), oldest step first.
 */
export function imageFactsFromInspect(inspect: ImageInspect, history?: readonly ImageHistoryStep[]): ImageFacts {
  const file = imageLabel(inspect);
  const at = (path?: string): Location => ({ file, line: 0, column: 0, ...(path ? { path } : {}) });
  const config = inspect.Config ?? {};
  const tags = (inspect.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  const test = config.Healthcheck?.Test ?? [];
  const created = inspect.Created ? new Date(inspect.Created) : undefined;
  return {
    kind: 'image',
    name: file.slice('image:'.length),
    id: inspect.Id,
    tags,
    at: at(),
    user: { value: config.User ?? '', at: at('Config.User') },
    ...(test.length > 0 && test[0] !== 'NONE' ? { healthcheck: { value: { test }, at: at('Config.Healthcheck') } } : {}),
    ...(created && !Number.isNaN(created.getTime()) && created.getTime() > 0 ? { created: { value: created, at: at('Created') } } : {}),
    env: (config.Env ?? []).map((entry, i) => {
      const eq = entry.indexOf('=');
      const pair = eq < 0 ? { name: entry, value: '' } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
      return { value: pair, at: at(`Config.Env.${i}`) };
    }),
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).map((port) => ({ value: port, at: at(`Config.ExposedPorts.${port}`) })),
    labels: Object.entries(config.Labels ?? {}).map(([name, value]) => ({ value: { name, value: String(value) }, at: at(`Config.Labels.${name}`) })),
    ...commandField('entrypoint', config.Entrypoint, at('Config.Entrypoint')),
    ...commandField('cmd', config.Cmd, at('Config.Cmd')),
    ...(history ? { history: history.map((step, i) => ({ value: step, at: at(`History.${i}`) })) } : {}),
  };
}

function commandField<K extends 'entrypoint' | 'cmd'>(key: K, value: string[] | null | undefined, at: Location): Partial<Record<K, Located<string[]>>> {
  if (!Array.isArray(value)) return {};
  return { [key]: { value: value.map(String), at } } as Partial<Record<K, Located<string[]>>>;
}

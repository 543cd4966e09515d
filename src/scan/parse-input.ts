import type { InputError } from '../facts/finding.js';
import type { Facts } from '../rules/run-rules.js';

export type InputKind = 'dockerfile' | 'compose' | 'run';

export interface ParsedInput {
  facts: Facts[];
  errors: InputError[];
  /** Line spans (instructions, YAML entries) that a suppression comment above covers whole. */
  spans: { start: number; end: number }[];
  /** The text's physical lines when the parser split it anyway (Dockerfiles), at CRLF, LF or a lone CR. */
  lines?: string[];
}

export interface ParseOptions {
  /** Interpolation variables for Compose files. */
  env?: ReadonlyMap<string, string>;
}

/** Turns the text of one input into facts; never throws for bad input. */
export async function parseInput(text: string, kind: InputKind, file: string, options: ParseOptions = {}): Promise<ParsedInput> {
  try {
    return await parseByKind(text, kind, file, options);
  } catch (error) {
    // A parser bug must not end the run; the input is reported as unreadable instead.
    const message = error instanceof Error ? error.message : String(error);
    return { facts: [], errors: [{ file, message: `could not be parsed: ${message}` }], spans: [] };
  }
}

const loadCompose = lazy(() => import('../sources/compose/parse-compose.js'));
const loadDockerfile = lazy(() => import('../sources/dockerfile/parse-dockerfile.js'));
const loadRunCommand = lazy(() => import('../sources/run-command/parse-run.js'));

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

// Each source is imported on first use: a run that reads only Compose files never loads
// the Dockerfile parser, and the other way round (each costs tens of milliseconds to load).
async function parseByKind(text: string, kind: InputKind, file: string, options: ParseOptions): Promise<ParsedInput> {
  switch (kind) {
    case 'compose': {
      const { parseCompose } = await loadCompose();
      const result = parseCompose(text, file, options.env ?? new Map());
      return { facts: result.containers, errors: result.errors, spans: result.spans };
    }
    case 'dockerfile': {
      const { parseDockerfileLines } = await loadDockerfile();
      const { facts, lines } = parseDockerfileLines(text, file);
      const spans = facts.stages.flatMap((stage) =>
        stage.instructions.map((i) => ({ start: i.at.line, end: i.at.endLine ?? i.at.line })),
      );
      return { facts: [facts], errors: [], spans, lines };
    }
    case 'run': {
      const { parseRunCommand } = await loadRunCommand();
      const result = parseRunCommand(text, file);
      return { facts: result.container ? [result.container] : [], errors: result.errors, spans: [] };
    }
  }
}

import type { ImageFacts } from '../../facts/image.js';
import { assignments, historyStep, stepNumber, type HistoryStep } from '../helpers/history.js';
import { isPlaceholder, secretValueReason, tokenIn, urlPasswordIn } from '../helpers/secret-text.js';
import { imageRule } from '../rule.js';

/** `--password=s3cret`, `--password s3cret`, `_authToken=abc`: literal credentials on a command line. */
const LITERAL_OPTIONS = [/--(?:password|passwd|token|api-key)(?:=|\s+)(["']?)([^\s"']+)\1/, /_authToken=([^\s"']+)/];

function commandSecret(body: string): string | undefined {
  const token = tokenIn(body);
  if (token) return token;
  if (urlPasswordIn(body)) return 'a URL with a password in it';
  for (const pattern of LITERAL_OPTIONS) {
    const match = pattern.exec(body);
    const value = match?.[2] ?? match?.[1];
    if (value && !value.startsWith('$') && !value.startsWith('-') && !isPlaceholder(value)) return `a credential on the command line (${(match?.[0] ?? '').split(/[=\s]/)[0]})`;
  }
  return undefined;
}

/** An ENV the final configuration still holds is no-secrets-in-image-env's to report. */
function stillInEnv(facts: ImageFacts, name: string, value: string): boolean {
  return facts.env.some((variable) => variable.value.name === name && variable.value.value === value);
}

interface StepSecret {
  /** Build arguments reach every later RUN step: the same name and value are reported once, where first seen. */
  key?: string;
  text: string;
}

function stepSecret(facts: ImageFacts, step: HistoryStep, seen: ReadonlySet<string>): StepSecret | undefined {
  for (const arg of step.buildArgs) {
    const key = `${arg.name}=${arg.value}`;
    const reason = seen.has(key) ? undefined : secretValueReason(arg.name, arg.value);
    if (reason) return { key, text: `build argument ${arg.name} (${reason})` };
  }
  if (step.instruction === 'ARG' || step.instruction === 'ENV') {
    for (const { name, value } of assignments(step.body)) {
      if (step.instruction === 'ENV' && stillInEnv(facts, name, value)) continue;
      const key = `${name}=${value}`;
      const reason = seen.has(key) ? undefined : secretValueReason(name, value);
      if (reason) return { key, text: `${step.instruction === 'ARG' ? 'build argument' : 'variable'} ${name} (${reason})` };
    }
    return undefined;
  }
  if (step.instruction === 'RUN' || step.instruction === 'ADD') {
    const text = commandSecret(step.body);
    return text ? { text } : undefined;
  }
  return undefined;
}

export default imageRule({
  meta: {
    id: 'no-secrets-in-image-history',
    title: 'Secret recorded in the build history',
    severity: 'high',
    reads: 'image',
    cis: ['4.10'],
    equivalents: { dockle: 'CIS-DI-0010' },
    docs: {
      why:
        'The image keeps every build step as text: `docker history --no-trunc` shows each RUN command together with ' +
        'the build arguments it saw, ARG defaults, and ENV values even when a later ENV overwrote them. A token passed ' +
        'with `--build-arg`, a password on a command line or a URL with credentials in a `git clone` is readable by ' +
        'anyone who can pull the image, although no file holds it. Values are reported by the same test as ENV ' +
        '(secret name with a literal value, URL with a password, well-known token shapes); `$VAR` references and ' +
        'placeholders are not.',
      fix:
        'Pass build secrets with BuildKit secret mounts (`RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci`), ' +
        'which leave no trace in the history, instead of ARG, ENV or the command line. Rebuild and revoke the secret.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker history --no-trunc --format '{{.CreatedBy}}' app:1\nRUN |1 NPM_TOKEN=npm_Xr5... /bin/sh -c npm ci # buildkit",
          good: "$ docker history --no-trunc --format '{{.CreatedBy}}' app:1\nRUN /bin/sh -c npm ci # buildkit",
        },
      ],
    },
  },
  check(facts, { report }) {
    const seen = new Set<string>();
    for (const entry of facts.history ?? []) {
      const step = historyStep(entry.value.createdBy);
      const secret = stepSecret(facts, step, seen);
      // Later steps that see the same build argument again are not new leaks.
      for (const { name, value } of [...step.buildArgs, ...(step.instruction === 'ARG' ? assignments(step.body) : [])]) seen.add(`${name}=${value}`);
      if (!secret) continue;
      report({
        message: `image ${facts.name} records ${secret.text} in build step ${stepNumber(entry.at.path)}`,
        at: entry.at,
        fix: { description: 'pass the secret with a BuildKit secret mount, rebuild, and revoke it' },
      });
    }
  },
});

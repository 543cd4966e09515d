import type { ImageFacts } from '../../facts/image.js';
import type { Severity } from '../../facts/finding.js';
import type { Location } from '../../facts/location.js';
import { plainHttpHost } from '../build/no-http-download.js';
import { historyStep, stepNumber } from '../helpers/history.js';
import { imageRule } from '../rule.js';

const INTERPRETER = String.raw`(?:\/\S*\/)?(?:sh|bash|dash|zsh|ksh|ash|python[0-9.]*|perl|ruby|node)`;
/** `curl ... | [sudo] [env A=b] bash`, unless the interpreter gets its program inline (`| python3 -c 'import json...'`). */
const PIPE_TO_INTERPRETER = new RegExp(
  String.raw`\b(curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(${INTERPRETER})\b(?![^|;&\n]*\s-(?:c|e|m|p|E)\b)`,
);
/** `sh -c "$(curl ...)"`, `bash <(wget -O- ...)`, `eval "$(curl ...)"`, `. <(curl ...)`. */
const DOWNLOAD_AS_PROGRAM = new RegExp(String.raw`(?:${INTERPRETER}|eval|source|\.)\s+(?:-c\s+)?["']?(?:\$\(|<\()\s*(curl|wget)\b`);
const URL = /\b(?:https?|ftp):\/\/[^\s"'<>|;&)]+/gi;
/** Commands that fetch what a URL argument names. */
const FETCHER = /^(?:sudo\s+)?(?:curl|wget|git\s+(?:clone|fetch|pull)|pip[0-9.]*\s+install|python[0-9.]*\s+-m\s+pip\s+install|gem\s+install|npm\s+(?:install|i)|apt-key\s+adv|apt-key\s+add)\b/;

interface Problem {
  message: string;
  severity: Severity;
}

function runProblems(body: string): Problem[] {
  const problems: Problem[] = [];
  const piped = PIPE_TO_INTERPRETER.exec(body);
  const asProgram = DOWNLOAD_AS_PROGRAM.exec(body);
  if (piped) problems.push({ message: `runs a ${piped[1]} download as ${baseCommand(piped[2] ?? '')} code without checking it`, severity: 'high' });
  else if (asProgram) problems.push({ message: `runs a ${asProgram[1]} download as code without checking it`, severity: 'high' });
  const hosts = new Set<string>();
  for (const command of body.split(/&&|\|\||;|\||\n/)) {
    if (!FETCHER.test(command.trim())) continue;
    for (const [url] of command.matchAll(URL)) {
      const host = plainHttpHost(url);
      if (host) hosts.add(host);
    }
  }
  if (hosts.size > 0) problems.push({ message: `downloads over plain http from ${[...hosts].join(', ')}`, severity: 'medium' });
  return problems;
}

function addProblems(body: string): Problem[] {
  if (/--checksum=/.test(body)) return [];
  const remote = [...body.matchAll(URL)].map(([url]) => url);
  const source = remote[0];
  if (!source) return [];
  const insecure = plainHttpHost(source) !== undefined;
  return [{ message: `adds ${withoutCredentials(source)} from the network${insecure ? ' over plain http' : ''} without a checksum`, severity: insecure ? 'medium' : 'low' }];
}

/** `https://user:token@host/x` -> `https://***@host/x`: messages never carry a credential. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1***@');
}

function baseCommand(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function stepProblems(createdBy: string): Problem[] {
  const step = historyStep(createdBy);
  if (step.instruction === 'RUN') return runProblems(step.body);
  if (step.instruction === 'ADD') return addProblems(step.body);
  return [];
}

function reportAll(facts: ImageFacts, at: Location, problems: Problem[], report: (input: { message: string; at: Location; severity: Severity; fix: { description: string } }) => void) {
  for (const problem of problems) {
    report({
      message: `image ${facts.name} build step ${stepNumber(at.path)} ${problem.message}`,
      at,
      severity: problem.severity,
      fix: { description: 'download over https to a file, verify its checksum, then use it (or ADD --checksum=sha256:...)' },
    });
  }
}

export default imageRule({
  meta: {
    id: 'no-unsafe-download-in-history',
    title: 'Build step ran or added a download without checking it',
    severity: 'high',
    reads: 'image',
    cis: [],
    docs: {
      why:
        'The build history shows how the image was made even when its Dockerfile is not at hand. A step that piped ' +
        'curl or wget into a shell ran whatever the server sent that day; a download over plain http could be changed ' +
        'by anyone on the network path; an ADD of a URL without `--checksum` took whatever the URL served. None of ' +
        'these can be reproduced or verified afterwards. Piping into a shell is reported as high, plain http as medium, ' +
        'ADD of an https URL as low. This is the image-side view of the Dockerfile rules no-pipe-to-shell, ' +
        'no-http-download and prefer-copy-over-add.',
      fix:
        'Download over https to a file, check it against a known SHA-256 (`sha256sum -c`), then run or unpack it; ' +
        'for ADD use `ADD --checksum=sha256:<hex> <url> <dest>`. Prefer a signed package or `COPY --from=` a pinned image.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker history --no-trunc --format '{{.CreatedBy}}' app:1\nRUN /bin/sh -c curl -fsSL https://get.example.com | sh # buildkit",
          good:
            "$ docker history --no-trunc --format '{{.CreatedBy}}' app:1\n" +
            'RUN /bin/sh -c curl -fsSLo /tmp/i.sh https://get.example.com && echo "<sha256>  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh # buildkit',
        },
      ],
    },
  },
  check(facts, { report }) {
    for (const entry of facts.history ?? []) reportAll(facts, entry.at, stepProblems(entry.value.createdBy), report);
  },
});

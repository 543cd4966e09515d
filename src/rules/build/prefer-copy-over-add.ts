import type { InstructionFacts } from '../../facts/build.js';
import type { Located } from '../../facts/location.js';
import { instructionFlag, instructionsWith } from '../helpers/shell.js';
import { buildRule, type ReportInput } from '../rule.js';

/** Local archives ADD unpacks (tar, possibly compressed); `.gz` alone may be a tarball too. */
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|gz|bz2|xz|zst)$/i;
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;
const FULL_COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

/** A git source BuildKit clones: `git@host:repo`, `https://host/repo.git#ref`, `git://...`. */
export function isGitSource(source: string): boolean {
  const base = source.split('#')[0] ?? '';
  return /^git@/.test(source) || /^git:\/\//i.test(source) || (REMOTE.test(source) && /\.git\/?$/i.test(base));
}

/** True when a git source names a full commit after `#` (`#<sha>` or `#<sha>:subdir`). */
function pinsCommit(source: string): boolean {
  const ref = source.includes('#') ? source.slice(source.indexOf('#') + 1).split(':')[0] ?? '' : '';
  return FULL_COMMIT.test(ref);
}

function remoteFinding(source: Located<string>, instruction: InstructionFacts): ReportInput | undefined {
  const checksum = instructionFlag(instruction, 'checksum');
  if (isGitSource(source.value)) {
    if (checksum || pinsCommit(source.value)) return undefined;
    return {
      message: 'ADD clones a git repository at a branch or tag that can move: pin a full commit (#<sha>) or use --checksum',
      at: source.at,
      severity: 'low',
      fix: { description: 'append #<full commit sha> to the git URL' },
    };
  }
  if (checksum) return undefined;
  return {
    message: 'ADD downloads a URL with no integrity check: add --checksum=sha256:<digest>, or download and verify in a RUN',
    at: source.at,
    fix: { description: 'add --checksum=sha256:<digest> to the ADD instruction' },
  };
}

function localFinding(sources: Located<string>[]): ReportInput | undefined {
  const plain = sources.find((s) => !REMOTE.test(s.value) && !isGitSource(s.value) && !s.value.includes('$') && !ARCHIVE.test(s.value));
  if (!plain) return undefined;
  return {
    message: 'ADD of local files that are not archives: COPY does the same without ADD\'s URL and unpacking behaviour',
    at: plain.at,
    severity: 'low',
    fix: { description: 'replace ADD with COPY' },
  };
}

/** The sources of an ADD: every argument but the destination, heredocs left out. */
function sourcesOf(instruction: InstructionFacts): Located<string>[] {
  return instruction.args.slice(0, -1).filter((a) => !a.value.startsWith('<<'));
}

export default buildRule({
  meta: {
    id: 'prefer-copy-over-add',
    title: 'ADD used where COPY or a verified download belongs',
    severity: 'medium',
    reads: 'build',
    cis: ['4.9'],
    equivalents: { hadolint: 'DL3020', trivy: 'DS005', checkov: 'CKV_DOCKER_4' },
    docs: {
      why:
        'ADD does more than copy: given a URL it downloads at build time, and given a local tar archive it unpacks it. ' +
        'A URL fetched by ADD without --checksum is trusted blindly, so whoever controls the server or the network controls that layer, ' +
        'and the same Dockerfile can produce different images from one day to the next. For ordinary local files the extra behaviour is only a surprise waiting to happen; COPY says what is meant. ' +
        'Unpacking a local tarball is what ADD is for and is not reported.',
      fix:
        'Use COPY for local files and directories. For downloads, pin the content: `ADD --checksum=sha256:<digest> <url> <dest>`, or fetch with `curl -fsSL` in a RUN and check it with `sha256sum -c`. ' +
        'For git sources, append the full commit (`#<sha>`) to the URL.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nADD https://example.com/tool-1.2.tar.gz /opt/',
          good: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /opt/',
        },
        { kind: 'dockerfile', bad: 'FROM alpine:3.20\nADD app.conf /etc/app/', good: 'FROM alpine:3.20\nCOPY app.conf /etc/app/' },
      ],
    },
  },
  check(facts, { report }) {
    for (const { instruction } of instructionsWith(facts, 'ADD')) {
      const sources = sourcesOf(instruction);
      for (const source of sources.filter((s) => REMOTE.test(s.value) || isGitSource(s.value))) {
        const finding = remoteFinding(source, instruction);
        if (finding) report(finding);
      }
      const local = localFinding(sources);
      if (local) report(local);
    }
  },
});

import type { ImageFile } from '../../facts/image.js';
import type { Severity } from '../../facts/finding.js';
import { EXPECTED_SETUID_PROGRAMS, SYSTEM_PROGRAM_DIRS } from '../data/setuid-programs.js';
import { baseName, isAllowedPath, isUnder } from '../helpers/image-files.js';
import { imageRule } from '../rule.js';

const SETUID = 0o4000;
const SETGID = 0o2000;

export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

function isExpected(file: ImageFile): boolean {
  return EXPECTED_SETUID_PROGRAMS.has(baseName(file.path)) && SYSTEM_PROGRAM_DIRS.some((dir) => isUnder(file.path, dir));
}

/** Setuid root is a way to root; setgid, or setuid to another user, gives less. */
function severityOf(file: ImageFile): Severity {
  if (isExpected(file)) return 'low';
  return file.mode & SETUID && file.uid === 0 ? 'high' : 'medium';
}

function describe(file: ImageFile): string {
  const bits = [file.mode & SETUID ? `setuid (runs as ${file.uid === 0 ? 'root' : `uid ${file.uid}`})` : '', file.mode & SETGID ? `setgid (runs with gid ${file.gid})` : '']
    .filter(Boolean)
    .join(' and ');
  return `${file.path} is ${bits}, mode ${octalMode(file.mode)}`;
}

export default imageRule({
  meta: {
    id: 'no-setuid-files',
    title: 'Setuid or setgid file in the image',
    severity: 'high',
    reads: 'image',
    cis: ['4.8'],
    equivalents: { dockle: 'CIS-DI-0008' },
    options: ['allow-paths'],
    docs: {
      why:
        'A setuid program runs as its owner, usually root, whoever starts it; a setgid program runs with its group. ' +
        'Each one is a step from the container user to root that an attacker can take through any bug in the program, ' +
        'and a container that runs as an unprivileged user is only as safe as the setuid files it can execute. ' +
        "Programs a distribution ships this way (su, passwd, mount, ping ...) in its own directories are reported as low; " +
        'anything else as high (setuid root) or medium. Setgid directories are not reported: the bit only sets the group of new files.',
      fix:
        'Strip the bits in the last build stage unless the application needs them: ' +
        '`RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`. ' +
        'Running containers with `--security-opt no-new-privileges` also stops the bit from granting anything. ' +
        'A program the image truly needs can be allow-listed with `allow-paths`.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker run --rm --entrypoint find app:1 / -xdev -perm /6000 -type f\n/opt/app/bin/helper\n/usr/bin/su",
          good: "$ docker run --rm --entrypoint find app:1 / -xdev -perm /6000 -type f\n(nothing: the last stage ran find / -xdev -perm /6000 -type f -exec chmod a-s {} +)",
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    if (!facts.contents) return;
    for (const file of facts.contents.files.values()) {
      if (file.type !== 'file' && file.type !== 'hardlink') continue;
      if (!(file.mode & (SETUID | SETGID)) || isAllowedPath(settings, 'no-setuid-files', file.path)) continue;
      const expected = isExpected(file);
      report({
        message: `${describe(file)}${expected ? `: expected of the distribution's ${baseName(file.path)}, remove the bit if the image does not need it` : ''}`,
        at: file.at,
        severity: severityOf(file),
        fix: { description: 'remove the bit with chmod a-s in the Dockerfile, or allow-list the path if the image needs it' },
      });
    }
  },
});

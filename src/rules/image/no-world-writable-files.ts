import type { ImageFile } from '../../facts/image.js';
import type { Severity } from '../../facts/finding.js';
import { isAllowedPath, isUnder, parentDir } from '../helpers/image-files.js';
import { imageRule } from '../rule.js';
import { octalMode } from './no-setuid-files.js';

const WORLD_WRITE = 0o002;
const STICKY = 0o1000;
const ANY_EXECUTE = 0o111;

/**
 * Scratch directories every user is meant to write to; what lies in them is nobody's to protect.
 * /var/crash is where Ubuntu's crash reporter lets any process drop a report.
 */
export const SHARED_TMP_DIRS: readonly string[] = ['/tmp', '/var/tmp', '/dev/shm', '/run/shm', '/run/lock', '/var/lock', '/var/crash'];

/**
 * A sticky world-writable directory lets anyone add files but not remove or rename other people's: low.
 * A world-writable executable can be swapped for anything its next caller runs: high.
 */
function severityOf(file: ImageFile): Severity {
  if (file.type === 'directory') return file.mode & STICKY ? 'low' : 'medium';
  return file.mode & ANY_EXECUTE ? 'high' : 'medium';
}

function isWorldWritable(file: ImageFile): boolean {
  return (file.type === 'file' || file.type === 'directory') && (file.mode & WORLD_WRITE) !== 0;
}

/** The nearest reported directory above `path`, if any. */
function reportedAncestor(path: string, reported: Map<string, { file: ImageFile; below: number }>) {
  for (let dir = parentDir(path); ; dir = parentDir(dir)) {
    const found = reported.get(dir);
    if (found) return found;
    if (dir === '/') return undefined;
  }
}

export default imageRule({
  meta: {
    id: 'no-world-writable-files',
    title: 'World-writable file or directory in the image',
    severity: 'medium',
    reads: 'image',
    cis: [],
    options: ['allow-paths'],
    docs: {
      why:
        'Any user in the container can change a world-writable file, and can add, replace or delete files in a ' +
        'world-writable directory. If root or the application later runs or reads what is there (a script, a library, ' +
        'a config file), whoever wrote it runs code as them. Shared scratch directories (/tmp, /var/tmp, /dev/shm, ' +
        '/run/lock, /var/lock, /var/crash) and what is in them are not reported. Elsewhere a directory with the sticky bit (mode 1777), ' +
        'where nobody can remove or rename files they do not own, is reported as low, a world-writable executable as high. ' +
        'A directory made world-writable together with everything below it (`chmod -R 777`) is reported once, with a count.',
      fix:
        'Give the files to the user that needs to write them instead of to everyone: `COPY --chown=app:app` or ' +
        '`RUN chown -R app:app /app/data && chmod -R go-w /app/data`. Use a volume or tmpfs for data written at run time.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker run --rm --entrypoint find app:1 / -xdev -perm -o+w ! -type l ! -path '/tmp*'\n/app/data",
          good: "$ docker run --rm --entrypoint find app:1 / -xdev -perm -o+w ! -type l ! -path '/tmp*'\n(nothing: /app/data belongs to app:app, mode 0750)",
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    if (!facts.contents) return;
    const candidates = [...facts.contents.files.values()]
      .filter((file) => isWorldWritable(file) && !SHARED_TMP_DIRS.some((dir) => isUnder(file.path, dir)) && !isAllowedPath(settings, 'no-world-writable-files', file.path))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const reported = new Map<string, { file: ImageFile; below: number }>();
    for (const file of candidates) {
      const ancestor = reportedAncestor(file.path, reported);
      if (ancestor) ancestor.below++;
      else reported.set(file.path, { file, below: 0 });
    }
    for (const { file, below } of reported.values()) {
      const what = file.type === 'directory' ? (file.mode & STICKY ? 'directory (sticky)' : 'directory') : file.mode & ANY_EXECUTE ? 'executable' : 'file';
      report({
        message: `${file.path} is a world-writable ${what}, mode ${octalMode(file.mode)}${below > 0 ? `, and so ${below === 1 ? 'is 1 entry' : `are ${below} entries`} under it` : ''}`,
        at: file.at,
        severity: severityOf(file),
        fix: { description: 'chown the path to the user that writes it and remove write access for others (chmod o-w)' },
      });
    }
  },
});

import { imageRule } from '../rule.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export default imageRule({
  meta: {
    id: 'no-stale-image',
    title: 'Image was built long ago',
    severity: 'low',
    reads: 'image',
    cis: ['4.4'],
    options: ['max-age-days'],
    docs: {
      why:
        'An image keeps the packages it was built with. Fixes published since then reach it only when it is rebuilt, so ' +
        'an image built months ago carries every vulnerability disclosed in between. Age is a cheap sign that nobody ' +
        'rebuilds it. The limit is 90 days unless `max-age-days` says otherwise. When the layers are read (`hullcheck image`), ' +
        'an image built recently on an old base is reported too: the newest change to the package database (dpkg, apk, ' +
        'rpm) tells when packages were last installed or upgraded; this also dates images whose build time was ' +
        'reset for reproducible builds.',
      fix: 'Rebuild the image regularly (with `--pull` to pick up the updated base), and remove images no longer used.',
      examples: [
        {
          kind: 'host',
          bad: "$ docker image inspect -f '{{.Created}}' app:1\n2023-01-10T08:00:00Z",
          good: "$ docker image inspect -f '{{.Created}}' app:1\n(a date within the last 90 days)",
        },
      ],
    },
  },
  check(facts, { report, settings }) {
    const daysSince = (date: Date) => Math.floor((settings.now.getTime() - date.getTime()) / DAY_MS);
    if (facts.created && daysSince(facts.created.value) > settings.maxImageAgeDays) {
      report({
        message: `image ${facts.name} was built ${daysSince(facts.created.value)} days ago (${day(facts.created.value)}), more than ${settings.maxImageAgeDays}`,
        at: facts.created.at,
        fix: { description: 'rebuild the image with --pull so it picks up current packages' },
      });
      return;
    }
    // A recent build on an old base: the packages are as old as the last install or upgrade.
    const packages = facts.contents?.newestPackageMetadata;
    const database = facts.contents?.packageDatabases[0];
    if (!packages || !database || daysSince(packages) <= settings.maxImageAgeDays) return;
    report({
      message: `image ${facts.name} last installed or upgraded packages ${daysSince(packages)} days ago (${day(packages)}), more than ${settings.maxImageAgeDays}${facts.created ? ', though the image itself is newer' : ''}`,
      at: { ...facts.at, path: database.path },
      fix: { description: 'rebuild with --pull on a current base image, or upgrade the packages in the build' },
    });
  },
});

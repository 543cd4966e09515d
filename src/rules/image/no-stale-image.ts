import { imageRule } from '../rule.js';

const DAY_MS = 24 * 60 * 60 * 1000;

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
        'rebuilds it. The limit is 90 days unless `max-age-days` says otherwise.',
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
    if (!facts.created) return;
    const days = Math.floor((settings.now.getTime() - facts.created.value.getTime()) / DAY_MS);
    if (days <= settings.maxImageAgeDays) return;
    report({
      message: `image ${facts.name} was built ${days} days ago (${facts.created.value.toISOString().slice(0, 10)}), more than ${settings.maxImageAgeDays}`,
      at: facts.created.at,
      fix: { description: 'rebuild the image with --pull so it picks up current packages' },
    });
  },
});

import type { Rule, RuleExample, RuleOption, RuleSettings } from '../rules/rule.js';

const FENCE_LANGUAGE: Record<RuleExample['kind'], string> = { dockerfile: 'dockerfile', compose: 'yaml', run: 'sh', 'daemon.json': 'json', host: 'sh' };
const KIND_LABEL: Record<RuleExample['kind'], string> = {
  dockerfile: 'Dockerfile',
  compose: 'Compose',
  run: 'docker run',
  'daemon.json': 'Daemon settings',
  host: 'Host',
};
const READS_LABEL = { container: 'containers (Compose, docker run, live containers)', build: 'Dockerfiles', host: 'the Docker host and daemon (audit)', image: 'images (hullcheck image; audit reads their configuration only)' } as const;

/** The Markdown page of one rule, generated from its meta (docs/rules/<id>.md). */
export function ruleMarkdown(rule: Rule): string {
  const { meta } = rule;
  const lines = [
    `# ${meta.id}`,
    '',
    `**${meta.title}**`,
    '',
    `| severity | applies to | CIS Docker Benchmark | same check elsewhere |`,
    `|---|---|---|---|`,
    `| ${meta.severity} | ${READS_LABEL[meta.reads]} | ${meta.cis.join(', ') || '–'} | ${equivalents(rule) || '–'} |`,
    '',
    '## Why it matters',
    '',
    meta.docs.why,
    '',
    '## How to fix it',
    '',
    meta.docs.fix,
    '',
    '## Examples',
  ];
  for (const example of meta.docs.examples) {
    const fence = FENCE_LANGUAGE[example.kind];
    if (example.settings) lines.push('', 'With this in `.hullcheck.yaml`:', '', '```yaml', settingsYaml(example.settings), '```');
    lines.push('', `${KIND_LABEL[example.kind]}, reported:`, '', `\`\`\`${fence}`, example.bad, '```');
    lines.push('', `${KIND_LABEL[example.kind]}, fixed:`, '', `\`\`\`${fence}`, example.good, '```');
  }
  if (meta.options?.length) lines.push('', '## Settings', '', 'In `.hullcheck.yaml`:', '', '```yaml', optionsYaml(meta.id, meta.options), '```');
  lines.push(
    '',
    '## Turning it off',
    '',
    `Inline, on the line before: \`# hullcheck ignore=${meta.id} reason\`. For a whole project, in \`.hullcheck.yaml\`:`,
    '',
    '```yaml',
    'rules:',
    `  ${meta.id}: off`,
    '```',
    '',
  );
  return lines.join('\n');
}

const OPTION_DOCS: Record<RuleOption, string> = {
  'allow-paths': '    # paths (globs: * within a name, ** across directories) the rule leaves alone\n    allow-paths: [/usr/local/bin/vendor-tool, /opt/vendor/**]',
  'max-age-days': '    # the limit in days (default 90)\n    max-age-days: 180',
};

function optionsYaml(id: string, options: readonly RuleOption[]): string {
  return ['rules:', `  ${id}:`, ...options.map((option) => OPTION_DOCS[option])].join('\n');
}

function settingsYaml(settings: Partial<RuleSettings>): string {
  const lists: [string, string[] | undefined][] = [
    ['trusted-registries', settings.trustedRegistries],
    ['allowed-capabilities', settings.allowedCapabilities],
  ];
  return lists
    .filter((entry): entry is [string, string[]] => entry[1] !== undefined)
    .map(([key, values]) => `${key}:\n${values.map((v) => `  - ${v}`).join('\n')}`)
    .join('\n');
}

export function equivalents(rule: Rule): string {
  const e = rule.meta.equivalents ?? {};
  return [
    e.hadolint && `hadolint ${e.hadolint}`,
    e.trivy && `Trivy ${e.trivy}`,
    e.checkov && `Checkov ${e.checkov}`,
    e.kics && `KICS ${e.kics}`,
    e.dockle && `Dockle ${e.dockle}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The rule table of the README, between its generated-content markers. */
export function ruleTable(rules: readonly Rule[]): string {
  const rows = rules.map(
    (rule) =>
      `| [\`${rule.meta.id}\`](docs/rules/${rule.meta.id}.md) | ${rule.meta.severity} | ${TABLE_READS[rule.meta.reads]} | ${rule.meta.cis.join(', ') || '–'} | ${rule.meta.title} |`,
  );
  return ['| rule | severity | reads | CIS | what it finds |', '|---|---|---|---|---|', ...rows].join('\n');
}

const TABLE_READS = { container: 'container', build: 'Dockerfile', host: 'host', image: 'image' } as const;

/** Plain-text docs for `hullcheck explain`. */
export function ruleExplanation(rule: Rule): string {
  const { meta } = rule;
  const out = [
    `${meta.id}  (${meta.severity})  ${meta.title}`,
    `applies to: ${READS_LABEL[meta.reads]}`,
    `CIS Docker Benchmark: ${meta.cis.join(', ') || 'none'}`,
  ];
  const elsewhere = equivalents(rule);
  if (elsewhere) out.push(`same check elsewhere: ${elsewhere}`);
  out.push('', 'Why it matters', indent(meta.docs.why), '', 'How to fix it', indent(meta.docs.fix));
  for (const example of meta.docs.examples) {
    out.push('', `Reported (${KIND_LABEL[example.kind]}):`, indent(example.bad), `Fixed:`, indent(example.good));
  }
  if (meta.options?.length) out.push('', 'Settings (.hullcheck.yaml)', indent(optionsYaml(meta.id, meta.options)));
  out.push('', `Suppress one finding with a comment on the line before: # hullcheck ignore=${meta.id} reason`);
  return `${out.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

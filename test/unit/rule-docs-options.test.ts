import { describe, expect, it } from 'vitest';
import { equivalents, ruleExplanation, ruleMarkdown } from '../../src/docs/rule-docs.js';
import noStaleImage from '../../src/rules/image/no-stale-image.js';
import noSetuidFiles from '../../src/rules/image/no-setuid-files.js';
import requireImageUser from '../../src/rules/image/require-image-user.js';

describe('rule docs: options and Dockle ids', () => {
  it('shows the settings a rule takes, as YAML for .hullcheck.yaml', () => {
    expect(ruleMarkdown(noSetuidFiles)).toContain(
      '## Settings\n\nIn `.hullcheck.yaml`:\n\n```yaml\nrules:\n  no-setuid-files:\n' +
        '    # paths (globs: * within a name, ** across directories) the rule leaves alone\n' +
        '    allow-paths: [/usr/local/bin/vendor-tool, /opt/vendor/**]\n```\n',
    );
    expect(ruleMarkdown(noStaleImage)).toContain('    # the limit in days (default 90)\n    max-age-days: 180\n');
    expect(ruleExplanation(noSetuidFiles)).toContain('Settings (.hullcheck.yaml)\n    rules:\n      no-setuid-files:\n');
  });

  it('has no settings section for a rule without options', () => {
    expect(ruleMarkdown(requireImageUser)).not.toContain('## Settings');
    expect(ruleExplanation(requireImageUser)).not.toContain('Settings (.hullcheck.yaml)');
  });

  it('names the Dockle check among the equivalents', () => {
    expect(equivalents(noSetuidFiles)).toBe('Dockle CIS-DI-0008');
    expect(equivalents(requireImageUser)).toBe('Dockle CIS-DI-0001');
  });
});

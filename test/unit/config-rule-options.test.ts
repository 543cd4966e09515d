import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { ConfigError } from '../../src/scan/config.js';
import { parseConfig } from '../../src/scan/config-file.js';
import { emptyConfig } from '../../src/scan/config.js';
import { ruleSettings } from '../../src/scan/findings.js';

const FILE = '.hullcheck.yaml';

function errorsOf(text: string): { line?: number; column?: number; message: string }[] {
  try {
    parseConfig(text, FILE, rules);
  } catch (error) {
    if (error instanceof ConfigError) return error.errors.map(({ line, column, message }) => ({ line, column, message }));
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('rules: <id>: allow-paths', () => {
  it('reads allow-paths of a rule that takes them, into the settings rules see', () => {
    const config = parseConfig('rules:\n  no-setuid-files:\n    allow-paths: [/usr/bin/su, " /opt/app/** "]\n    severity: medium\n', FILE, rules);
    expect(config.rules.get('no-setuid-files')).toEqual({ enabled: true, severity: 'medium', allowPaths: ['/usr/bin/su', '/opt/app/**'] });
    expect(ruleSettings(config).allowedPaths).toEqual(new Map([['no-setuid-files', ['/usr/bin/su', '/opt/app/**']]]));
  });

  it('gives rules an empty allow-list without a config', () => {
    expect(ruleSettings(emptyConfig('/')).allowedPaths).toEqual(new Map());
  });

  it('rejects allow-paths on a rule that does not take them, naming what it takes', () => {
    expect(errorsOf('rules:\n  no-privileged:\n    allow-paths: [/x]\n')).toEqual([
      { line: 3, column: 5, message: 'rule "no-privileged": unknown setting "allow-paths" (this rule takes enabled, severity)' },
    ]);
  });

  it('rejects an unknown setting, naming the settings the rule takes', () => {
    expect(errorsOf('rules:\n  no-setuid-files:\n    allow: [/x]\n')).toEqual([
      { line: 3, column: 5, message: 'rule "no-setuid-files": unknown setting "allow" (this rule takes enabled, severity, allow-paths)' },
    ]);
  });

  it('rejects allow-paths that are not a list, and relative or empty entries', () => {
    expect(errorsOf('rules:\n  no-setuid-files:\n    allow-paths: /usr/bin/su\n')).toEqual([
      { line: 3, column: 18, message: 'rule "no-setuid-files": "allow-paths" must be a list of absolute paths inside the image (globs * and ** allowed)' },
    ]);
    expect(errorsOf('rules:\n  no-setuid-files:\n    allow-paths: [usr/bin/su, "", 3]\n')).toEqual([
      { line: 3, column: 19, message: 'rule "no-setuid-files": allow-paths entries must be absolute paths inside the image, like /usr/bin/su' },
      { line: 3, column: 31, message: 'rule "no-setuid-files": allow-paths entries must be absolute paths inside the image, like /usr/bin/su' },
      { line: 3, column: 35, message: 'rule "no-setuid-files": allow-paths entries must be absolute paths inside the image, like /usr/bin/su' },
    ]);
  });

  it('still names a bad severity or enabled value', () => {
    expect(errorsOf('rules:\n  no-setuid-files:\n    severity: huge\n')).toEqual([
      { line: 3, column: 15, message: 'rule "no-setuid-files": "severity" must be one of info, low, medium, high, critical' },
    ]);
    expect(errorsOf('rules:\n  no-setuid-files:\n    enabled: maybe\n')).toEqual([{ line: 3, column: 14, message: 'rule "no-setuid-files": "enabled" must be true or false' }]);
  });
});

describe('rules: no-stale-image: max-age-days', () => {
  it('sets the age limit the rule reads', () => {
    const config = parseConfig('rules:\n  no-stale-image:\n    max-age-days: 30\n', FILE, rules);
    expect(ruleSettings(config).maxImageAgeDays).toBe(30);
    expect(ruleSettings(emptyConfig('/')).maxImageAgeDays).toBe(90);
  });

  it.each(['-1', '1.5', 'soon', '[30]'])('rejects max-age-days: %s', (value) => {
    expect(errorsOf(`rules:\n  no-stale-image:\n    max-age-days: ${value}\n`)).toEqual([
      { line: 3, column: 19, message: 'rule "no-stale-image": "max-age-days" must be a whole number of days (0 or more)' },
    ]);
  });
});

import type { Rule } from '../rules/rule.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** Emit ANSI colour (text format only). */
  color: boolean;
  /** List suppressed findings (text and json). SARIF always carries them, marked as suppressed. */
  showSuppressed: boolean;
  /** The rule catalogue: SARIF lists every one of them in `tool.driver.rules`. */
  rules: readonly Rule[];
  /**
   * The rules the run applied (the config can turn some off): JUnit makes a test
   * case of each one for every target it reads. Defaults to `rules`.
   */
  enabledRules?: readonly Rule[];
  /** Text format: only the findings and errors, no summary lines. */
  quiet?: boolean;
  /** Text format: under each finding, its fix and the path of its rule's documentation page. */
  verbose?: boolean;
  /** hullcheck's own version, e.g. `0.1.0`. */
  toolVersion: string;
  /**
   * Directory the finding paths are relative to (SARIF `%SRCROOT%`).
   * Defaults to the working directory.
   */
  srcRoot?: string;
  /**
   * Base URL of the rule documentation pages (`<base><rule-id>.md`): SARIF
   * helpUri, HTML and Markdown links, `--verbose` text. Defaults to
   * HULLCHECK_DOCS_URL, else the docs/rules/ shipped with the package.
   */
  docsUrl?: string;
}

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

import type { ScanResult } from '../scan/result.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { ReportFormat, ReportOptions } from './options.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export { REPORT_FORMATS, isReportFormat, type ReportFormat, type ReportOptions } from './options.js';
export { JSON_REPORT_VERSION, type JsonFinding, type JsonInputError, type JsonReport } from './json.js';

const RENDERERS: Record<ReportFormat, (result: ScanResult, options: ReportOptions) => string> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: (result, options) => renderHtml(result, options),
};

/** Renders a scan result in the given format. The string ends with a newline (or is empty: quiet text with nothing to say). */
export function renderReport(format: ReportFormat, result: ScanResult, options: ReportOptions): string {
  return RENDERERS[format](result, options);
}

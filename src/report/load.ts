import type { ScanResult } from '../scan/result.js';
import type { ReportFormat, ReportOptions } from './options.js';

export type ReportRenderer = (result: ScanResult, options: ReportOptions) => string;

/**
 * The renderer of one format, loaded on first use. The CLI renders one format per
 * run, so it need not load the other five (HTML carries its styles and script) at
 * start-up; `renderReport` in ./index.ts is the synchronous form for library users.
 */
export async function loadRenderer(format: ReportFormat): Promise<ReportRenderer> {
  switch (format) {
    case 'text':
      return (await import('./text.js')).renderText;
    case 'json':
      return (await import('./json.js')).renderJson;
    case 'sarif':
      return (await import('./sarif.js')).renderSarif;
    case 'junit':
      return (await import('./junit.js')).renderJunit;
    case 'markdown':
      return (await import('./markdown.js')).renderMarkdown;
    case 'html': {
      const { renderHtml } = await import('./html.js');
      return (result, options) => renderHtml(result, options);
    }
  }
}

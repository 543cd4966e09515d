import type { Severity } from '../facts/finding.js';
import { escapeHtml } from './html-escape.js';

/**
 * Severity colours. Each has a contrast ratio of at least 4.5:1 against white
 * (WCAG AA for normal text), so white badge text on them and the bars on the
 * white page both stay readable.
 */
export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#9f1239',
  high: '#b93815',
  medium: '#8a5300',
  low: '#1d4ed8',
  info: '#4b5563',
};

export interface Bar {
  label: string;
  count: number;
  severity: Severity;
}

const ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;
const LABEL_WIDTH = 240;
const BAR_AREA_WIDTH = 220;
const COUNT_WIDTH = 60;
const CHART_WIDTH = LABEL_WIDTH + BAR_AREA_WIDTH + COUNT_WIDTH;

/** A horizontal bar chart as inline SVG, drawn here so that it shows without JavaScript. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  const height = Math.max(1, bars.length) * ROW_HEIGHT;
  const description = bars.map((bar) => `${bar.label}: ${bar.count}`).join(', ');
  const rows = bars.map((bar, index) => barRow(bar, index, max)).join('');
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}">` +
    `<title>${escapeHtml(`${title}: ${description || 'none'}`)}</title>${rows}</svg>`
  );
}

function barRow(bar: Bar, index: number, max: number): string {
  const top = index * ROW_HEIGHT;
  const textY = top + ROW_HEIGHT / 2 + 4;
  // A non-zero count always gets a visible sliver of bar.
  const width = bar.count === 0 ? 0 : Math.max(2, Math.round((bar.count / max) * BAR_AREA_WIDTH));
  return (
    `<g class="bar" data-label="${escapeHtml(bar.label)}">` +
    `<text x="${LABEL_WIDTH - 8}" y="${textY}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
    `<rect x="${LABEL_WIDTH}" y="${top + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="${width}" height="${BAR_HEIGHT}" fill="${SEVERITY_COLORS[bar.severity]}"></rect>` +
    `<text x="${LABEL_WIDTH + width + 6}" y="${textY}" class="count">${bar.count}</text>` +
    `</g>`
  );
}

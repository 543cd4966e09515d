import { SEVERITIES, type Severity } from '../facts/finding.js';
import { SEVERITY_COLORS } from './html-chart.js';

function severityRules(): string {
  return SEVERITIES.map((severity: Severity) => `.sev-${severity}{background:${SEVERITY_COLORS[severity]}}`).join('\n');
}

/** The page's whole stylesheet; no web fonts or images, so nothing is fetched. */
export const HTML_STYLE = `
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:1200px;padding:1.5rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
h1{font-size:1.6rem;margin:0}
h2{font-size:1.25rem;margin:2rem 0 .75rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h4{margin:.9rem 0 .3rem;font-size:1rem}
h5{margin:.6rem 0 .2rem;font-size:.85rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.5rem .75rem;overflow-x:auto;margin:.25rem 0}
.tool{color:var(--muted);margin:.25rem 0 0}
.totals{font-size:1.1rem}
.severity-counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.5rem 0 1rem}
.severity-counts li{border:1px solid var(--line);border-radius:4px;padding:.25rem .6rem}
.charts{display:flex;flex-wrap:wrap;gap:2rem}
.charts figure{margin:0}
.charts figcaption{font-weight:600;margin-bottom:.25rem}
.chart{max-width:100%;height:auto;font-size:12px}
.chart text{fill:var(--fg)}
.sev{display:inline-block;min-width:4.8em;text-align:center;color:#fff;border-radius:3px;padding:0 .4em;font-weight:600;font-size:.85em}
${severityRules()}
.controls{display:flex;flex-wrap:wrap;gap:.75rem 1.25rem;align-items:end;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.75rem}
.controls fieldset{border:0;margin:0;padding:0;display:flex;gap:.6rem;flex-wrap:wrap}
.controls legend{font-weight:600;padding:0;margin-bottom:.2rem}
.controls label{display:flex;flex-direction:column;gap:.15rem}
.controls fieldset label{flex-direction:row;align-items:center;gap:.25rem}
.controls select,.controls input[type=search]{font:inherit;padding:.2rem .3rem;min-width:12rem}
.shown{color:var(--muted)}
table.findings{width:100%;border-collapse:collapse;table-layout:fixed}
.findings .col-severity{width:6.5rem}.findings .col-rule{width:14rem}.findings .col-location{width:16rem}
.findings th,.findings td{text-align:left;vertical-align:top;border-bottom:1px solid var(--line);padding:.35rem .5rem}
.findings th{background:var(--soft);position:sticky;top:0}
.findings th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:inherit}
.findings th[aria-sort=ascending] button::after{content:" \\25B2"}
.findings th[aria-sort=descending] button::after{content:" \\25BC"}
.findings td.loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
.findings td code{overflow-wrap:anywhere}
.findings tr.suppressed{color:var(--muted)}
.tag{border:1px solid var(--muted);border-radius:3px;padding:0 .3em;font-size:.8em;margin-left:.4em}
summary{cursor:pointer;overflow-wrap:anywhere}
.detail{padding:.25rem 0 .5rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .75rem;margin:.5rem 0}
.facts dt{font-weight:600}
.facts dd{margin:0}
.source .ln{display:inline-block;min-width:3.5em;color:var(--muted);user-select:none}
.source mark{background:#fff3bf;color:inherit;display:inline-block;min-width:100%}
.cis{font-weight:400;color:var(--muted);font-size:.85em;margin-left:.5em}
.example{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}
pre.bad{border-left:4px solid ${SEVERITY_COLORS.critical}}
pre.good{border-left:4px solid #1a7f37}
.errors li{margin:.2rem 0}
@media (max-width:800px){.example{grid-template-columns:1fr}}
@media print{
  body{max-width:none;padding:0;font-size:11px}
  .controls,.shown,.findings th button::after{display:none}
  .findings th{position:static}
  details::details-content{content-visibility:visible;display:block}
  summary{list-style:none}
  tr{break-inside:avoid}
  .sev,.charts rect{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
`;

/**
 * Filters by toggling each row's `hidden` attribute and sorts by moving the
 * existing rows: the server-rendered rows are never rebuilt, which keeps pages
 * with thousands of findings responsive. Plain ES2017, no framework.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var dataElement = document.getElementById('report-data');
  var table = document.getElementById('findings-table');
  if (!dataElement || !table) return;
  var findings = JSON.parse(dataElement.textContent);
  var tbody = table.tBodies[0];
  var items = Array.prototype.map.call(tbody.rows, function (row, index) {
    var finding = findings[index];
    var text = [finding.severity, finding.ruleId, finding.location, finding.message].join(' ').toLowerCase();
    return { row: row, finding: finding, index: index, text: text };
  });
  var controls = document.getElementById('controls');
  var severityBoxes = controls.querySelectorAll('input[name=severity]');
  var ruleSelect = document.getElementById('filter-rule');
  var targetSelect = document.getElementById('filter-target');
  var textInput = document.getElementById('filter-text');
  var visibleCount = document.getElementById('visible-count');
  controls.hidden = false;

  function checkedSeverities() {
    var checked = {};
    var any = false;
    severityBoxes.forEach(function (box) {
      if (box.checked) { checked[box.value] = true; any = true; }
    });
    return any ? checked : null;
  }

  function applyFilters() {
    var severities = checkedSeverities();
    var rule = ruleSelect.value;
    var target = targetSelect.value;
    var words = textInput.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var f = item.finding;
      var visible = (!severities || severities[f.severity] === true) &&
        (!rule || f.ruleId === rule) && (!target || f.target === target) &&
        words.every(function (word) { return item.text.indexOf(word) !== -1; });
      if (item.row.hidden === visible) item.row.hidden = !visible;
      if (visible) shown += 1;
    });
    visibleCount.textContent = String(shown);
  }

  var textTimer = 0;
  textInput.addEventListener('input', function () {
    clearTimeout(textTimer);
    textTimer = setTimeout(applyFilters, 150);
  });
  severityBoxes.forEach(function (box) { box.addEventListener('change', applyFilters); });
  ruleSelect.addEventListener('change', applyFilters);
  targetSelect.addEventListener('change', applyFilters);

  function compareText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  var comparators = {
    severity: function (a, b) { return b.finding.rank - a.finding.rank; },
    rule: function (a, b) { return compareText(a.finding.ruleId, b.finding.ruleId); },
    location: function (a, b) {
      return compareText(a.finding.target, b.finding.target) || a.finding.line - b.finding.line || a.finding.column - b.finding.column;
    },
    message: function (a, b) { return compareText(a.finding.message, b.finding.message); }
  };

  var headers = table.querySelectorAll('th[data-sort]');
  function sortBy(header) {
    var descending = header.getAttribute('aria-sort') === 'ascending';
    var compare = comparators[header.getAttribute('data-sort')];
    var sorted = items.slice().sort(function (a, b) {
      return (descending ? -compare(a, b) : compare(a, b)) || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    sorted.forEach(function (item) { fragment.appendChild(item.row); });
    tbody.appendChild(fragment);
    headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }
  headers.forEach(function (header) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = header.textContent;
    button.title = 'Sort by ' + header.textContent.toLowerCase();
    header.textContent = '';
    header.appendChild(button);
    button.addEventListener('click', function () { sortBy(header); });
  });

  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
    openedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
})();
`;

/** The HTML report's inline stylesheet and script (no network, no external files). */

export const HTML_STYLE = `
:root { color-scheme: light; --fail: #b42318; --warn: #b54708; --ok: #067647; --muted: #5d6b7e; --line: #d9dee5; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d2733; background: var(--bg); }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 0; overflow-wrap: anywhere; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 16px 0; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .n { font-size: 26px; font-weight: 650; }
.card.failing .n { color: var(--fail); } .card.warning .n { color: var(--warn); } .card.ok .n { color: var(--ok); }
.badge { display: inline-block; white-space: nowrap; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; color: #fff; vertical-align: middle; }
.badge.failing, .badge.error { background: var(--fail); } .badge.warning { background: var(--warn); } .badge.ok { background: var(--ok); }
.badge.info, .badge.recovered, .badge.unknown { background: #475467; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.controls input { flex: 1 1 240px; padding: 6px 8px; border: 1px solid #b8c0cc; border-radius: 6px; font: inherit; }
.controls select { padding: 6px; border: 1px solid #b8c0cc; border-radius: 6px; font: inherit; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
th { white-space: nowrap; }
td.mono, td .mono, .finding li.mono { overflow-wrap: anywhere; }
th button { all: unset; cursor: pointer; font-weight: 650; }
th button:focus-visible { outline: 2px solid #2e90fa; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; font-size: 10px; }
th[aria-sort="descending"] button::after { content: " \\25BC"; font-size: 10px; }
td.num, th.num { text-align: right; }
code, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 12.5px; }
.machine { border-top: 1px solid var(--line); padding: 12px 0; content-visibility: auto; contain-intrinsic-size: auto 320px; }
#machines { table-layout: fixed; }
#machines th:nth-child(1) { width: 24%; } #machines th:nth-child(2) { width: 10%; } #machines th:nth-child(3), #machines th:nth-child(4) { width: 9%; }
#machines th:nth-child(5) { width: 32%; } #machines th:nth-child(6) { width: 16%; }
.machine:first-of-type { border-top: 0; }
.finding { margin: 10px 0 0 0; padding: 8px 12px; border-left: 4px solid var(--line); background: #fafbfc; }
.finding.error { border-left-color: var(--fail); } .finding.warning { border-left-color: var(--warn); } .finding.info, .finding.recovered { border-left-color: #98a2b3; }
.finding dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0 0; }
.finding dt { color: var(--muted); } .finding dd { margin: 0; overflow-wrap: anywhere; }
.cmd { background: #eef1f5; padding: 1px 5px; border-radius: 4px; }
.timeline { width: 100%; height: auto; }
.tl-grid { stroke: #e4e7ec; } .tl-axis { fill: var(--muted); font-size: 11px; }
.tl-success { fill: #067647; } .tl-ok { fill: #75c69b; } .tl-failed { fill: #d92d20; } .tl-error { fill: #f79009; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 14px; padding: 0; margin: 6px 0 0; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.swatch.tl-success { background: #067647; } .swatch.tl-ok { background: #75c69b; } .swatch.tl-failed { background: #d92d20; } .swatch.tl-error { background: #f79009; }
.hidden { display: none; }
td.nowrap { white-space: nowrap; overflow-wrap: normal; }
`;

/** Sorting and filtering of server-rendered rows; reads data-* attributes, never writes markup. */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('machines');
  if (!table) return;
  var tbody = table.tBodies[0];
  var filter = document.getElementById('filter');
  var verdict = document.getElementById('verdict-filter');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(tbody.rows);
  var articles = Array.prototype.slice.call(document.querySelectorAll('article.machine'));
  function matches(el, text, wanted) {
    return (!wanted || el.getAttribute('data-verdict') === wanted) && (!text || (el.getAttribute('data-search') || '').indexOf(text) !== -1);
  }
  function show(el, visible) {
    if (el.classList.contains('hidden') === visible) el.classList.toggle('hidden', !visible);
  }
  function applyFilter() {
    var text = filter.value.trim().toLowerCase();
    var wanted = verdict.value;
    var visible = 0;
    rows.forEach(function (row) {
      var ok = matches(row, text, wanted);
      show(row, ok);
      // Details are in report order: article i belongs to the row with data-index i.
      var article = articles[Number(row.getAttribute('data-index'))];
      if (article) show(article, ok);
      if (ok) visible++;
    });
    shown.textContent = visible + ' of ' + rows.length + ' machines';
  }
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  function sortBy(button) {
    var th = button.parentElement;
    var key = 'data-' + button.getAttribute('data-sort');
    var numeric = button.getAttribute('data-type') === 'number';
    var ascending = th.hasAttribute('aria-sort') ? th.getAttribute('aria-sort') !== 'ascending' : button.getAttribute('data-first') !== 'descending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var keyed = rows.map(function (row) {
      var value = row.getAttribute(key) || '';
      return { row: row, value: numeric ? Number(value) : value, index: Number(row.getAttribute('data-index')) };
    });
    keyed.sort(function (a, b) {
      var order = numeric ? a.value - b.value : collator.compare(a.value, b.value);
      if (order === 0) return a.index - b.index;
      return ascending ? order : -order;
    });
    rows = keyed.map(function (k) { return k.row; });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    tbody.appendChild(fragment);
  }
  Array.prototype.forEach.call(table.querySelectorAll('th button[data-sort]'), function (button) {
    button.addEventListener('click', function () { sortBy(button); });
  });
  filter.addEventListener('input', applyFilter);
  verdict.addEventListener('change', applyFilter);
  shown.textContent = rows.length + ' of ' + rows.length + ' machines';
})();
`;

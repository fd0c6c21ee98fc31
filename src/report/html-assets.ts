/** The HTML report's inline stylesheet and script (no network, no external files). */

export const HTML_STYLE = `
:root { color-scheme: light; --fail: #b42318; --warn: #b54708; --ok: #067647; --unknown: #475467; --muted: #5d6b7e; --line: #d9dee5; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d2733; background: var(--bg); overflow-wrap: anywhere; }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 0 0 10px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 16px 0; min-width: 0; }
.muted { color: var(--muted); }
.note { background: #fff; border-left: 4px solid var(--unknown); padding: 8px 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.card .n { font-size: 26px; font-weight: 650; }
.card.failing .n { color: var(--fail); } .card.warning .n { color: var(--warn); } .card.ok .n { color: var(--ok); } .card.unknown .n { color: var(--unknown); }
.badge { display: inline-block; white-space: nowrap; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; color: #fff; vertical-align: middle; }
.badge.failing, .badge.error { background: var(--fail); } .badge.warning { background: var(--warn); } .badge.ok { background: var(--ok); }
.badge.info, .badge.recovered, .badge.unknown { background: var(--unknown); }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.controls input { flex: 1 1 220px; min-width: 0; padding: 6px 8px; border: 1px solid #b8c0cc; border-radius: 6px; font: inherit; }
.controls select, .controls button, .pager button { padding: 6px 10px; border: 1px solid #b8c0cc; border-radius: 6px; font: inherit; background: #fff; cursor: pointer; }
.causes { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.cause { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; cursor: pointer; }
.cause:hover, .cause:focus-visible { border-color: #2e90fa; }
.cause[aria-pressed="true"] { border-color: #2e90fa; background: #eff8ff; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; min-width: 0; }
/* Headers wrap, even inside a long word, rather than push a table past the page (long German or stretched labels). */
th { white-space: normal; overflow-wrap: anywhere; }
th button { all: unset; cursor: pointer; font-weight: 650; white-space: normal; }
th button:focus-visible { outline: 2px solid #2e90fa; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; font-size: 10px; }
th[aria-sort="descending"] button::after { content: " \\25BC"; font-size: 10px; }
td.num, th.num { text-align: right; }
code, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 12.5px; }
#machines { table-layout: fixed; }
#machines th:nth-child(1) { width: 14%; } #machines th:nth-child(2) { width: 9%; } #machines th:nth-child(3) { width: 16%; }
#machines th:nth-child(4) { width: 9%; } #machines th:nth-child(5) { width: 9%; } #machines th:nth-child(6) { width: 13%; }
#machines th:nth-child(7) { width: 19%; } #machines th:nth-child(8) { width: 11%; }
.open-machine { all: unset; cursor: pointer; color: #175cd3; text-decoration: underline; }
.open-machine:focus-visible { outline: 2px solid #2e90fa; }
tr.details > td { background: #fafbfc; }
.finding { margin: 10px 0 0 0; padding: 8px 12px; border-left: 4px solid var(--line); background: #fff; }
.finding.error { border-left-color: var(--fail); } .finding.warning { border-left-color: var(--warn); } .finding.info, .finding.recovered { border-left-color: #98a2b3; }
.finding dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 10px; margin: 6px 0 0; }
.finding dt { color: var(--muted); } .finding dd { margin: 0; min-width: 0; }
.finding ul { margin: 0; padding-left: 18px; }
.cmd { background: #eef1f5; padding: 1px 5px; border-radius: 4px; }
.pager { margin-top: 10px; }
.timeline { width: 100%; height: auto; }
.tl-grid { stroke: #e4e7ec; } .tl-axis { fill: var(--muted); font-size: 11px; }
.tl-success { fill: #067647; } .tl-ok { fill: #75c69b; } .tl-failed { fill: #d92d20; } .tl-error { fill: #f79009; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 0; margin: 6px 0 0; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.swatch.tl-success { background: #067647; } .swatch.tl-ok { background: #75c69b; } .swatch.tl-failed { background: #d92d20; } .swatch.tl-error { background: #f79009; }
.hidden { display: none; }
.nowrap { white-space: nowrap; }
@media (max-width: 760px) {
  header, main { padding: 0 10px; }
  section { padding: 12px; }
  .cards { grid-template-columns: repeat(auto-fit, minmax(96px, 1fr)); gap: 8px; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: auto; }
  table.stack thead { display: none; }
  table.stack tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 8px; padding: 4px 0; }
  table.stack td { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 8px; border: 0; padding: 3px 10px; text-align: left; }
  table.stack td::before { content: attr(data-label); color: var(--muted); }
  table.stack td:empty { display: none; }
  table.stack tr.details > td { display: block; }
  table.stack tr.details > td::before { content: none; }
  .finding dl { grid-template-columns: minmax(0, 1fr); }
}
`;

/**
 * Renders the machines from the JSON data block, a page at a time; filters by
 * text, verdict and cause; sorts; opens a machine's findings on demand. Only
 * textContent is set, so nothing from the logs is ever parsed as markup.
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  var table = document.getElementById('machines');
  if (!source || !table) return;
  var data = JSON.parse(source.textContent);
  var machines = data.m, groups = data.g, PAGE = 100;
  var tbody = table.tBodies[0];
  var filter = document.getElementById('filter');
  var verdict = document.getElementById('verdict-filter');
  var shown = document.getElementById('shown');
  var more = document.getElementById('more');
  var clear = document.getElementById('cause-clear');
  // the words of the page, in the report's language (see pageStrings in html.ts)
  var S = data.s, LABELS = S.columns;
  var plurals = new Intl.PluralRules(document.documentElement.lang || 'en');
  function fill(template, values) {
    return template.replace(/\\{(\\w+)\\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }
  function plural(forms, count, values) {
    return fill(forms[plurals.select(count)] || forms.other, values);
  }
  machines.forEach(function (m, i) {
    m.i = i;
    var words = [m.n, m.v, m.p, m.l, m.x, m.k, m.m, m.st];
    m.f.forEach(function (f) { var g = groups[f[0]]; words.push(g[2] || '', g[3], f[1] || g[4]); });
    m.s = words.join(' ').toLowerCase();
  });
  var order = machines.slice();
  var cause = null, visible = [], limit = PAGE;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function badge(kind, text) { return el('span', 'badge ' + kind, text || S.verdicts[kind] || kind); }

  function applyFilter() {
    var text = filter.value.trim().toLowerCase();
    var wanted = verdict.value;
    var members = cause ? new Set(data.c[cause]) : null;
    visible = order.filter(function (m) {
      return (!wanted || m.v === wanted) && (!members || members.has(m.i)) && (!text || m.s.indexOf(text) !== -1);
    });
    limit = PAGE;
    draw();
  }

  var rendered = 0;
  function draw(append) {
    var fragment = document.createDocumentFragment();
    var end = Math.min(limit, visible.length);
    if (!append) rendered = 0;
    for (var i = rendered; i < end; i++) fragment.appendChild(row(visible[i]));
    if (!append) tbody.textContent = '';
    tbody.appendChild(fragment);
    rendered = end;
    shown.textContent = fill(end < visible.length ? S.shownPaged : S.shownAll, { shown: end, matching: visible.length });
    more.classList.toggle('hidden', end >= visible.length);
    more.textContent = fill(S.showMore, { count: Math.min(PAGE, visible.length - end) });
  }

  function cell(tr, label, content, cls) {
    var td = el('td', cls);
    td.setAttribute('data-label', label);
    if (content && content.nodeType) td.appendChild(content);
    else if (content) td.textContent = content;
    tr.appendChild(td);
  }

  function row(m) {
    var tr = el('tr');
    tr.setAttribute('data-name', m.n);
    tr.setAttribute('data-verdict', m.v);
    var open = el('button', 'open-machine', m.n);
    open.type = 'button';
    open.setAttribute('aria-expanded', 'false');
    open.addEventListener('click', function () { toggle(tr, m, open); });
    cell(tr, LABELS[0], open);
    cell(tr, LABELS[1], badge(m.v));
    cell(tr, LABELS[2], m.p);
    cell(tr, LABELS[3], m.l);
    cell(tr, LABELS[4], m.x, 'nowrap');
    cell(tr, LABELS[5], m.k, 'mono');
    cell(tr, LABELS[6], m.m);
    cell(tr, LABELS[7], m.t, 'mono');
    return tr;
  }

  function toggle(tr, m, button) {
    var next = tr.nextSibling;
    if (next && next.classList && next.classList.contains('details')) {
      next.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    var detail = el('tr', 'details');
    var td = el('td');
    td.colSpan = LABELS.length;
    td.appendChild(el('p', 'status', S.status + ' ' + m.st));
    if (m.o) td.appendChild(el('p', 'note', m.o));
    else if (m.v === 'unknown') td.appendChild(el('p', 'note', data.unknownReason));
    td.appendChild(el('p', 'muted', fill(S.factsAndFiles, { facts: m.d, files: m.fl.join(' · ') })));
    if (!m.f.length) td.appendChild(el('p', 'muted', S.noFindings));
    m.f.forEach(function (f) { td.appendChild(finding(f)); });
    detail.appendChild(td);
    tr.parentNode.insertBefore(detail, tr.nextSibling);
    button.setAttribute('aria-expanded', 'true');
  }

  function finding(f) {
    var g = groups[f[0]];
    var kind = g[1] ? 'recovered' : g[0];
    var box = el('div', 'finding ' + kind);
    box.appendChild(badge(kind, S.severities[kind]));
    box.appendChild(document.createTextNode(' '));
    if (g[2]) { box.appendChild(el('code', null, g[2])); box.appendChild(document.createTextNode(' ')); }
    box.appendChild(el('strong', null, f[1] || g[4]));
    box.appendChild(document.createTextNode(' '));
    box.appendChild(el('span', 'muted mono', g[3]));
    var dl = el('dl');
    function item(label, content) {
      if (!content) return;
      dl.appendChild(el('dt', null, label));
      var dd = el('dd');
      if (content.nodeType) dd.appendChild(content); else dd.textContent = content;
      dl.appendChild(dd);
    }
    item(S.labels.cause, f[2]);
    item(S.labels.fix, g[5]);
    item(S.labels.next, g[6] ? el('code', 'cmd', g[6]) : null);
    item(S.labels.runOn, g[7] ? el('code', 'cmd', g[7]) : null);
    item(S.labels.when, f[5]);
    if (f[3].length) {
      var list = el('ul');
      f[3].forEach(function (ref) { list.appendChild(el('li', 'mono', ref)); });
      if (f[4]) list.appendChild(el('li', 'muted', plural(S.moreLines, f[4], { count: f[4] })));
      item(S.labels.evidence, list);
    }
    box.appendChild(dl);
    return box;
  }

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  function sortBy(button) {
    var th = button.parentElement;
    var key = button.getAttribute('data-sort');
    var numeric = button.getAttribute('data-type') === 'number';
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    order = machines.slice().sort(function (a, b) {
      var x = a[key], y = b[key];
      var d = numeric ? x - y : collator.compare(x, y);
      return d === 0 ? a.i - b.i : ascending ? d : -d;
    });
    applyFilter();
  }

  function chooseCause(id) {
    cause = id;
    Array.prototype.forEach.call(document.querySelectorAll('button.cause'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-cause') === cause));
    });
    clear.classList.toggle('hidden', !cause);
    applyFilter();
    if (cause) table.scrollIntoView({ block: 'start' });
  }

  Array.prototype.forEach.call(table.querySelectorAll('th button[data-sort]'), function (b) {
    b.addEventListener('click', function () { sortBy(b); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button.cause'), function (b) {
    b.addEventListener('click', function () {
      var id = b.getAttribute('data-cause');
      chooseCause(cause === id ? null : id);
    });
  });
  clear.addEventListener('click', function () { chooseCause(null); });
  more.addEventListener('click', function () { limit += PAGE; draw(true); });
  filter.addEventListener('input', applyFilter);
  verdict.addEventListener('change', applyFilter);
  order.sort(function (a, b) { return a.r - b.r || a.i - b.i; });
  applyFilter();
})();
`;

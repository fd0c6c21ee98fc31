/**
 * One self-contained HTML file for managers: fleet summary, a sortable and
 * filterable machine table, each machine's findings with evidence, and a
 * timeline. All log content is escaped on the server side; the inline script
 * only moves and hides rows, and a Content-Security-Policy allows no other script.
 */
import { createHash } from 'node:crypto';
import type { Fact } from '../model/facts.js';
import type { Finding, MachineReport, Report } from '../model/report.js';
import { countOpen, evidenceLines, namesWithMore, statusLine, topCauses, verdictRank } from './common.js';
import { formatInstant, languageTag, messageVariants, t } from '../i18n/index.js';
import { escapeHtml } from './escape.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { buildTimeline, renderTimelineSvg } from './timeline.js';

const e = escapeHtml;

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

function lastActivity(facts: readonly Fact[]): string {
  let latest = '';
  for (const fact of facts) if (fact.time && fact.time > latest) latest = fact.time;
  return latest;
}

/** `2026-10-05 08:18 UTC` (or without the zone where the column header says UTC). */
function displayTime(iso: string | null, zone = t('html.utcSuffix')): string {
  if (!iso) return '';
  const local = formatInstant(iso, 'minutes');
  if (local !== iso) return zone ? local : local.replace(/ UTC$/, '');
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, zone);
}

/** Verdict and severity words for badges; the class names stay English. */
function word(kind: 'verdict' | 'severity' | 'fileStatus', value: string): string {
  return e(t(`${kind}.${value}`));
}

function searchText(machine: MachineReport): string {
  const words = [machine.name, machine.verdict];
  for (const f of machine.findings) words.push(f.ruleId, f.code ?? '', f.title, f.cause);
  return words.join(' ').toLowerCase();
}

function renderCards(report: Report): string {
  const s = report.summary;
  const card = (n: number, label: string, cls = ''): string => `<div class="card ${cls}"><div class="n">${n}</div><div class="muted">${e(label)}</div></div>`;
  return `<section class="cards" aria-label="${e(t('html.fleetSummary'))}">${[
    card(s.machines, t('html.card.machines', { count: s.machines })),
    card(s.machinesByVerdict.failing, t('verdict.failing'), 'failing'),
    card(s.machinesByVerdict.warning, t('verdict.warning'), 'warning'),
    card(s.machinesByVerdict.unknown, t('verdict.unknown'), 'warning'),
    card(s.machinesByVerdict.ok, t('verdict.ok'), 'ok'),
    card(s.errors, t('html.card.openErrors', { count: s.errors })),
    card(s.warnings, t('html.card.openWarnings', { count: s.warnings })),
    card(s.files, t('html.card.files', { count: s.files, partial: s.filesByStatus.partial, skipped: s.filesByStatus.skipped, error: s.filesByStatus.error })),
  ].join('')}</section>`;
}

function renderTopCauses(report: Report, ruleTitles?: ReadonlyMap<string, string>): string {
  const causes = topCauses(report, ruleTitles);
  if (!causes.length) return '';
  const items = causes
    .map(
      (c) =>
        `<tr><td><span class="badge ${c.severity}">${word('severity', c.severity)}</span></td><td class="mono nowrap">${e(c.code ?? '')}</td><td>${e(c.title)} <span class="muted mono">${e(c.ruleId)}</span></td>` +
        `<td class="num">${e(t('count.machines', { count: c.machines.length }))}</td><td>${e(namesWithMore(c.machines))}</td></tr>`,
    )
    .join('');
  return `<section><h2>${e(t('html.topCauses'))}</h2><table><tbody>${items}</tbody></table></section>`;
}

function renderMachineTable(report: Report): string {
  const header = [
    ['name', 'text', t('html.column.machine'), '', 'ascending'],
    ['rank', 'number', t('html.column.verdict'), '', 'descending'],
    ['errors', 'number', t('html.column.errors'), 'num', 'descending'],
    ['warnings', 'number', t('html.column.warnings'), 'num', 'descending'],
    ['top', 'text', t('html.column.mainFinding'), '', 'ascending'],
    ['last', 'text', t('html.column.lastActivity'), '', 'descending'],
  ]
    .map(([key, type, label, cls, first]) => `<th class="${cls}"><button type="button" data-sort="${key}" data-type="${type}" data-first="${first}">${e(label!)}</button></th>`)
    .join('');
  const rows = report.machines
    .map((m, i) => {
      const counts = countOpen(m.findings);
      const top = m.findings[0];
      const topText = top ? `${top.code ? `${top.code} ` : ''}${top.title}` : '';
      const last = lastActivity(m.facts);
      return (
        `<tr data-index="${i}" data-name="${e(m.name)}" data-verdict="${m.verdict}" data-rank="${verdictRank(m.verdict)}" data-errors="${counts.error}" ` +
        `data-warnings="${counts.warning}" data-top="${e(topText)}" data-last="${e(last)}" data-search="${e(searchText(m))}">` +
        `<td><a href="#m-${i}">${e(m.name)}</a></td><td><span class="badge ${m.verdict}">${word('verdict', m.verdict)}</span></td>` +
        `<td class="num">${counts.error}</td><td class="num">${counts.warning}</td><td>${e(topText)}</td><td class="mono nowrap">${e(displayTime(last || null, ''))}</td></tr>`
      );
    })
    .join('');
  const options = ['failing', 'warning', 'unknown', 'ok'].map((v) => `<option value="${v}">${word('verdict', v)}</option>`).join('');
  const shownForms = Object.entries(messageVariants('html.shownOf', { shown: '{shown}' }))
    .map(([category, text]) => ` data-${category}="${e(text)}"`)
    .join('');
  return (
    `<section><h2>${e(t('html.machines'))}</h2><div class="controls">` +
    `<input type="search" id="filter" placeholder="${e(t('html.filterPlaceholder'))}" aria-label="${e(t('html.filterLabel'))}">` +
    `<select id="verdict-filter" aria-label="${e(t('html.column.verdict'))}"><option value="">${e(t('html.allVerdicts'))}</option>${options}</select>` +
    `<span id="shown" class="muted"${shownForms}>${e(t('count.machines', { count: report.machines.length }))}</span></div>` +
    `<table id="machines"><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

function renderFinding(f: Finding): string {
  const cls = f.recovered ? 'recovered' : f.severity;
  const badge = word('severity', f.recovered ? 'recovered' : f.severity);
  const evidence = evidenceLines(f.evidence, f.moreEvidence).map((line) => `<li class="mono">${e(line)}</li>`).join('');
  const rows = [
    [t('html.label.cause'), e(f.cause)],
    [t('html.label.fix'), e(f.resolution)],
    [t('html.label.next'), f.nextCommand ? `<code class="cmd">${e(f.nextCommand)}</code>` : ''],
    [t('html.label.runOn'), f.runOn ? `${e(f.runOn.machines.join(', '))}: <code class="cmd">${e(f.runOn.command)}</code>` : ''],
    [t('html.label.when'), e(displayTime(f.time))],
    [t('html.label.evidence'), evidence ? `<ul>${evidence}</ul>` : ''],
  ]
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${e(label!)}</dt><dd>${value}</dd>`)
    .join('');
  return (
    `<div class="finding ${cls}"><span class="badge ${cls}">${badge}</span> ` +
    `${f.code ? `<code>${e(f.code)}</code> ` : ''}<strong>${e(f.title)}</strong> <span class="muted mono">${e(f.ruleId)}</span><dl>${rows}</dl></div>`
  );
}

function factSummary(facts: readonly Fact[]): string {
  const byKind = new Map<string, number>();
  for (const fact of facts) byKind.set(fact.kind, (byKind.get(fact.kind) ?? 0) + 1);
  return [...byKind.entries()].map(([kind, n]) => `${n} ${kind}`).join(', ') || t('html.noFacts');
}

function renderMachineDetails(report: Report): string {
  const articles = report.machines
    .map((m, i) => {
      const findings = m.findings.length ? m.findings.map(renderFinding).join('') : `<p class="muted">${e(t('html.noFindings'))}</p>`;
      const files = m.files.map((f) => `<span class="mono">${e(f)}</span>`).join(' · ');
      return (
        `<article class="machine" id="m-${i}">` +
        `<h3>${e(m.name)} <span class="badge ${m.verdict}">${word('verdict', m.verdict)}</span></h3>` +
        `<p class="status">${e(statusLine(m))}</p>${m.note ? `<p class="note">${e(m.note)}</p>` : ''}` +
        `<p class="muted">${t('html.factsAndFiles', { facts: e(factSummary(m.facts)), files })}</p>${findings}</article>`
      );
    })
    .join('');
  const fleet = report.fleetFindings.length
    ? `<section><h2>${e(t('html.acrossFleet'))}</h2>${report.fleetFindings.map(renderFinding).join('')}</section>`
    : '';
  return `<section><h2>${e(t('html.findingsByMachine'))}</h2>${articles || `<p class="muted">${e(t('html.noMachines'))}</p>`}</section>${fleet}`;
}

function renderFiles(report: Report): string {
  const rows = report.files
    .map((f) => {
      const problems = f.problems
        .map((p) => e(p.message + (p.line !== undefined ? t('problem.atLine', { line: String(p.line) }) : p.byte !== undefined ? t('problem.atByte', { byte: String(p.byte) }) : '')))
        .join('<br>');
      const status = f.status === 'parsed' ? 'ok' : f.status === 'error' ? 'error' : 'warning';
      return `<tr><td class="mono">${e(f.path)}</td><td class="nowrap">${e(f.kind)}</td><td class="nowrap">${e(f.encoding ?? '')}</td><td><span class="badge ${status}">${word('fileStatus', f.status)}</span></td><td>${e(f.machine ?? '')}</td><td class="num">${f.facts}</td><td>${problems}</td></tr>`;
    })
    .join('');
  return (
    `<section><h2>${e(t('html.files'))}</h2><table><thead><tr>` +
    ['path', 'kind', 'encoding', 'status', 'machine', 'facts', 'problems'].map((c) => `<th${c === 'facts' ? ' class="num"' : ''}>${e(t(`html.fileColumn.${c}`))}</th>`).join('') +
    `</tr></thead>` +
    `<tbody>${rows}</tbody></table></section>`
  );
}

function renderInventory(report: Report): string {
  const hosts = report.inventory?.kmsHosts ?? [];
  if (!hosts.length) return '';
  const rows = hosts
    .map((use) => `<tr><td class="mono">${e(use.host)}</td><td class="num">${use.requests}</td><td class="num">${use.failed}</td><td>${e(namesWithMore(use.machines, 10))}</td></tr>`)
    .join('');
  const head = ['host', 'requests', 'failed', 'clients'].map((c) => `<th${c === 'requests' || c === 'failed' ? ' class="num"' : ''}>${e(t(`html.inventory.${c}`))}</th>`).join('');
  return `<section><h2>${e(t('html.inventory.heading'))}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function renderHtml(report: Report, ruleTitles?: ReadonlyMap<string, string>): string {
  const csp = `default-src 'none'; style-src ${cspHash(HTML_STYLE)}; script-src ${cspHash(HTML_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const s = report.summary;
  return [
    '<!DOCTYPE html>',
    `<html lang="${languageTag()}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(t('html.pageTitle', { failing: s.machinesByVerdict.failing, machines: s.machines }))}</title>`,
    `<style>${HTML_STYLE}</style></head><body>`,
    `<header><h1>${e(t('html.heading'))}</h1><p class="muted">${e(t('html.byline', { tool: `${report.tool.name} ${report.tool.version}`, machines: s.machines, files: s.files }))}</p></header>`,
    '<main>',
    renderCards(report),
    `<section><h2>${e(t('html.timeline'))}</h2>${renderTimelineSvg(buildTimeline(report))}</section>`,
    renderTopCauses(report, ruleTitles),
    renderMachineTable(report),
    renderMachineDetails(report),
    renderInventory(report),
    renderFiles(report),
    '</main>',
    `<script>${HTML_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * One self-contained HTML file for managers: fleet summary, a sortable and
 * filterable machine table, each machine's findings with evidence, and a
 * timeline. All log content is escaped on the server side; the inline script
 * only moves and hides rows, and a Content-Security-Policy allows no other script.
 */
import { createHash } from 'node:crypto';
import type { Fact } from '../model/facts.js';
import type { Finding, MachineReport, Report } from '../model/report.js';
import { countOpen, evidenceLines, namesWithMore, plural, statusLine, topCauses, verdictRank } from './common.js';
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
function displayTime(iso: string | null, zone = ' UTC'): string {
  return iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, zone) : '';
}

function searchText(machine: MachineReport): string {
  const words = [machine.name, machine.verdict];
  for (const f of machine.findings) words.push(f.ruleId, f.code ?? '', f.title, f.cause);
  return words.join(' ').toLowerCase();
}

function renderCards(report: Report): string {
  const s = report.summary;
  const card = (n: number, label: string, cls = ''): string => `<div class="card ${cls}"><div class="n">${n}</div><div class="muted">${label}</div></div>`;
  return `<section class="cards" aria-label="Fleet summary">${[
    card(s.machines, 'machines'),
    card(s.machinesByVerdict.failing, 'failing', 'failing'),
    card(s.machinesByVerdict.warning, 'warning', 'warning'),
    card(s.machinesByVerdict.unknown, 'unknown', 'warning'),
    card(s.machinesByVerdict.ok, 'ok', 'ok'),
    card(s.errors, 'open errors'),
    card(s.warnings, 'open warnings'),
    card(s.files, `files (${s.filesByStatus.partial} partial, ${s.filesByStatus.skipped} skipped, ${s.filesByStatus.error} error)`),
  ].join('')}</section>`;
}

function renderTopCauses(report: Report, ruleTitles?: ReadonlyMap<string, string>): string {
  const causes = topCauses(report, ruleTitles);
  if (!causes.length) return '';
  const items = causes
    .map(
      (c) =>
        `<tr><td><span class="badge ${c.severity}">${c.severity}</span></td><td class="mono nowrap">${e(c.code ?? '')}</td><td>${e(c.title)} <span class="muted mono">${e(c.ruleId)}</span></td>` +
        `<td class="num">${plural(c.machines.length, 'machine')}</td><td>${e(namesWithMore(c.machines))}</td></tr>`,
    )
    .join('');
  return `<section><h2>Top causes</h2><table><tbody>${items}</tbody></table></section>`;
}

function renderMachineTable(report: Report): string {
  const header = [
    ['name', 'text', 'Machine', '', 'ascending'],
    ['rank', 'number', 'Verdict', '', 'descending'],
    ['errors', 'number', 'Errors', 'num', 'descending'],
    ['warnings', 'number', 'Warnings', 'num', 'descending'],
    ['top', 'text', 'Main finding', '', 'ascending'],
    ['last', 'text', 'Last activity (UTC)', '', 'descending'],
  ]
    .map(([key, type, label, cls, first]) => `<th class="${cls}"><button type="button" data-sort="${key}" data-type="${type}" data-first="${first}">${label}</button></th>`)
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
        `<td><a href="#m-${i}">${e(m.name)}</a></td><td><span class="badge ${m.verdict}">${m.verdict}</span></td>` +
        `<td class="num">${counts.error}</td><td class="num">${counts.warning}</td><td>${e(topText)}</td><td class="mono nowrap">${e(displayTime(last || null, ''))}</td></tr>`
      );
    })
    .join('');
  const options = ['failing', 'warning', 'unknown', 'ok'].map((v) => `<option value="${v}">${v}</option>`).join('');
  return (
    `<section><h2>Machines</h2><div class="controls">` +
    `<input type="search" id="filter" placeholder="Filter by machine, code or text" aria-label="Filter machines">` +
    `<select id="verdict-filter" aria-label="Verdict"><option value="">All verdicts</option>${options}</select>` +
    `<span id="shown" class="muted">${plural(report.machines.length, 'machine')}</span></div>` +
    `<table id="machines"><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

function renderFinding(f: Finding): string {
  const cls = f.recovered ? 'recovered' : f.severity;
  const badge = f.recovered ? 'recovered' : f.severity === 'info' ? 'note' : f.severity;
  const evidence = evidenceLines(f.evidence, f.moreEvidence).map((line) => `<li class="mono">${e(line)}</li>`).join('');
  const rows = [
    ['Cause', e(f.cause)],
    ['Fix', e(f.resolution)],
    ['Next', f.nextCommand ? `<code class="cmd">${e(f.nextCommand)}</code>` : ''],
    ['Run on', f.runOn ? `${e(f.runOn.machines.join(', '))}: <code class="cmd">${e(f.runOn.command)}</code>` : ''],
    ['When', e(displayTime(f.time))],
    ['Evidence', evidence ? `<ul>${evidence}</ul>` : ''],
  ]
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${label}</dt><dd>${value}</dd>`)
    .join('');
  return (
    `<div class="finding ${cls}"><span class="badge ${cls}">${badge}</span> ` +
    `${f.code ? `<code>${e(f.code)}</code> ` : ''}<strong>${e(f.title)}</strong> <span class="muted mono">${e(f.ruleId)}</span><dl>${rows}</dl></div>`
  );
}

function factSummary(facts: readonly Fact[]): string {
  const byKind = new Map<string, number>();
  for (const fact of facts) byKind.set(fact.kind, (byKind.get(fact.kind) ?? 0) + 1);
  return [...byKind.entries()].map(([kind, n]) => `${n} ${kind}`).join(', ') || 'no facts';
}

function renderMachineDetails(report: Report): string {
  const articles = report.machines
    .map((m, i) => {
      const findings = m.findings.length ? m.findings.map(renderFinding).join('') : '<p class="muted">No findings.</p>';
      return (
        `<article class="machine" id="m-${i}">` +
        `<h3>${e(m.name)} <span class="badge ${m.verdict}">${m.verdict}</span></h3>` +
        `<p class="status">${e(statusLine(m))}</p>${m.note ? `<p class="note">${e(m.note)}</p>` : ''}` +
        `<p class="muted">Facts: ${e(factSummary(m.facts))}. Files: ${m.files.map((f) => `<span class="mono">${e(f)}</span>`).join(' · ')}</p>${findings}</article>`
      );
    })
    .join('');
  const fleet = report.fleetFindings.length
    ? `<section><h2>Across the fleet</h2>${report.fleetFindings.map(renderFinding).join('')}</section>`
    : '';
  return `<section><h2>Findings by machine</h2>${articles || '<p class="muted">No machines.</p>'}</section>${fleet}`;
}

function renderFiles(report: Report): string {
  const rows = report.files
    .map((f) => {
      const problems = f.problems.map((p) => e(p.line !== undefined ? `${p.message} (line ${p.line})` : p.byte !== undefined ? `${p.message} (byte ${p.byte})` : p.message)).join('<br>');
      const status = f.status === 'parsed' ? 'ok' : f.status === 'error' ? 'error' : 'warning';
      return `<tr><td class="mono">${e(f.path)}</td><td class="nowrap">${e(f.kind)}</td><td class="nowrap">${e(f.encoding ?? '')}</td><td><span class="badge ${status}">${f.status}</span></td><td>${e(f.machine ?? '')}</td><td class="num">${f.facts}</td><td>${problems}</td></tr>`;
    })
    .join('');
  return (
    `<section><h2>Files</h2><table><thead><tr><th>Path</th><th>Kind</th><th>Encoding</th><th>Status</th><th>Machine</th><th class="num">Facts</th><th>Problems</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></section>`
  );
}

function renderInventory(report: Report): string {
  const hosts = report.inventory?.kmsHosts ?? [];
  if (!hosts.length) return '';
  const rows = hosts
    .map((use) => `<tr><td class="mono">${e(use.host)}</td><td class="num">${use.requests}</td><td class="num">${use.failed}</td><td>${e(namesWithMore(use.machines, 10))}</td></tr>`)
    .join('');
  return `<section><h2>KMS hosts in use</h2><table><thead><tr><th>Host</th><th class="num">Requests</th><th class="num">Failed</th><th>Clients</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function renderHtml(report: Report, ruleTitles?: ReadonlyMap<string, string>): string {
  const csp = `default-src 'none'; style-src ${cspHash(HTML_STYLE)}; script-src ${cspHash(HTML_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const s = report.summary;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Activation report: ${s.machinesByVerdict.failing} failing of ${plural(s.machines, 'machine')}</title>`,
    `<style>${HTML_STYLE}</style></head><body>`,
    `<header><h1>Activation report</h1><p class="muted">${e(report.tool.name)} ${e(report.tool.version)}: ${plural(s.machines, 'machine')}, ${plural(s.files, 'file')} read</p></header>`,
    '<main>',
    renderCards(report),
    `<section><h2>Activation attempts over time</h2>${renderTimelineSvg(buildTimeline(report))}</section>`,
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

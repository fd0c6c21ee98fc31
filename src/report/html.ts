/**
 * One self-contained HTML file for people, on a desk or a phone: a header (when,
 * which version, which inputs), fleet summary, timeline, the causes (clicking
 * one filters the machines), the machines table (failing first, product,
 * license, expiry, KMS host) and the files that were not fully read.
 *
 * The machines travel as one JSON data block and the script renders a page of
 * rows at a time, and a machine's findings only when it is opened, so a
 * 10,000-machine report stays light. Log content is never parsed as markup: the
 * server escapes what it writes, the script only sets textContent, and a
 * Content-Security-Policy allows no other script.
 */
import { createHash } from 'node:crypto';
import type { Fact } from '../model/facts.js';
import type { Finding, MachineReport, Report } from '../model/report.js';
import { causeGroups, type CauseGroup } from './causes.js';
import { countOpen, evidenceLines, licenseStateLabel, namesWithMore, statusLine, topCauses, verdictCounts } from './common.js';
import { escapeHtml } from './escape.js';
import type { RenderOptions } from './formats.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { isUnknownVerdict, machineInventory } from './inventory.js';
import { joinList, languageTag, messageVariants, t, withLabel } from '../i18n/index.js';
import { buildTimeline, renderTimelineSvg } from './timeline.js';

const e = escapeHtml;

/** Evidence references kept per finding in the page; the rest are counted (all are in --format json). */
const EVIDENCE_PER_FINDING = 5;

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** `2026-10-05 08:18 UTC`. */
function displayTime(iso: string | null, zone = t('html.utcSuffix')): string {
  return iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, zone) : '';
}

/** Failing first, then warning, unknown (nothing checked), ok; report order within a verdict. */
const VERDICT_ORDER: Record<string, number> = { failing: 0, warning: 1, unknown: 2, ok: 3 };

function renderHeader(report: Report, options: RenderOptions): string {
  const s = report.summary;
  const values = {
    when: options.generatedAt ? e(displayTime(options.generatedAt)) : '',
    tool: `${e(report.tool.name)} ${e(report.tool.version)}`,
    inputs: (options.inputs ?? []).map((input) => `<span class="mono">${e(input)}</span>`).join(', '),
    machines: s.machines,
    files: s.files,
  };
  const id = options.generatedAt
    ? options.inputs?.length ? 'html.madeAtFrom' : 'html.madeAt'
    : options.inputs?.length ? 'html.madeFrom' : 'html.made';
  return `<header><h1>${e(t('html.heading'))}</h1><p class="muted">${t(id, values)}</p></header>`;
}

function renderCards(report: Report): string {
  const s = report.summary;
  const card = (n: number, label: string, cls = ''): string => `<div class="card ${cls}"><div class="n">${n}</div><div class="muted">${label}</div></div>`;
  const verdicts = verdictCounts(report).map(([verdict, n]) => card(n, e(t(`verdict.${verdict}`)), e(verdict)));
  return `<section class="cards" aria-label="${e(t('html.fleetSummary'))}">${[
    card(s.machines, e(t('html.card.machines', { count: s.machines }))),
    ...verdicts,
    card(s.errors, e(t('html.card.openErrors', { count: s.errors }))),
    card(s.warnings, e(t('html.card.openWarnings', { count: s.warnings }))),
    card(s.files, e(t('html.card.files', { count: s.files, partial: s.filesByStatus.partial, skipped: s.filesByStatus.skipped, error: s.filesByStatus.error }))),
  ].join('')}</section>`;
}

/** A line of the cause list: the report's top causes, each with an id for the filter. */
interface CauseEntry {
  id: string;
  severity: Finding['severity'];
  ruleId: string;
  code: string | null;
  title: string;
  machines: string[];
}

function renderCauses(entries: readonly CauseEntry[]): string {
  if (!entries.length) return '';
  const items = entries
    .map(
      (c) =>
        `<li><button type="button" class="cause" data-cause="${c.id}" aria-pressed="false"><span class="badge ${c.severity}">${e(t(`severity.${c.severity}`))}</span> ` +
        `<span class="mono">${e(c.code ?? c.ruleId)}</span> <span class="cause-title">${e(c.title)}</span> <span class="muted nowrap">${e(t('count.machines', { count: c.machines.length }))}</span></button></li>`,
    )
    .join('');
  return `<section><h2>${e(t('html.causes'))}</h2><p class="muted">${e(t('html.causesHint'))}</p><ul class="causes">${items}</ul></section>`;
}

/** Sort key, sort type, and the message id of the column's heading. */
const COLUMNS: [key: string, type: 'text' | 'number', label: string][] = [
  ['n', 'text', 'machine'],
  ['r', 'number', 'verdict'],
  ['p', 'text', 'product'],
  ['l', 'text', 'license'],
  ['x', 'text', 'expires'],
  ['k', 'text', 'kmsHost'],
  ['m', 'text', 'mainFinding'],
  ['t', 'text', 'lastActivity'],
];

function renderMachineTable(report: Report): string {
  const header = COLUMNS.map(
    ([key, type, label]) => `<th scope="col"><button type="button" data-sort="${key}" data-type="${type}">${e(t(`html.column.${label}`))}</button></th>`,
  ).join('');
  const options = ['failing', 'warning', 'unknown', 'ok'].map((v) => `<option value="${v}">${e(t(`verdict.${v}`))}</option>`).join('');
  return (
    `<section><h2>${e(t('html.machines'))}</h2><div class="controls">` +
    `<input type="search" id="filter" placeholder="${e(t('html.filterPlaceholder'))}" aria-label="${e(t('html.filterLabel'))}">` +
    `<select id="verdict-filter" aria-label="${e(t('html.column.verdict'))}"><option value="">${e(t('html.allVerdicts'))}</option>${options}</select>` +
    `<button type="button" id="cause-clear" class="hidden">${e(t('html.showAllCauses'))}</button>` +
    `<span id="shown" class="muted" aria-live="polite">${e(t('count.machines', { count: report.machines.length }))}</span></div>` +
    `<noscript><p>${t('html.noScript', { command: '<code>--format csv --rows machines</code>' })}</p></noscript>` +
    `<table id="machines" class="stack"><thead><tr>${header}</tr></thead><tbody></tbody></table>` +
    `<div class="pager"><button type="button" id="more" class="hidden">${e(t('html.showMore'))}</button></div></section>`
  );
}

function renderFinding(f: Finding): string {
  const cls = f.recovered ? 'recovered' : f.severity;
  const badge = e(t(`severity.${f.recovered ? 'recovered' : f.severity}`));
  const evidence = evidenceLines(f.evidence, f.moreEvidence).map((line) => `<li class="mono">${e(line)}</li>`).join('');
  const rows = [
    ['cause', e(f.cause)],
    ['fix', e(f.resolution)],
    ['next', f.nextCommand ? `<code class="cmd">${e(f.nextCommand)}</code>` : ''],
    ['runOn', f.runOn ? `${e(f.runOn.machines.join(', '))}: <code class="cmd">${e(f.runOn.command)}</code>` : ''],
    ['machines', e((f.machines ?? []).join(', '))],
    ['when', e(displayTime(f.time))],
    ['evidence', evidence ? `<ul>${evidence}</ul>` : ''],
  ]
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${e(t(`html.label.${label}`))}</dt><dd>${value}</dd>`)
    .join('');
  return (
    `<div class="finding ${cls}"><span class="badge ${cls}">${badge}</span> ` +
    `${f.code ? `<code>${e(f.code)}</code> ` : ''}<strong>${e(f.title)}</strong> <span class="muted mono">${e(f.ruleId)}</span><dl>${rows}</dl></div>`
  );
}

/** Fleet findings shown in full; the rest are counted by rule (their machines are in the cause filter). */
const FLEET_FINDINGS_SHOWN = 20;

function renderFleet(report: Report): string {
  if (!report.fleetFindings.length) return '';
  const shown = report.fleetFindings.slice(0, FLEET_FINDINGS_SHOWN).map(renderFinding).join('');
  const rest = new Map<string, number>();
  for (const finding of report.fleetFindings.slice(FLEET_FINDINGS_SHOWN)) rest.set(finding.ruleId, (rest.get(finding.ruleId) ?? 0) + 1);
  const more = rest.size
    ? `<p class="muted">${t('html.fleetMore', {
        rules: [...rest].map(([ruleId, n]) => t('html.fleetMoreRule', { count: n, rule: `<span class="mono">${e(ruleId)}</span>` })).join(', '),
        json: '<code>--format json</code>',
      })}</p>`
    : '';
  return `<section><h2>${e(t('html.acrossFleet'))}</h2>${shown}${more}</section>`;
}

/** Only files that were not fully read are listed (a fleet's parsed files are in each machine's details). */
function renderFiles(report: Report): string {
  const s = report.summary.filesByStatus;
  const unread = report.files.filter((f) => f.status !== 'parsed');
  const intro = `<p class="muted">${e(t('html.filesIntro', { count: report.files.length, parsed: s.parsed, partial: s.partial, skipped: s.skipped, error: s.error }))}</p>`;
  if (!unread.length) return `<section><h2>${e(t('html.files'))}</h2>${intro}</section>`;
  const label = (column: string): string => e(t(`html.fileColumn.${column}`));
  const rows = unread
    .map((f) => {
      const problems = f.problems
        .map((p) => e(p.message + (p.line !== undefined ? t('problem.atLine', { line: String(p.line) }) : p.byte !== undefined ? t('problem.atByte', { byte: String(p.byte) }) : '')))
        .join('<br>');
      const status = f.status === 'error' ? 'error' : 'warning';
      return (
        `<tr><td data-label="${label('path')}" class="mono">${e(f.path)}</td><td data-label="${label('kind')}">${e(t(`fileKind.${f.kind}`))}</td><td data-label="${label('encoding')}">${e(f.encoding ?? '')}</td>` +
        `<td data-label="${label('status')}"><span class="badge ${status}">${e(t(`fileStatus.${f.status}`))}</span></td><td data-label="${label('machine')}">${e(f.machine ?? '')}</td>` +
        `<td data-label="${label('facts')}" class="num">${f.facts}</td><td data-label="${label('problems')}">${problems}</td></tr>`
      );
    })
    .join('');
  return (
    `<section><h2>${e(t('markdown.filesNotRead'))}</h2>${intro}<table id="files" class="stack"><thead><tr>` +
    ['path', 'kind', 'encoding', 'status', 'machine', 'facts', 'problems'].map((c) => `<th${c === 'facts' ? ' class="num"' : ''}>${label(c)}</th>`).join('') +
    `</tr></thead>` +
    `<tbody>${rows}</tbody></table></section>`
  );
}

function renderInventory(report: Report): string {
  const hosts = report.inventory?.kmsHosts ?? [];
  if (!hosts.length) return '';
  const label = (column: string): string => e(t(`html.inventory.${column}`));
  const rows = hosts
    .map(
      (use) =>
        `<tr><td data-label="${label('host')}" class="mono">${e(use.host)}</td><td data-label="${label('requests')}" class="num">${use.requests}</td>` +
        `<td data-label="${label('failed')}" class="num">${use.failed}</td><td data-label="${label('clients')}">${e(namesWithMore(use.machines, 10))}</td></tr>`,
    )
    .join('');
  const head = ['host', 'requests', 'failed', 'clients'].map((c) => `<th${c === 'requests' || c === 'failed' ? ' class="num"' : ''}>${label(c)}</th>`).join('');
  return `<section><h2>${e(t('html.inventory.heading'))}</h2><table id="hosts" class="stack"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

function factSummary(facts: readonly Fact[]): string {
  const byKind = new Map<string, number>();
  for (const fact of facts) byKind.set(fact.kind, (byKind.get(fact.kind) ?? 0) + 1);
  return [...byKind.entries()].map(([kind, n]) => `${n} ${kind}`).join(', ') || t('html.noFacts');
}

/** The page's data: short keys, shared texts once per cause group. */
interface PageData {
  /** Cause groups: severity, recovered, code, rule, title, fix, next command. */
  g: [string, boolean, string | null, string, string, string, string | null, string | null][];
  /** Cause filter id → machine indexes. */
  c: Record<string, number[]>;
  m: PageMachine[];
  unknownReason: string;
  /** The words the script writes, in the report's language. */
  s: PageStrings;
}

interface PageStrings {
  columns: string[];
  verdicts: Record<string, string>;
  severities: Record<string, string>;
  labels: Record<'cause' | 'fix' | 'next' | 'runOn' | 'when' | 'evidence', string>;
  status: string;
  factsAndFiles: string;
  noFindings: string;
  shownAll: string;
  shownPaged: string;
  showMore: string;
  /** Plural forms by category, `{count}` in each. */
  moreLines: Record<string, string>;
}

function pageStrings(total: number): PageStrings {
  const words = (prefix: string, keys: readonly string[]): Record<string, string> => Object.fromEntries(keys.map((key) => [key, t(`${prefix}.${key}`)]));
  return {
    columns: COLUMNS.map(([, , label]) => t(`html.column.${label}`)),
    verdicts: words('verdict', ['failing', 'warning', 'unknown', 'ok']),
    severities: words('severity', ['error', 'warning', 'info', 'recovered']),
    labels: words('html.label', ['cause', 'fix', 'next', 'runOn', 'when', 'evidence']) as PageStrings['labels'],
    status: t('label.status'),
    factsAndFiles: t('html.factsAndFiles', { facts: '{facts}', files: '{files}' }),
    noFindings: t('html.noFindings'),
    shownAll: t('html.shownOf', { shown: '{matching}', total }),
    shownPaged: t('html.shownPaged', { shown: '{shown}', matching: '{matching}', total }),
    showMore: t('html.showCount', { count: '{count}' }),
    moreLines: messageVariants('text.moreLines'),
  };
}

interface PageMachine {
  n: string;
  v: string;
  /** Verdict order: failing first. */
  r: number;
  p: string;
  l: string;
  x: string;
  k: string;
  /** Main finding: the first, as the report orders them. */
  m: string;
  t: string;
  e: number;
  w: number;
  /** Facts by kind and files, for the details. */
  d: string;
  /** What the evidence says about activation; why the verdict is unknown. */
  st: string;
  o: string;
  fl: string[];
  /** Findings: group index, own title (when it differs), cause, evidence, more evidence, time. */
  f: [number, string | null, string, string[], number, string][];
}

function pageData(report: Report, groups: readonly CauseGroup[], causes: readonly CauseEntry[]): PageData {
  const groupIndex = new Map<Finding, number>();
  groups.forEach((group, index) => group.members.forEach((member) => groupIndex.set(member.finding, index)));
  const machineIndex = new Map(report.machines.map((m, i) => [m.name, i]));
  const upper = new Map(report.machines.map((m, i) => [m.name.toUpperCase(), i]));
  const machines = report.machines.map((machine: MachineReport): PageMachine => {
    const inventory = machineInventory(machine);
    const counts = countOpen(machine.findings);
    const top = machine.findings[0];
    return {
      n: machine.name,
      v: machine.verdict,
      r: VERDICT_ORDER[machine.verdict] ?? 2,
      p: inventory.product ?? '',
      l: inventory.licenseState ? licenseStateLabel(inventory.licenseState) : '',
      x: inventory.expiry ?? '',
      k: inventory.kmsHost ?? '',
      m: top ? `${top.code ? `${top.code} ` : ''}${top.title}` : '',
      t: displayTime(inventory.lastActivity, ''),
      e: counts.error,
      w: counts.warning,
      d: factSummary(machine.facts),
      st: statusLine(machine),
      o: machine.note ?? '',
      fl: machine.files,
      f: machine.findings.map((finding) => {
        const index = groupIndex.get(finding)!;
        const group = groups[index]!;
        const lines = evidenceLines(finding.evidence, finding.moreEvidence);
        return [index, finding.title === group.title ? null : finding.title, finding.cause, lines.slice(0, EVIDENCE_PER_FINDING), Math.max(0, lines.length - EVIDENCE_PER_FINDING), displayTime(finding.time)];
      }),
    };
  });
  const filters: Record<string, number[]> = {};
  for (const cause of causes) {
    filters[cause.id] = cause.machines.map((name) => machineIndex.get(name) ?? upper.get(name.toUpperCase())).filter((i): i is number => i !== undefined);
  }
  return {
    g: groups.map((g) => [g.severity, g.recovered, g.code, g.ruleId, g.title, g.resolution, g.nextCommand, g.runOn ? withLabel(joinList(g.runOn.machines), g.runOn.command) : null]),
    c: filters,
    m: machines,
    unknownReason: t('status.unknownReason'),
    s: pageStrings(report.machines.length),
  };
}

/** JSON inside <script type="application/json">: nothing in it can close the element or open a comment. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderHtml(report: Report, options: RenderOptions = { color: false }): string {
  const csp = `default-src 'none'; style-src ${cspHash(HTML_STYLE)}; script-src ${cspHash(HTML_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const s = report.summary;
  const groups = causeGroups(report);
  const causes: CauseEntry[] = topCauses(report, options.ruleTitles).map((cause, i) => ({ ...cause, id: `s${i + 1}` }));
  const unknown = report.machines.filter((m) => isUnknownVerdict(m.verdict)).length;
  return [
    '<!DOCTYPE html>',
    `<html lang="${languageTag()}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(t('html.pageTitle', { failing: s.machinesByVerdict.failing, machines: s.machines }))}</title>`,
    `<style>${HTML_STYLE}</style></head><body>`,
    renderHeader(report, options),
    '<main>',
    renderCards(report),
    unknown ? `<p class="note">${e(t('html.unknownNote', { count: unknown, reason: t('status.unknownReason') }))}</p>` : '',
    `<section><h2>${e(t('html.timeline'))}</h2>${renderTimelineSvg(buildTimeline(report))}</section>`,
    renderCauses(causes),
    renderMachineTable(report),
    renderFleet(report),
    renderInventory(report),
    renderFiles(report),
    '</main>',
    `<script type="application/json" id="report-data">${jsonForScript(pageData(report, groups, causes))}</script>`,
    `<script>${HTML_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

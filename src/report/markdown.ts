/**
 * Markdown for pull-request and issue comments: the summary first (verdict
 * counts, each cause with its machines), then per-machine details folded in
 * <details>, within GitHub's 65,536-character limit. When the whole report does
 * not fit, it ends with what was left out and how to get all of it.
 * Everything from the logs is escaped.
 */
import type { Finding, MachineReport, Report } from '../model/report.js';
import { evidenceLines, openCountParts, namesWithMore, statusLine, topCauses, verdictCounts, verdictRank } from './common.js';
import { joinList, languageTag, t } from '../i18n/index.js';
import type { RenderOptions } from './formats.js';

/** Inline text: no markup, links, HTML, mentions or table breaks survive; newlines become spaces. */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\\`*_[\]|~@]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // GitHub links bare URLs and www. names by itself: a zero-width space keeps them text
    .replace(/:\/\//g, ':&#8203;//')
    .replace(/\b(www)\./gi, '$1&#8203;.');
}

/**
 * A code span that holds any backticks: the fence is longer than the longest run
 * inside. In a table cell a pipe must be escaped even inside the span (GFM).
 */
export function codeSpan(value: string, inTable = false): string {
  const oneLine = value.replace(/[\r\n\u2028\u2029]+/g, ' ');
  const flat = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

const SEVERITY_ICON: Record<Finding['severity'], string> = { error: '🔴', warning: '🟡', info: 'ℹ️' };
const VERDICT_ICON: Record<string, string> = { failing: '🔴', warning: '🟡', ok: '✅', unknown: '❔' };

function severityBadge(severity: Finding['severity']): string {
  return `${SEVERITY_ICON[severity]} ${t(`severity.${severity}`)}`;
}

function verdictBadge(verdict: string): string {
  const icon = VERDICT_ICON[verdict];
  return icon ? `${icon} ${t(`verdict.${verdict}`)}` : verdict;
}

/** GitHub refuses comments over 65,536 characters; the budget leaves room for the footer and a quoting bot. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const BUDGET = 60_000;
const NAMES_PER_CAUSE = 20;
const CAUSE_ROWS = 40;
const EVIDENCE_PER_FINDING = 3;

/** Text inside raw HTML (`<summary>`): markup escaped, mentions defused, one line. */
function htmlText(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029\u0000-\u001f\u007f]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}

function badgeOf(finding: Finding): string {
  return finding.recovered ? `✅ ${t('severity.recovered')}` : severityBadge(finding.severity);
}

function renderFinding(finding: Finding): string[] {
  const code = finding.code ? `${codeSpan(finding.code)} ` : '';
  const lines = [`- **${badgeOf(finding)}** ${code}${escapeMarkdown(finding.title)} (${codeSpan(finding.ruleId)})`];
  lines.push(`  - ${t('markdown.label.cause')} ${escapeMarkdown(finding.cause)}`);
  if (finding.resolution) lines.push(`  - ${t('markdown.label.fix')} ${escapeMarkdown(finding.resolution)}`);
  if (finding.nextCommand) lines.push(`  - ${t('markdown.label.next')} ${codeSpan(finding.nextCommand)}`);
  if (finding.runOn) lines.push(`  - ${t('markdown.runOn', { machines: escapeMarkdown(finding.runOn.machines.join(', ')) })} ${codeSpan(finding.runOn.command)}`);
  if (finding.evidence.length) {
    const all = evidenceLines(finding.evidence, finding.moreEvidence);
    const shown = all.slice(0, EVIDENCE_PER_FINDING).map((line) => codeSpan(line));
    const list = shown.join(', ');
    lines.push(`  - ${t('markdown.label.evidence')} ${all.length > shown.length ? t('markdown.andMore', { items: list, count: all.length - shown.length }) : list}`);
  }
  return lines;
}

function namesCell(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_PER_CAUSE).map(escapeMarkdown).join(', ');
  return names.length > NAMES_PER_CAUSE ? t('markdown.andMore', { items: shown, count: names.length - NAMES_PER_CAUSE }) : shown;
}

function summaryBlock(report: Report): string[] {
  const s = report.summary;
  const f = s.filesByStatus;
  const out = [`## ${t('markdown.heading')}`, '', `| ${t('markdown.column.verdict')} | ${t('markdown.column.machines')} |`, '|---|---:|'];
  for (const [verdict, count] of verdictCounts(report)) out.push(`| ${verdictBadge(verdict)} | ${count} |`);
  out.push(`| **${t('markdown.total')}** | **${s.machines}** |`, '');
  out.push(
    t('markdown.totals', { errors: s.errors, warnings: s.warnings, parsed: f.parsed, partial: f.partial, skipped: f.skipped, error: f.error }),
    '',
  );
  return out;
}

function causesBlock(report: Report, ruleTitles?: ReadonlyMap<string, string>): string[] {
  const rows = topCauses(report, ruleTitles);
  if (!rows.length) return [];
  const columns = ['severity', 'code', 'cause', 'machines'].map((column) => t(`markdown.causeColumn.${column}`));
  const out = [`### ${t('markdown.causes')}`, '', `| ${columns.join(' | ')} |`, '|---|---|---|---|'];
  for (const row of rows.slice(0, CAUSE_ROWS)) {
    out.push(`| ${severityBadge(row.severity)} | ${codeSpan(row.code ?? row.ruleId, true)} | ${escapeMarkdown(row.title)} | ${namesCell(row.machines)} |`);
  }
  if (rows.length > CAUSE_ROWS) out.push('', t('markdown.moreCauses', { count: rows.length - CAUSE_ROWS }));
  out.push('');
  return out;
}

function findingCounts(findings: readonly Finding[]): string {
  return joinList(openCountParts(findings)) || t('markdown.recoveredOnly');
}

function machineBlock(machine: MachineReport): string {
  const summary = `<summary><b>${htmlText(machine.name)}</b>${t('punctuation.labelSeparator')}${htmlText(joinList([t(`verdict.${machine.verdict}`), findingCounts(machine.findings)]))}</summary>`;
  const status = `${t('label.status')} ${escapeMarkdown(statusLine(machine))}`;
  const note = machine.note ? ['', `_${escapeMarkdown(machine.note)}_`] : [];
  return ['<details>', summary, '', status, ...note, '', ...machine.findings.flatMap(renderFinding), '', '</details>', ''].join('\n');
}

function hostsBlock(report: Report): string {
  const hosts = report.inventory?.kmsHosts ?? [];
  if (!hosts.length) return '';
  const columns = ['host', 'requests', 'failed', 'clients'].map((column) => t(`html.inventory.${column}`));
  const out = [`### ${t('html.inventory.heading')}`, '', `| ${columns.join(' | ')} |`, '|---|---:|---:|---|'];
  for (const use of hosts) out.push(`| ${escapeMarkdown(use.host)} | ${use.requests} | ${use.failed} | ${escapeMarkdown(namesWithMore(use.machines))} |`);
  return `\n${out.join('\n')}\n`;
}

function fleetBlock(report: Report): string {
  const summary = `<summary><b>${htmlText(t('html.acrossFleet'))}</b>${t('punctuation.labelSeparator')}${findingCounts(report.fleetFindings)}</summary>`;
  return ['<details>', summary, '', ...report.fleetFindings.flatMap(renderFinding), '', '</details>', ''].join('\n');
}

function filesBlock(report: Report): string {
  const unread = report.files.filter((x) => x.status !== 'parsed');
  if (!unread.length) return '';
  const columns = ['file', 'status', 'problem'].map((column) => t(`markdown.fileColumn.${column}`));
  const out = [`### ${t('markdown.filesNotRead')}`, '', `| ${columns.join(' | ')} |`, '|---|---|---|'];
  for (const file of unread) {
    const problems = file.problems.map((p) => escapeMarkdown(p.line !== undefined ? p.message + t('problem.atLine', { line: String(p.line) }) : p.message)).join('<br>');
    out.push(`| ${codeSpan(file.path, true)} | ${t(`fileStatus.${file.status}`)} | ${problems} |`);
  }
  return `\n${out.join('\n')}\n`;
}

/** The same command again, writing the html report: what to run for everything. */
function fullReportHint(options: Pick<RenderOptions, 'command'>): string {
  const quote = (arg: string): string => (/^[\w./:\\=*?-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  const command = options.command?.length ? options.command.map(quote).join(' ') : 'scan <paths>';
  return codeSpan(`activation-doctor ${command} --format html -o report.html`);
}

interface Block {
  text: string;
  /** What the footer says was left out when this block does not fit. */
  leftOut: 'machine' | string;
}

export function renderMarkdown(report: Report, options: Pick<RenderOptions, 'command' | 'ruleTitles'> = {}): string {
  // Machines with something to say, failing ones first, so the budget goes to them.
  const detailed = report.machines
    .map((machine, index) => ({ machine, index }))
    .filter(({ machine }) => machine.findings.length > 0 || machine.note)
    .sort((a, b) => (verdictRank(b.machine.verdict) || 0) - (verdictRank(a.machine.verdict) || 0) || a.index - b.index);
  const blocks: Block[] = detailed.map(({ machine }) => ({ text: machineBlock(machine), leftOut: 'machine' }));
  if (report.fleetFindings.length) blocks.push({ text: fleetBlock(report), leftOut: t('markdown.leftOut.fleet') });
  const hosts = hostsBlock(report);
  if (hosts) blocks.push({ text: hosts, leftOut: t('markdown.leftOut.hosts') });
  const files = filesBlock(report);
  if (files) blocks.push({ text: files, leftOut: t('markdown.leftOut.files') });

  let out = [...summaryBlock(report), ...causesBlock(report, options.ruleTitles)].join('\n');
  if (detailed.length || report.fleetFindings.length) out += `\n### ${t('markdown.details')}\n\n`;
  let kept = 0;
  for (const block of blocks) {
    if (out.length + block.text.length > BUDGET) break;
    out += block.text;
    kept++;
  }
  const left = blocks.slice(kept);
  if (left.length) {
    const machinesLeft = left.filter((block) => block.leftOut === 'machine').length;
    const what = [machinesLeft ? t('markdown.leftOut.machines', { count: machinesLeft }) : '', ...left.filter((b) => b.leftOut !== 'machine').map((b) => b.leftOut)]
      .filter(Boolean)
      .join(t('punctuation.listSeparator'));
    out += `\n---\n${t('markdown.notShown', { limit: GITHUB_COMMENT_LIMIT.toLocaleString(languageTag()), what, command: fullReportHint(options), file: '`--format markdown -o report.md`' })}\n`;
  }
  return out;
}

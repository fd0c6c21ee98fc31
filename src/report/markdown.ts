/**
 * Markdown for pull-request and issue comments: the summary first (verdict
 * counts, each cause with its machines), then per-machine details folded in
 * <details>, within GitHub's 65,536-character limit. When the whole report does
 * not fit, it ends with what was left out and how to get all of it.
 * Everything from the logs is escaped.
 */
import type { Finding, MachineReport, Report } from '../model/report.js';
import { countOpen, evidenceLines, namesWithMore, plural, statusLine, topCauses, verdictCounts, verdictRank } from './common.js';
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

const SEVERITY_BADGE: Record<Finding['severity'], string> = { error: '🔴 error', warning: '🟡 warning', info: 'ℹ️ note' };
const VERDICT_BADGE: Record<string, string> = { failing: '🔴 failing', warning: '🟡 warning', ok: '✅ ok', unknown: '❔ unknown' };

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
  return finding.recovered ? '✅ recovered' : SEVERITY_BADGE[finding.severity];
}

function renderFinding(finding: Finding): string[] {
  const code = finding.code ? `${codeSpan(finding.code)} ` : '';
  const lines = [`- **${badgeOf(finding)}** ${code}${escapeMarkdown(finding.title)} (${codeSpan(finding.ruleId)})`];
  lines.push(`  - Cause: ${escapeMarkdown(finding.cause)}`);
  if (finding.resolution) lines.push(`  - Fix: ${escapeMarkdown(finding.resolution)}`);
  if (finding.nextCommand) lines.push(`  - Next: ${codeSpan(finding.nextCommand)}`);
  if (finding.runOn) lines.push(`  - Run on ${escapeMarkdown(finding.runOn.machines.join(', '))}: ${codeSpan(finding.runOn.command)}`);
  if (finding.evidence.length) {
    const all = evidenceLines(finding.evidence, finding.moreEvidence);
    const shown = all.slice(0, EVIDENCE_PER_FINDING).map((line) => codeSpan(line));
    lines.push(`  - Evidence: ${shown.join(', ')}${all.length > shown.length ? ` and ${all.length - shown.length} more` : ''}`);
  }
  return lines;
}

function namesCell(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_PER_CAUSE).map(escapeMarkdown).join(', ');
  return names.length > NAMES_PER_CAUSE ? `${shown} and ${names.length - NAMES_PER_CAUSE} more` : shown;
}

function summaryBlock(report: Report): string[] {
  const s = report.summary;
  const f = s.filesByStatus;
  const out = ['## activation-doctor report', '', '| Verdict | Machines |', '|---|---:|'];
  for (const [verdict, count] of verdictCounts(report)) out.push(`| ${VERDICT_BADGE[verdict] ?? verdict} | ${count} |`);
  out.push(`| **total** | **${s.machines}** |`, '');
  out.push(
    `**Open findings**: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}. ` +
      `**Files**: ${f.parsed} parsed, ${f.partial} partial, ${f.skipped} skipped, ${f.error} error.`,
    '',
  );
  return out;
}

function causesBlock(report: Report, ruleTitles?: ReadonlyMap<string, string>): string[] {
  const rows = topCauses(report, ruleTitles);
  if (!rows.length) return [];
  const out = ['### Causes', '', '| Severity | Code | Cause | Machines |', '|---|---|---|---|'];
  for (const row of rows.slice(0, CAUSE_ROWS)) {
    out.push(`| ${SEVERITY_BADGE[row.severity]} | ${codeSpan(row.code ?? row.ruleId, true)} | ${escapeMarkdown(row.title)} | ${namesCell(row.machines)} |`);
  }
  if (rows.length > CAUSE_ROWS) out.push('', `${rows.length - CAUSE_ROWS} more causes are in the full report.`);
  out.push('');
  return out;
}

function findingCounts(findings: readonly Finding[]): string {
  const c = countOpen(findings);
  const parts = [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : '', c.info ? plural(c.info, 'note') : ''].filter(Boolean);
  return parts.join(', ') || 'recovered only';
}

function machineBlock(machine: MachineReport): string {
  const summary = `<summary><b>${htmlText(machine.name)}</b>: ${htmlText(machine.verdict)}, ${findingCounts(machine.findings)}</summary>`;
  const status = `Status: ${escapeMarkdown(statusLine(machine))}`;
  const note = machine.note ? ['', `_${escapeMarkdown(machine.note)}_`] : [];
  return ['<details>', summary, '', status, ...note, '', ...machine.findings.flatMap(renderFinding), '', '</details>', ''].join('\n');
}

function hostsBlock(report: Report): string {
  const hosts = report.inventory?.kmsHosts ?? [];
  if (!hosts.length) return '';
  const out = ['### KMS hosts in use', '', '| Host | Requests | Failed | Clients |', '|---|---:|---:|---|'];
  for (const use of hosts) out.push(`| ${escapeMarkdown(use.host)} | ${use.requests} | ${use.failed} | ${escapeMarkdown(namesWithMore(use.machines))} |`);
  return `\n${out.join('\n')}\n`;
}

function fleetBlock(report: Report): string {
  const summary = `<summary><b>Across the fleet</b>: ${findingCounts(report.fleetFindings)}</summary>`;
  return ['<details>', summary, '', ...report.fleetFindings.flatMap(renderFinding), '', '</details>', ''].join('\n');
}

function filesBlock(report: Report): string {
  const unread = report.files.filter((x) => x.status !== 'parsed');
  if (!unread.length) return '';
  const out = ['### Files not fully read', '', '| File | Status | Problem |', '|---|---|---|'];
  for (const file of unread) {
    const problems = file.problems.map((p) => escapeMarkdown(p.line !== undefined ? `${p.message} (line ${p.line})` : p.message)).join('<br>');
    out.push(`| ${codeSpan(file.path, true)} | ${file.status} | ${problems} |`);
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
  if (report.fleetFindings.length) blocks.push({ text: fleetBlock(report), leftOut: 'the fleet findings' });
  const hosts = hostsBlock(report);
  if (hosts) blocks.push({ text: hosts, leftOut: 'the KMS hosts in use' });
  const files = filesBlock(report);
  if (files) blocks.push({ text: files, leftOut: 'the list of files not fully read' });

  let out = [...summaryBlock(report), ...causesBlock(report, options.ruleTitles)].join('\n');
  if (detailed.length || report.fleetFindings.length) out += '\n### Details\n\n';
  let kept = 0;
  for (const block of blocks) {
    if (out.length + block.text.length > BUDGET) break;
    out += block.text;
    kept++;
  }
  const left = blocks.slice(kept);
  if (left.length) {
    const machinesLeft = left.filter((block) => block.leftOut === 'machine').length;
    const what = [machinesLeft ? `the details of ${plural(machinesLeft, 'machine')}` : '', ...left.filter((b) => b.leftOut !== 'machine').map((b) => b.leftOut)]
      .filter(Boolean)
      .join(', ');
    out +=
      `\n---\n**Not shown** to stay under GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en')}-character comment limit: ${what}. ` +
      `The full report: ${fullReportHint(options)} (or \`--format markdown -o report.md\` for a file).\n`;
  }
  return out;
}

/** Markdown for tickets and pull-request comments; everything from the logs is escaped. */
import type { Finding, Report } from '../model/report.js';
import { countOpen, evidenceLines, namesWithMore, plural, statusLine, topCauses } from './common.js';

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

function renderFinding(finding: Finding): string[] {
  const badge = finding.recovered ? '✅ recovered' : SEVERITY_BADGE[finding.severity];
  const code = finding.code ? `${codeSpan(finding.code)} ` : '';
  const lines = [`- **${badge}** ${code}${escapeMarkdown(finding.title)} (${codeSpan(finding.ruleId)})`];
  lines.push(`  - Cause: ${escapeMarkdown(finding.cause)}`);
  if (finding.resolution) lines.push(`  - Fix: ${escapeMarkdown(finding.resolution)}`);
  if (finding.nextCommand) lines.push(`  - Next: ${codeSpan(finding.nextCommand)}`);
  if (finding.runOn) lines.push(`  - Run on ${escapeMarkdown(finding.runOn.machines.join(', '))}: ${codeSpan(finding.runOn.command)}`);
  if (finding.evidence.length) lines.push(`  - Evidence: ${evidenceLines(finding.evidence, finding.moreEvidence).map((line) => codeSpan(line)).join(', ')}`);
  return lines;
}

function counts(findings: readonly Finding[]): string {
  const c = countOpen(findings);
  return `${c.error} | ${c.warning} | ${c.info}`;
}

export function renderMarkdown(report: Report, ruleTitles?: ReadonlyMap<string, string>): string {
  const s = report.summary;
  const v = s.machinesByVerdict;
  const f = s.filesByStatus;
  const out: string[] = ['## activation-doctor report', ''];
  out.push(
    `**${plural(s.machines, 'machine')}**: ${v.failing} failing, ${v.warning} warning, ${v.unknown} unknown, ${v.ok} ok. ` +
      `**Open findings**: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}. ` +
      `**Files**: ${f.parsed} parsed, ${f.partial} partial, ${f.skipped} skipped, ${f.error} error.`,
    '',
  );
  if (report.machines.length) {
    out.push('| Machine | Verdict | Status | Errors | Warnings | Notes |', '|---|---|---|---:|---:|---:|');
    for (const m of report.machines) out.push(`| ${escapeMarkdown(m.name)} | ${m.verdict} | ${escapeMarkdown(statusLine(m))} | ${counts(m.findings)} |`);
    out.push('');
  }
  const causes = topCauses(report, ruleTitles);
  if (causes.length) {
    out.push('### Top causes', '');
    for (const c of causes) {
      const code = c.code ? `${codeSpan(c.code)} ` : '';
      out.push(`- ${code}${escapeMarkdown(c.title)} (${codeSpan(c.ruleId)}): ${plural(c.machines.length, 'machine')}, ${escapeMarkdown(namesWithMore(c.machines))}`);
    }
    out.push('');
  }
  for (const m of report.machines.filter((x) => x.findings.length || x.note)) {
    out.push(`### ${escapeMarkdown(m.name)}: ${m.verdict}`, '');
    if (m.note) out.push(`_${escapeMarkdown(m.note)}_`, '');
    for (const finding of m.findings) out.push(...renderFinding(finding));
    out.push('');
  }
  if (report.fleetFindings.length) {
    out.push('### Fleet', '');
    for (const finding of report.fleetFindings) out.push(...renderFinding(finding));
    out.push('');
  }
  const hosts = report.inventory?.kmsHosts ?? [];
  if (hosts.length) {
    out.push('### KMS hosts in use', '', '| Host | Requests | Failed | Clients |', '|---|---:|---:|---|');
    for (const use of hosts) out.push(`| ${escapeMarkdown(use.host)} | ${use.requests} | ${use.failed} | ${escapeMarkdown(namesWithMore(use.machines))} |`);
    out.push('');
  }
  const unread = report.files.filter((x) => x.status !== 'parsed');
  if (unread.length) {
    out.push('### Files not fully read', '', '| File | Status | Problem |', '|---|---|---|');
    for (const file of unread) {
      const problems = file.problems.map((p) => escapeMarkdown(p.line !== undefined ? `${p.message} (line ${p.line})` : p.message)).join('<br>');
      out.push(`| ${codeSpan(file.path, true)} | ${file.status} | ${problems} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

/** Markdown for tickets and pull-request comments; everything from the logs is escaped. */
import type { Finding, Report } from '../model/report.js';
import { countOpen, evidenceLines, namesWithMore, statusLine, topCauses } from './common.js';
import { t } from '../i18n/index.js';

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

function renderFinding(finding: Finding): string[] {
  const badge = finding.recovered ? `✅ ${t('severity.recovered')}` : `${SEVERITY_ICON[finding.severity]} ${t(`severity.${finding.severity}`)}`;
  const code = finding.code ? `${codeSpan(finding.code)} ` : '';
  const lines = [`- **${escapeMarkdown(badge)}** ${code}${escapeMarkdown(finding.title)} (${codeSpan(finding.ruleId)})`];
  lines.push(`  - ${t('markdown.label.cause')} ${escapeMarkdown(finding.cause)}`);
  if (finding.resolution) lines.push(`  - ${t('markdown.label.fix')} ${escapeMarkdown(finding.resolution)}`);
  if (finding.nextCommand) lines.push(`  - ${t('markdown.label.next')} ${codeSpan(finding.nextCommand)}`);
  if (finding.runOn) lines.push(`  - ${t('markdown.runOn', { machines: escapeMarkdown(finding.runOn.machines.join(', ')) })} ${codeSpan(finding.runOn.command)}`);
  if (finding.evidence.length) lines.push(`  - ${t('markdown.label.evidence')} ${evidenceLines(finding.evidence, finding.moreEvidence).map((line) => codeSpan(line)).join(', ')}`);
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
  const out: string[] = [`## ${t('markdown.heading')}`, ''];
  out.push(
    t('markdown.summary', {
      machines: s.machines,
      failing: v.failing,
      warning: v.warning,
      unknown: v.unknown,
      ok: v.ok,
      errors: s.errors,
      warnings: s.warnings,
      parsed: f.parsed,
      partial: f.partial,
      skipped: f.skipped,
      error: f.error,
    }),
    '',
  );
  if (report.machines.length) {
    const columns = ['machine', 'verdict', 'status', 'errors', 'warnings', 'notes'].map((c) => t(`markdown.column.${c}`));
    out.push(`| ${columns.join(' | ')} |`, '|---|---|---|---:|---:|---:|');
    for (const m of report.machines) out.push(`| ${escapeMarkdown(m.name)} | ${t(`verdict.${m.verdict}`)} | ${escapeMarkdown(statusLine(m))} | ${counts(m.findings)} |`);
    out.push('');
  }
  const causes = topCauses(report, ruleTitles);
  if (causes.length) {
    out.push(`### ${t('markdown.topCauses')}`, '');
    for (const c of causes) {
      const code = c.code ? `${codeSpan(c.code)} ` : '';
      out.push(`- ${code}${escapeMarkdown(c.title)} (${codeSpan(c.ruleId)}): ${t('count.machines', { count: c.machines.length })}, ${escapeMarkdown(namesWithMore(c.machines))}`);
    }
    out.push('');
  }
  for (const m of report.machines.filter((x) => x.findings.length || x.note)) {
    out.push(`### ${escapeMarkdown(m.name)}: ${t(`verdict.${m.verdict}`)}`, '');
    if (m.note) out.push(`_${escapeMarkdown(m.note)}_`, '');
    for (const finding of m.findings) out.push(...renderFinding(finding));
    out.push('');
  }
  if (report.fleetFindings.length) {
    out.push(`### ${t('markdown.fleet')}`, '');
    for (const finding of report.fleetFindings) out.push(...renderFinding(finding));
    out.push('');
  }
  const hosts = report.inventory?.kmsHosts ?? [];
  if (hosts.length) {
    const columns = ['host', 'requests', 'failed', 'clients'].map((c) => t(`html.inventory.${c}`));
    out.push(`### ${t('html.inventory.heading')}`, '', `| ${columns.join(' | ')} |`, '|---|---:|---:|---|');
    for (const use of hosts) out.push(`| ${escapeMarkdown(use.host)} | ${use.requests} | ${use.failed} | ${escapeMarkdown(namesWithMore(use.machines))} |`);
    out.push('');
  }
  const unread = report.files.filter((x) => x.status !== 'parsed');
  if (unread.length) {
    const columns = ['file', 'status', 'problem'].map((c) => t(`markdown.fileColumn.${c}`));
    out.push(`### ${t('markdown.filesNotRead')}`, '', `| ${columns.join(' | ')} |`, '|---|---|---|');
    for (const file of unread) {
      const problems = file.problems.map((p) => escapeMarkdown(p.line !== undefined ? p.message + t('problem.atLine', { line: String(p.line) }) : p.message)).join('<br>');
      out.push(`| ${codeSpan(file.path, true)} | ${t(`fileStatus.${file.status}`)} | ${problems} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

/** The report for a person at a terminal: per machine, then fleet, then a summary. */
import type { Finding, Report, Severity, Verdict } from '../model/report.js';
import { countBySeverity, formatEvidence, sortedFindings, topCauses } from './common.js';
import { currentLanguage, t } from '../i18n/index.js';
import { displayWidth, padToWidth, wrapText } from '../i18n/width.js';

export interface TextOptions {
  color: boolean;
  width?: number;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', green: '\u001b[32m', cyan: '\u001b[36m' };
type Style = keyof typeof ANSI;

const LABEL_WIDTH = 13;
const MIN_WIDTH = 40;

const CONTROL_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Log content must not move the cursor, recolour the terminal or reorder what is
 * shown: control characters and bidirectional overrides become visible escapes.
 */
export function terminalSafe(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => CONTROL_NAMES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`);
}

/** Greedy word wrap by display width (CJK breaks between characters); words longer than the line (paths, URLs) stay whole. */
export function wrap(text: string, width: number): string[] {
  return wrapText(text, width);
}

function upper(text: string): string {
  return text.toLocaleUpperCase(currentLanguage() === 'qps' ? 'en' : currentLanguage());
}

/** A severity or verdict word in the label column, at least one space before the text. */
function labelCell(word: string): string {
  return padToWidth(word, Math.max(LABEL_WIDTH - 2, displayWidth(word) + 1));
}

class Painter {
  constructor(private readonly color: boolean) {}
  paint(text: string, ...styles: Style[]): string {
    if (!this.color || styles.length === 0) return text;
    return styles.map((s) => ANSI[s]).join('') + text + ANSI.reset;
  }
  severity(severity: Severity, recovered: boolean): string {
    if (recovered) return this.paint(labelCell(t('text.severity.recovered')), 'dim');
    const style: Style = severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'cyan';
    return this.paint(labelCell(t(`text.severity.${severity}`)), style, 'bold');
  }
  verdict(verdict: Verdict): string {
    const style: Style = verdict === 'failing' ? 'red' : verdict === 'warning' ? 'yellow' : 'green';
    return this.paint(upper(t(`verdict.${verdict}`)), style, 'bold');
  }
}

/** `label` then `text` wrapped under itself, all indented by `indent`. */
function labelled(indent: string, label: string, text: string, width: number): string[] {
  const pad = ' '.repeat(displayWidth(label));
  return wrap(terminalSafe(text), Math.max(MIN_WIDTH / 2, width - indent.length - displayWidth(label))).map(
    (line, i) => `${indent}${i === 0 ? label : pad}${line}`,
  );
}

function renderFinding(finding: Finding, paint: Painter, width: number): string[] {
  const indent = ' '.repeat(LABEL_WIDTH);
  const id = finding.code ? `${finding.code} ` : '';
  const heading = wrap(`${id}${terminalSafe(finding.title)} [${terminalSafe(finding.ruleId)}]`, width - LABEL_WIDTH);
  const lines = [`  ${paint.severity(finding.severity, finding.recovered)}${paint.paint(heading[0] ?? '', 'bold')}`];
  for (const rest of heading.slice(1)) lines.push(indent + rest);
  const label = findingLabels();
  lines.push(...labelled(indent, label.cause, finding.cause, width));
  if (finding.resolution) lines.push(...labelled(indent, label.fix, finding.resolution, width));
  // Commands are never wrapped, so they can be copied as they are.
  if (finding.nextCommand) lines.push(`${indent}${label.next}${paint.paint(terminalSafe(finding.nextCommand), 'cyan')}`);
  finding.evidence.forEach((ref, i) => {
    lines.push(`${indent}${i === 0 ? label.seen : ' '.repeat(displayWidth(label.seen))}${terminalSafe(formatEvidence(ref))}`);
  });
  return lines;
}

/** `Cause: `, `Fix:   `, … padded to one column in the language in force. */
function findingLabels(): { cause: string; fix: string; next: string; seen: string } {
  const words = { cause: t('label.cause'), fix: t('label.fix'), next: t('label.next'), seen: t('label.seen') };
  const column = Math.max(...Object.values(words).map(displayWidth)) + 1;
  return {
    cause: padToWidth(words.cause, column),
    fix: padToWidth(words.fix, column),
    next: padToWidth(words.next, column),
    seen: padToWidth(words.seen, column),
  };
}

function findingCounts(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = [
    counts.error ? t('count.errors', { count: counts.error }) : '',
    counts.warning ? t('count.warnings', { count: counts.warning }) : '',
    counts.info ? t('count.notes', { count: counts.info }) : '',
  ].filter(Boolean);
  const recovered = findings.filter((f) => f.recovered).length;
  if (recovered) parts.push(t('count.recovered', { count: recovered }));
  return parts.length ? parts.join(t('punctuation.listSeparator')) : t('count.noFindings');
}

function renderSummary(report: Report, paint: Painter, width: number): string[] {
  const s = report.summary;
  const v = s.machinesByVerdict;
  const lines = [paint.paint(t('text.summary'), 'bold')];
  lines.push(`  ${t('text.summaryMachines', { machines: s.machines, failing: v.failing, warning: v.warning, ok: v.ok })}`);
  lines.push(`  ${t('text.summaryOpenFindings', { errors: s.errors, warnings: s.warnings, notes: s.infos })}`);
  const causes = topCauses(report);
  if (causes.length) {
    lines.push(`  ${t('text.topCauses')}`);
    const counts = causes.map((cause) => t('count.machines', { count: cause.machines }));
    const countWidth = Math.max(11, ...counts.map(displayWidth));
    causes.forEach((cause, i) => {
      const head = `    ${padToWidth(counts[i]!, countWidth)} ${terminalSafe(cause.key)} `;
      const title = wrap(terminalSafe(cause.title), Math.max(20, width - displayWidth(head)));
      lines.push(head + title[0], ...title.slice(1).map((rest) => ' '.repeat(displayWidth(head)) + rest));
    });
  }
  const f = s.filesByStatus;
  lines.push(`  ${t('text.summaryFiles', { files: s.files, parsed: f.parsed, partial: f.partial, skipped: f.skipped, error: f.error })}`);
  const statusWords = report.files.filter((x) => x.status !== 'parsed').map((file) => t(`fileStatus.${file.status}`));
  const statusWidth = Math.max(8, ...statusWords.map(displayWidth));
  report.files.filter((x) => x.status !== 'parsed').forEach((file, i) => {
    lines.push(`    ${padToWidth(statusWords[i]!, statusWidth)} ${terminalSafe(file.path)}`);
    for (const problem of file.problems) {
      const where = problem.line !== undefined ? t('problem.atLine', { line: String(problem.line) }) : problem.byte !== undefined ? t('problem.atByte', { byte: String(problem.byte) }) : '';
      lines.push(...labelled('             ', '', problem.message + where, width));
    }
  });
  return lines;
}

export function renderText(report: Report, opts: TextOptions): string {
  const width = Math.max(MIN_WIDTH, opts.width ?? 80);
  const paint = new Painter(opts.color);
  const lines: string[] = [];
  for (const machine of report.machines) {
    lines.push(`${paint.paint(terminalSafe(machine.name), 'bold')}  ${paint.verdict(machine.verdict)}  ${findingCounts(machine.findings)}`);
    for (const finding of sortedFindings(machine.findings)) lines.push(...renderFinding(finding, paint, width));
    lines.push('');
  }
  if (report.fleetFindings.length) {
    lines.push(`${paint.paint(t('text.fleet'), 'bold')}  ${findingCounts(report.fleetFindings)}`);
    for (const finding of sortedFindings(report.fleetFindings)) lines.push(...renderFinding(finding, paint, width));
    lines.push('');
  }
  if (report.machines.length === 0) lines.push(t('text.noMachines'), '');
  lines.push(...renderSummary(report, paint, width));
  return `${lines.join('\n')}\n`;
}

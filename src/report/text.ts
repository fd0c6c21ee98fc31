/** The report for a person at a terminal: per machine, then fleet, then a summary. */
import type { Finding, Report, Severity, Verdict } from '../model/report.js';
import { countOpen, evidenceLines, namesWithMore, plural, statusLine, topCauses } from './common.js';

export interface TextOptions {
  color: boolean;
  width?: number;
  /** The rules' own titles, for the top causes. */
  ruleTitles?: ReadonlyMap<string, string>;
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

/** Greedy word wrap; words longer than the line (paths, URLs) stay whole. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (line === '') line = word;
    else if ([...line].length + 1 + [...word].length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

class Painter {
  constructor(private readonly color: boolean) {}
  paint(text: string, ...styles: Style[]): string {
    if (!this.color || styles.length === 0) return text;
    return styles.map((s) => ANSI[s]).join('') + text + ANSI.reset;
  }
  severity(severity: Severity, recovered: boolean): string {
    if (recovered) return this.paint('RECOVERED'.padEnd(LABEL_WIDTH - 2), 'dim');
    const style: Style = severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'cyan';
    return this.paint(severity.toUpperCase().padEnd(LABEL_WIDTH - 2), style, 'bold');
  }
  verdict(verdict: Verdict): string {
    const style: Style = verdict === 'failing' ? 'red' : verdict === 'warning' || verdict === 'unknown' ? 'yellow' : 'green';
    return this.paint(verdict.toUpperCase(), style, 'bold');
  }
}

/** `label` then `text` wrapped under itself, all indented by `indent`. */
function labelled(indent: string, label: string, text: string, width: number): string[] {
  const pad = ' '.repeat(label.length);
  return wrap(terminalSafe(text), Math.max(MIN_WIDTH / 2, width - indent.length - label.length)).map(
    (line, i) => `${indent}${i === 0 ? label : pad}${line}`,
  );
}

function renderFinding(finding: Finding, paint: Painter, width: number): string[] {
  const indent = ' '.repeat(LABEL_WIDTH);
  const id = finding.code ? `${finding.code} ` : '';
  const heading = wrap(`${id}${terminalSafe(finding.title)} [${terminalSafe(finding.ruleId)}]`, width - LABEL_WIDTH);
  const lines = [`  ${paint.severity(finding.severity, finding.recovered)}${paint.paint(heading[0] ?? '', 'bold')}`];
  for (const rest of heading.slice(1)) lines.push(indent + rest);
  lines.push(...labelled(indent, 'Cause: ', finding.cause, width));
  if (finding.resolution) lines.push(...labelled(indent, 'Fix:   ', finding.resolution, width));
  // Commands are never wrapped, so they can be copied as they are.
  if (finding.nextCommand) lines.push(`${indent}Next:  ${paint.paint(terminalSafe(finding.nextCommand), 'cyan')}`);
  if (finding.runOn) {
    lines.push(...labelled(indent, 'Run on ', `${finding.runOn.machines.join(', ')}:`, width));
    lines.push(`${indent}       ${paint.paint(terminalSafe(finding.runOn.command), 'cyan')}`);
  }
  evidenceLines(finding.evidence, finding.moreEvidence).forEach((line, i) => {
    lines.push(`${indent}${i === 0 ? 'Seen:  ' : '       '}${terminalSafe(line)}`);
  });
  return lines;
}

function findingCounts(findings: readonly Finding[]): string {
  const counts = countOpen(findings);
  const parts = [
    counts.error ? plural(counts.error, 'error') : '',
    counts.warning ? plural(counts.warning, 'warning') : '',
    counts.info ? plural(counts.info, 'note') : '',
  ].filter(Boolean);
  const recovered = findings.filter((f) => f.recovered).length;
  if (recovered) parts.push(`${recovered} recovered`);
  return parts.length ? parts.join(', ') : 'no findings';
}

function renderSummary(report: Report, paint: Painter, width: number, ruleTitles?: ReadonlyMap<string, string>): string[] {
  const s = report.summary;
  const v = s.machinesByVerdict;
  const lines = [paint.paint('Summary', 'bold')];
  lines.push(`  Machines: ${s.machines} (${v.failing} failing, ${v.warning} warning, ${v.unknown} unknown, ${v.ok} ok)`);
  lines.push(`  Open findings: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'note')}; ${s.recovered} recovered`);
  const causes = topCauses(report, ruleTitles);
  if (causes.length) {
    lines.push('  Top causes:');
    for (const cause of causes) {
      const head = `    ${plural(cause.machines.length, 'machine').padEnd(11)} `;
      const text = `${cause.code ? `${cause.code} ` : ''}${cause.title} [${cause.ruleId}]: ${namesWithMore(cause.machines)}`;
      const title = wrap(terminalSafe(text), Math.max(20, width - head.length));
      lines.push(head + title[0], ...title.slice(1).map((t) => ' '.repeat(head.length) + t));
    }
  }
  for (const use of report.inventory?.kmsHosts ?? []) {
    if (use === report.inventory!.kmsHosts[0]) lines.push('  KMS hosts in use:');
    const text = `${use.host}: ${plural(use.requests, 'request')} from ${plural(use.clients, 'client')}, ${use.failed} failed (${namesWithMore(use.machines)})`;
    lines.push(...labelled('    ', '', text, width));
  }
  const f = s.filesByStatus;
  lines.push(`  Files: ${s.files} (${f.parsed} parsed, ${f.partial} partial, ${f.skipped} skipped, ${f.error} error)`);
  for (const file of report.files.filter((x) => x.status !== 'parsed')) {
    lines.push(`    ${file.status.padEnd(8)} ${terminalSafe(file.path)}`);
    for (const problem of file.problems) {
      const where = problem.line !== undefined ? ` (line ${problem.line})` : problem.byte !== undefined ? ` (byte ${problem.byte})` : '';
      lines.push(...labelled('             ', '', problem.message + where, width));
    }
  }
  return lines;
}

export function renderText(report: Report, opts: TextOptions): string {
  const width = Math.max(MIN_WIDTH, opts.width ?? 80);
  const paint = new Painter(opts.color);
  const lines: string[] = [];
  for (const machine of report.machines) {
    lines.push(`${paint.paint(terminalSafe(machine.name), 'bold')}  ${paint.verdict(machine.verdict)}  ${findingCounts(machine.findings)}`);
    lines.push(...labelled('  ', 'Status: ', statusLine(machine), width));
    if (machine.note) lines.push(...labelled('  ', 'Note:   ', machine.note, width));
    for (const finding of machine.findings) lines.push(...renderFinding(finding, paint, width));
    lines.push('');
  }
  if (report.fleetFindings.length) {
    lines.push(`${paint.paint('Fleet', 'bold')}  ${findingCounts(report.fleetFindings)}`);
    for (const finding of report.fleetFindings) lines.push(...renderFinding(finding, paint, width));
    lines.push('');
  }
  if (report.machines.length === 0) lines.push('No machines found in the evidence.', '');
  lines.push(...renderSummary(report, paint, width, opts.ruleTitles));
  return `${lines.join('\n')}\n`;
}

/**
 * The report for a person at a terminal: one line per machine, then each cause
 * once with its machines (and what differs between them), the fleet, a summary.
 */
import type { Finding, MachineReport, Report, Severity, Verdict } from '../model/report.js';
import { causeGroups, type CauseGroup } from './causes.js';
import { countOpen, evidenceLines, formatEvidence, namesWithMore, plural, statusLine, topCauses } from './common.js';

export interface TextOptions {
  color: boolean;
  width?: number;
  /** The rules' own titles, for the top causes. */
  ruleTitles?: ReadonlyMap<string, string>;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', yellow: '\u001b[33m', green: '\u001b[32m', cyan: '\u001b[36m' };
type Style = keyof typeof ANSI;

const LABEL_WIDTH = 13;
/** Machine names longer than this go on a line of their own in a cause. */
const LONG_NAME = 16;
/** Up to this many ok machines without findings are listed by name. */
const QUIET_MACHINES_LISTED = 20;
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
    // anything else (`unknown`: no activation evidence) is not painted as healthy
    const style: Style = verdict === 'failing' ? 'red' : verdict === 'warning' ? 'yellow' : verdict === 'ok' ? 'green' : 'dim';
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

/** Evidence references shown per machine in a cause; the rest are counted (all of them are in `--format json`). */
const SEEN_PER_MACHINE = 3;

/** Evidence, one line each (never wrapped: paths are copied), runs collapsed, the rest counted. */
function seenLines(finding: Finding): string[] {
  const lines = evidenceLines(finding.evidence, finding.moreEvidence).map(terminalSafe);
  if (lines.length === 0) return ['no file evidence'];
  return lines.length > SEEN_PER_MACHINE + 1 ? [...lines.slice(0, SEEN_PER_MACHINE), `and ${lines.length - SEEN_PER_MACHINE} more lines (all in --format json)`] : lines;
}

function machineLines(machine: MachineReport, nameWidth: number, paint: Painter, width: number): string[] {
  const keys = [...new Set(machine.findings.map((f) => f.code ?? f.ruleId))].map(terminalSafe);
  const name = terminalSafe(machine.name).padEnd(nameWidth);
  const verdict = machine.verdict.toUpperCase().padEnd(9);
  const head = `  ${name}  ${verdict}${findingCounts(machine.findings)}`;
  const painted = `  ${paint.paint(name, 'bold')}  ${paint.verdict(machine.verdict)}${verdict.slice(machine.verdict.length)}${findingCounts(machine.findings)}`;
  if (!keys.length) return [painted];
  const joined = keys.join(', ');
  if ([...head].length + 2 + [...joined].length <= width) return [`${painted}  ${joined}`];
  const indent = ' '.repeat(4 + Math.min(nameWidth, 12));
  return [painted, ...wrap(joined, width - indent.length).map((line) => indent + line)];
}

function renderCause(group: CauseGroup, paint: Painter, width: number): string[] {
  const indent = ' '.repeat(LABEL_WIDTH);
  const id = group.code ? `${group.code} ` : '';
  const heading = wrap(`${id}${group.sameTitle ? terminalSafe(group.title) : ''} [${terminalSafe(group.ruleId)}]`, width - LABEL_WIDTH);
  const lines = [`${paint.severity(group.severity, group.recovered)}  ${paint.paint(heading[0] ?? '', 'bold')}`];
  for (const rest of heading.slice(1)) lines.push(indent + rest);
  const names = group.members.map((m) => terminalSafe(m.machine));
  lines.push(...labelled(indent, `${plural(names.length, 'machine')}: `, names.join(', '), width));
  if (group.sameCause) lines.push(...labelled(indent, 'Cause: ', group.cause, width));
  const nameWidth = Math.min(24, Math.max(...names.map((n) => [...n].length)));
  const longNames = nameWidth > LONG_NAME;
  for (const { machine, finding, ownCause } of group.members) {
    // a long name gets a line of its own, so what follows keeps its width
    if (longNames) lines.push(`${indent}${terminalSafe(machine)}`);
    const label = longNames ? '  ' : `${terminalSafe(machine).padEnd(nameWidth)}  `;
    const pad = ' '.repeat([...label].length);
    const own: string[] = [];
    if (!group.sameTitle) own.push(...labelled('', '', finding.title, width - LABEL_WIDTH - label.length));
    if (ownCause) own.push(...labelled('', 'Cause: ', ownCause, width - LABEL_WIDTH - label.length));
    own.push(...seenLines(finding).map((ref, i) => `${i === 0 ? 'Seen:  ' : '       '}${ref}`));
    own.forEach((line, i) => lines.push(`${indent}${i === 0 ? label : pad}${line}`));
  }
  // what every member's cause says, once, after the parts that differ
  if (!group.sameCause && group.cause) lines.push(...labelled(indent, 'For all: ', group.cause, width));
  if (group.resolution) lines.push(...labelled(indent, 'Fix:   ', group.resolution, width));
  // Commands are never wrapped, so they can be copied as they are.
  if (group.nextCommand) lines.push(`${indent}Next:  ${paint.paint(terminalSafe(group.nextCommand), 'cyan')}`);
  if (group.runOn) {
    lines.push(...labelled(indent, 'Run on ', `${group.runOn.machines.join(', ')}:`, width));
    lines.push(`${indent}       ${paint.paint(terminalSafe(group.runOn.command), 'cyan')}`);
  }
  return lines;
}

export function renderText(report: Report, opts: TextOptions): string {
  const width = Math.max(MIN_WIDTH, opts.width ?? 80);
  const paint = new Painter(opts.color);
  const lines: string[] = [];
  const nameWidth = Math.min(24, Math.max(0, ...report.machines.map((m) => [...terminalSafe(m.name)].length)));
  if (report.machines.length) {
    lines.push(paint.paint('Machines', 'bold'));
    // a fleet's healthy machines without findings are counted, not listed: the terminal is for what needs doing
    const quiet = report.machines.filter((m) => m.verdict === 'ok' && m.findings.length === 0);
    const listQuiet = quiet.length <= QUIET_MACHINES_LISTED;
    for (const machine of report.machines) {
      if (!listQuiet && machine.verdict === 'ok' && machine.findings.length === 0) continue;
      lines.push(...machineLines(machine, nameWidth, paint, width));
      // what the evidence says about activation, first thing for every machine listed
      lines.push(...labelled('      ', 'Status: ', statusLine(machine), width));
      if (machine.note) lines.push(...labelled('      ', 'Note:   ', machine.note, width));
    }
    if (!listQuiet) lines.push(`  and ${plural(quiet.length, 'machine')} ok with no findings (listed by --format csv --rows machines)`);
    lines.push('');
  }
  const groups = causeGroups(report);
  if (groups.length) {
    lines.push(paint.paint('Causes (each once, with its machines)', 'bold'));
    for (const group of groups) lines.push(...renderCause(group, paint, width), '');
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

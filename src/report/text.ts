/**
 * The report for a person at a terminal: one line per machine, then each cause
 * once with its machines (and what differs between them), the fleet, a summary.
 */
import type { Finding, MachineReport, Report, Severity, Verdict } from '../model/report.js';
import { causeGroups, type CauseGroup } from './causes.js';
import { evidenceLines, openCountParts, namesWithMore, statusLine, topCauses } from './common.js';
import { currentLanguage, joinList, t, withLabel } from '../i18n/index.js';
import { displayWidth, padToWidth, wrapText } from '../i18n/width.js';

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

/** `Cause: `, `Fix:   `, … padded to one column in the language in force. */
function findingLabels(): { cause: string; fix: string; next: string; seen: string; runOn: string } {
  const words = { cause: t('label.cause'), fix: t('label.fix'), next: t('label.next'), seen: t('label.seen'), runOn: t('label.runOn') };
  const column = Math.max(...Object.values(words).map(displayWidth)) + 1;
  return {
    cause: padToWidth(words.cause, column),
    fix: padToWidth(words.fix, column),
    next: padToWidth(words.next, column),
    seen: padToWidth(words.seen, column),
    runOn: padToWidth(words.runOn, column),
  };
}

/** `Status: ` and `Note:   ` padded to one column. */
function machineLabels(): { status: string; note: string } {
  const words = { status: t('label.status'), note: t('label.note') };
  const column = Math.max(...Object.values(words).map(displayWidth)) + 1;
  return { status: padToWidth(words.status, column), note: padToWidth(words.note, column) };
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
    // anything else (`unknown`: no activation evidence) is not painted as healthy
    const style: Style = verdict === 'failing' ? 'red' : verdict === 'warning' ? 'yellow' : verdict === 'ok' ? 'green' : 'dim';
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
  const blank = ' '.repeat(displayWidth(label.seen));
  lines.push(...labelled(indent, label.cause, finding.cause, width));
  if (finding.resolution) lines.push(...labelled(indent, label.fix, finding.resolution, width));
  // Commands are never wrapped, so they can be copied as they are.
  if (finding.nextCommand) lines.push(`${indent}${label.next}${paint.paint(terminalSafe(finding.nextCommand), 'cyan')}`);
  if (finding.runOn) {
    lines.push(...labelled(indent, label.runOn, withLabel(joinList(finding.runOn.machines), '').trimEnd(), width));
    lines.push(`${indent}${blank}${paint.paint(terminalSafe(finding.runOn.command), 'cyan')}`);
  }
  evidenceLines(finding.evidence, finding.moreEvidence).forEach((line, i) => {
    lines.push(`${indent}${i === 0 ? label.seen : blank}${terminalSafe(line)}`);
  });
  return lines;
}

function findingCounts(findings: readonly Finding[]): string {
  const parts = openCountParts(findings);
  const recovered = findings.filter((f) => f.recovered).length;
  if (recovered) parts.push(t('count.recovered', { count: recovered }));
  return parts.length ? joinList(parts) : t('count.noFindings');
}

function renderSummary(report: Report, paint: Painter, width: number, ruleTitles?: ReadonlyMap<string, string>): string[] {
  const s = report.summary;
  const v = s.machinesByVerdict;
  const lines = [paint.paint(t('text.summary'), 'bold')];
  lines.push(`  ${t('text.summaryMachines', { machines: s.machines, failing: v.failing, warning: v.warning, unknown: v.unknown, ok: v.ok })}`);
  lines.push(`  ${t('text.summaryOpenFindings', { errors: s.errors, warnings: s.warnings, notes: s.infos, recovered: s.recovered })}`);
  const causes = topCauses(report, ruleTitles);
  if (causes.length) {
    lines.push(`  ${t('text.topCauses')}`);
    const counts = causes.map((cause) => t('count.machines', { count: cause.machines.length }));
    const countWidth = Math.max(11, ...counts.map(displayWidth));
    causes.forEach((cause, i) => {
      const head = `    ${padToWidth(counts[i]!, countWidth)} `;
      const text = withLabel(`${cause.code ? `${cause.code} ` : ''}${cause.title} [${cause.ruleId}]`, namesWithMore(cause.machines));
      const title = wrap(terminalSafe(text), Math.max(20, width - displayWidth(head)));
      lines.push(head + title[0], ...title.slice(1).map((rest) => ' '.repeat(displayWidth(head)) + rest));
    });
  }
  for (const use of report.inventory?.kmsHosts ?? []) {
    if (use === report.inventory!.kmsHosts[0]) lines.push(`  ${t('text.kmsHostsInUse')}`);
    const text = t('text.kmsHostUse', { host: use.host, requests: use.requests, clients: use.clients, failed: use.failed, machines: namesWithMore(use.machines) });
    lines.push(...labelled('    ', '', text, width));
  }
  const f = s.filesByStatus;
  lines.push(`  ${t('text.summaryFiles', { files: s.files, parsed: f.parsed, partial: f.partial, skipped: f.skipped, error: f.error })}`);
  const unread = report.files.filter((x) => x.status !== 'parsed');
  const statusWords = unread.map((file) => t(`fileStatus.${file.status}`));
  const statusWidth = Math.max(8, ...statusWords.map(displayWidth));
  unread.forEach((file, i) => {
    lines.push(`    ${padToWidth(statusWords[i]!, statusWidth)} ${terminalSafe(file.path)}`);
    for (const problem of file.problems) {
      const where = problem.line !== undefined ? t('problem.atLine', { line: String(problem.line) }) : problem.byte !== undefined ? t('problem.atByte', { byte: String(problem.byte) }) : '';
      lines.push(...labelled('             ', '', problem.message + where, width));
    }
  });
  return lines;
}


/** Evidence references shown per machine in a cause; the rest are counted (all of them are in `--format json`). */
const SEEN_PER_MACHINE = 3;

/** Evidence, one line each (never wrapped: paths are copied), runs collapsed, the rest counted. */
function seenLines(finding: Finding): string[] {
  const lines = evidenceLines(finding.evidence, finding.moreEvidence).map(terminalSafe);
  if (lines.length === 0) return [t('text.noFileEvidence')];
  return lines.length > SEEN_PER_MACHINE + 1 ? [...lines.slice(0, SEEN_PER_MACHINE), t('text.moreLines', { count: lines.length - SEEN_PER_MACHINE })] : lines;
}

function machineLines(machine: MachineReport, nameWidth: number, verdictWidth: number, paint: Painter, width: number): string[] {
  const keys = [...new Set(machine.findings.map((f) => f.code ?? f.ruleId))].map(terminalSafe);
  const name = padToWidth(terminalSafe(machine.name), nameWidth);
  const verdictWord = upper(t(`verdict.${machine.verdict}`));
  const verdictPad = ' '.repeat(verdictWidth + 1 - displayWidth(verdictWord));
  const head = `  ${name}  ${verdictWord}${verdictPad}${findingCounts(machine.findings)}`;
  const painted = `  ${paint.paint(name, 'bold')}  ${paint.verdict(machine.verdict)}${verdictPad}${findingCounts(machine.findings)}`;
  if (!keys.length) return [painted];
  const joined = keys.join(', ');
  if (displayWidth(head) + 2 + displayWidth(joined) <= width) return [`${painted}  ${joined}`];
  const indent = ' '.repeat(4 + Math.min(nameWidth, 12));
  return [painted, ...wrap(joined, width - indent.length).map((line) => indent + line)];
}

function renderCause(group: CauseGroup, paint: Painter, width: number): string[] {
  const indent = ' '.repeat(LABEL_WIDTH);
  const id = group.code ? `${group.code} ` : '';
  const heading = wrap(`${id}${group.sameTitle ? terminalSafe(group.title) : ''} [${terminalSafe(group.ruleId)}]`, width - LABEL_WIDTH);
  const lines = [`${paint.severity(group.severity, group.recovered)}  ${paint.paint(heading[0] ?? '', 'bold')}`];
  for (const rest of heading.slice(1)) lines.push(indent + rest);
  const label = findingLabels();
  const blank = ' '.repeat(displayWidth(label.seen));
  const names = group.members.map((m) => terminalSafe(m.machine));
  lines.push(...labelled(indent, withLabel(t('count.machines', { count: names.length }), ''), joinList(names), width));
  if (group.sameCause) lines.push(...labelled(indent, label.cause, group.cause, width));
  const nameWidth = Math.min(24, Math.max(...names.map(displayWidth)));
  const longNames = nameWidth > LONG_NAME;
  for (const { machine, finding, ownCause } of group.members) {
    // a long name gets a line of its own, so what follows keeps its width
    if (longNames) lines.push(`${indent}${terminalSafe(machine)}`);
    const nameCell = longNames ? '  ' : `${padToWidth(terminalSafe(machine), nameWidth)}  `;
    const pad = ' '.repeat(displayWidth(nameCell));
    const own: string[] = [];
    if (!group.sameTitle) own.push(...labelled('', '', finding.title, width - LABEL_WIDTH - displayWidth(nameCell)));
    if (ownCause) own.push(...labelled('', label.cause, ownCause, width - LABEL_WIDTH - displayWidth(nameCell)));
    own.push(...seenLines(finding).map((ref, i) => `${i === 0 ? label.seen : blank}${ref}`));
    own.forEach((line, i) => lines.push(`${indent}${i === 0 ? nameCell : pad}${line}`));
  }
  // what every member's cause says, once, after the parts that differ
  if (!group.sameCause && group.cause) lines.push(...labelled(indent, `${t('label.forAll')} `, group.cause, width));
  if (group.resolution) lines.push(...labelled(indent, label.fix, group.resolution, width));
  // Commands are never wrapped, so they can be copied as they are.
  if (group.nextCommand) lines.push(`${indent}${label.next}${paint.paint(terminalSafe(group.nextCommand), 'cyan')}`);
  if (group.runOn) {
    lines.push(...labelled(indent, label.runOn, withLabel(joinList(group.runOn.machines), '').trimEnd(), width));
    lines.push(`${indent}${blank}${paint.paint(terminalSafe(group.runOn.command), 'cyan')}`);
  }
  return lines;
}

export function renderText(report: Report, opts: TextOptions): string {
  const width = Math.max(MIN_WIDTH, opts.width ?? 80);
  const paint = new Painter(opts.color);
  const lines: string[] = [];
  const nameWidth = Math.min(24, Math.max(0, ...report.machines.map((m) => displayWidth(terminalSafe(m.name)))));
  // the verdict column fits the longest verdict word shown (German FEHLERHAFT), at least 8 wide
  const verdictWidth = Math.max(8, ...report.machines.map((m) => displayWidth(upper(t(`verdict.${m.verdict}`)))));
  if (report.machines.length) {
    lines.push(paint.paint(t('text.machines'), 'bold'));
    // a fleet's healthy machines without findings are counted, not listed: the terminal is for what needs doing
    const quiet = report.machines.filter((m) => m.verdict === 'ok' && m.findings.length === 0);
    const listQuiet = quiet.length <= QUIET_MACHINES_LISTED;
    for (const machine of report.machines) {
      if (!listQuiet && machine.verdict === 'ok' && machine.findings.length === 0) continue;
      lines.push(...machineLines(machine, nameWidth, verdictWidth, paint, width));
      // what the evidence says about activation, first thing for every machine listed
      const label = machineLabels();
      lines.push(...labelled('      ', label.status, statusLine(machine), width));
      if (machine.note) lines.push(...labelled('      ', label.note, machine.note, width));
    }
    if (!listQuiet) lines.push(`  ${t('text.quietMachines', { count: quiet.length })}`);
    lines.push('');
  }
  const groups = causeGroups(report);
  if (groups.length) {
    lines.push(paint.paint(t('text.causes'), 'bold'));
    for (const group of groups) lines.push(...renderCause(group, paint, width), '');
  }
  if (report.fleetFindings.length) {
    lines.push(`${paint.paint(t('text.fleet'), 'bold')}  ${findingCounts(report.fleetFindings)}`);
    for (const finding of report.fleetFindings) lines.push(...renderFinding(finding, paint, width));
    lines.push('');
  }
  if (report.machines.length === 0) lines.push(t('text.noMachines'), '');
  lines.push(...renderSummary(report, paint, width, opts.ruleTitles));
  return `${lines.join('\n')}\n`;
}

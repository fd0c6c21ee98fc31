/**
 * Helpers shared by the output formats: a flat view of findings, evidence as
 * text, verdict and severity ordering, and the tallies the summaries show.
 */
import type { SourceRef } from '../model/facts.js';
import type { Finding, MachineReport, Report, Severity, Verdict } from '../model/report.js';
import { SEVERITY_RANK } from '../model/report.js';

/** One finding with the machine it belongs to (`null` for fleet findings). */
export interface FindingRow {
  scope: 'machine' | 'fleet';
  machine: string | null;
  verdict: Verdict | null;
  finding: Finding;
}

export const VERDICTS: readonly Verdict[] = ['failing', 'warning', 'ok'];
const VERDICT_RANK: Record<Verdict, number> = { ok: 1, warning: 2, failing: 3 };

/** Machines and their findings in report order (the report's order is the one every format shows). */
export function findingRows(report: Report): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const machine of report.machines) {
    for (const finding of machine.findings) {
      rows.push({ scope: 'machine', machine: machine.name, verdict: machine.verdict, finding });
    }
  }
  for (const finding of report.fleetFindings) {
    rows.push({ scope: 'fleet', machine: null, verdict: null, finding });
  }
  return rows;
}

/** `file:line (record 40012)`, `file (record 7)` or `file`. */
export function formatEvidence(ref: SourceRef): string {
  const place = ref.line !== undefined ? `${ref.file}:${ref.line}` : ref.file;
  return ref.recordId !== undefined ? `${place} (record ${ref.recordId})` : place;
}

/** The summary's machines by verdict, worst first (any verdict the summary adds comes before `ok`). */
export function verdictCounts(report: Report): [string, number][] {
  const entries = Object.entries(report.summary.machinesByVerdict);
  const place = (verdict: string): number => (verdict === 'failing' ? 0 : verdict === 'warning' ? 1 : verdict === 'ok' ? 3 : 2);
  return entries.sort((a, b) => place(a[0]) - place(b[0]));
}

export function verdictRank(verdict: Verdict): number {
  return VERDICT_RANK[verdict];
}

export function openFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.recovered);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of openFindings(findings)) counts[f.severity]++;
  return counts;
}

export interface CauseCount {
  /** The catalog code, or the rule id when the finding has no code. */
  key: string;
  title: string;
  severity: Severity;
  machines: number;
}

/** Open error/warning causes, errors first, each ranked by how many machines it touches (fleet findings count the machines their evidence names). */
export function topCauses(report: Report, limit = 5): CauseCount[] {
  const causes = new Map<string, CauseCount & { names: Set<string> }>();
  const add = (finding: Finding, owner: string): void => {
    if (finding.recovered || finding.severity === 'info') return;
    const key = finding.code ?? finding.ruleId;
    let cause = causes.get(key);
    if (!cause) {
      cause = { key, title: finding.title, severity: finding.severity, machines: 0, names: new Set() };
      causes.set(key, cause);
    }
    if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[cause.severity]) cause.severity = finding.severity;
    cause.names.add(owner);
    cause.machines = cause.names.size;
  };
  for (const machine of report.machines) for (const f of machine.findings) add(f, machine.name);
  const machineOfFile = new Map<string, string>();
  for (const machine of report.machines) for (const file of machine.files) machineOfFile.set(file, machine.name);
  for (const f of report.fleetFindings) {
    const named = new Set(f.evidence.map((ref) => machineOfFile.get(ref.file)).filter((name): name is string => name !== undefined));
    if (named.size === 0) add(f, '\u0000fleet');
    for (const name of named) add(f, name);
  }
  return [...causes.values()]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.machines - a.machines || a.key.localeCompare(b.key, 'en'))
    .slice(0, limit)
    .map(({ key, title, severity, machines }) => ({ key, title, severity, machines }));
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The worst verdict the open findings call for: an open error fails the machine, a warning warns. */
export function verdictFor(findings: readonly Finding[]): Verdict {
  const open = openFindings(findings);
  if (open.some((f) => f.severity === 'error')) return 'failing';
  if (open.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}

/** Recomputes verdict-dependent totals after findings were added (policy checks). */
export function recomputeSummary(report: Report): Report['summary'] {
  const machines: MachineReport[] = report.machines;
  const all = machines.flatMap((m) => m.findings).concat(report.fleetFindings);
  const counts = countBySeverity(all);
  const machinesByVerdict: Record<Verdict, number> = { ok: 0, warning: 0, failing: 0 };
  for (const m of machines) machinesByVerdict[m.verdict]++;
  return {
    ...report.summary,
    machines: machines.length,
    errors: counts.error,
    warnings: counts.warning,
    infos: counts.info,
    machinesByVerdict,
  };
}

/**
 * Exit codes (CONTRACT.md): 0 nothing at or above --fail-on; 1 at least one
 * open finding at or above it; 2 the run could not do its job.
 */
import { SEVERITY_RANK, type Finding, type MachineReport, type Report, type Severity } from '../model/report.js';
import { t } from '../i18n/index.js';

export const FAIL_ON_LEVELS = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

export interface ExitDecision {
  code: 0 | 1 | 2;
  /** Why the code is not 0, for stderr. */
  reason: string | null;
}

/** The filters the run was given, to say which one left nothing. */
export interface FiltersGiven {
  only?: boolean;
  since?: string;
  until?: string;
}

/** The findings that make the exit code 1 under `failOn`: open ones at or above it (JUnit fails a machine on the same rule). */
export function countedFindings(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'never') return [];
  const threshold = SEVERITY_RANK[failOn as Severity];
  return findings.filter((finding) => !finding.recovered && SEVERITY_RANK[finding.severity] >= threshold);
}

/** The exit code counts this machine: one of its findings, or (with `failOnUnknown`) its unknown verdict. */
export function machineCounted(machine: MachineReport, failOn: FailOn, failOnUnknown = false): boolean {
  return (failOnUnknown && machine.verdict === 'unknown') || countedFindings(machine.findings, failOn).length > 0;
}

/**
 * `failOnUnknown`: a machine whose evidence says nothing about its license state
 * fails the run too (always for `check`, with `--fail-on-unknown` for `scan`):
 * a gate must not pass because evidence is missing.
 */
export function exitCodeFor(report: Report, failOn: FailOn, strict: boolean, failOnUnknown = false, filters: FiltersGiven = {}): ExitDecision {
  const usable = report.files.filter((file) => file.status === 'parsed' || file.status === 'partial');
  // a time window can leave machines in the report (as unknown, with a note) but no fact in any of them
  const noFactLeft = report.machines.every((machine) => machine.facts.length === 0);
  if (report.machines.length === 0 || noFactLeft || report.files.every((file) => file.facts === 0)) {
    const anyFacts = report.files.some((file) => file.facts > 0);
    const reason = anyFacts
      ? emptiedBy(filters)
      : usable.length === 0
      ? t('exit.noReadableFile', { count: report.files.length })
      : t('exit.noActivationEvidence');
    return { code: 2, reason };
  }
  if (strict) {
    const bad = report.files.filter((file) => file.status !== 'parsed' && !(file.status === 'skipped' && file.kind === 'unknown'));
    if (bad.length > 0) return { code: 2, reason: t('exit.strict', { count: bad.length, files: `${bad.slice(0, 3).map((f) => f.path).join(', ')}${bad.length > 3 ? ', …' : ''}` }) };
  }
  const unknown = report.machines.filter((machine) => machine.verdict === 'unknown');
  if (failOnUnknown && unknown.length > 0) {
    const head = unknown.slice(0, 3).map((machine) => machine.name).join(', ');
    const names = unknown.length > 3 ? t('names.more', { head, more: unknown.length - 3 }) : head;
    return { code: 1, reason: t('exit.unknownMachines', { count: unknown.length, names }) };
  }
  const open = countedFindings(report.machines.flatMap((machine) => machine.findings).concat(report.fleetFindings), failOn);
  return open.length > 0
    ? { code: 1, reason: t('exit.openFindings', { count: open.length, failOn }) }
    : { code: 0, reason: null };
}

/** Evidence was read, but nothing reached a machine: --only is the one filter that removes machines (a time window leaves them with a note). */
function emptiedBy(filters: FiltersGiven): string {
  const given: string[] = [];
  if (filters.only) given.push(t('exit.emptied.only'));
  if (filters.since) given.push(t('exit.emptied.since', { since: filters.since }));
  if (filters.until) given.push(t('exit.emptied.until', { until: filters.until }));
  if (given.length === 0) return t('exit.emptied.none');
  return t('exit.emptied.after', { filters: given.join(t('exit.emptied.join')) });
}

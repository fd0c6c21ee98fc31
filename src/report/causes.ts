/**
 * Findings grouped by cause, so a format says each cause once and lists its
 * machines. Findings share a group only when what a person would act on is the
 * same: rule, code, severity, fix and next command (a command naming another
 * host is another group). Groups follow the report's top-causes order; causes
 * not ranked there (notes, recovered failures) follow in report order.
 */
import type { Finding, Report, Severity } from '../model/report.js';
import { topCauses } from './common.js';

export interface CauseMember {
  machine: string;
  finding: Finding;
  /** The sentences of its cause that not every member shares (empty when all is shared). */
  ownCause: string;
}

export interface CauseGroup {
  /** Stable within one report: `c1`, `c2`, … (the html filter uses it). */
  id: string;
  ruleId: string;
  code: string | null;
  severity: Severity;
  recovered: boolean;
  resolution: string;
  nextCommand: string | null;
  /** Every member has the same title (then `title` says it once) … */
  sameTitle: boolean;
  /** … and the same cause text. */
  sameCause: boolean;
  title: string;
  /** The cause sentences every member shares (all of it when `sameCause`). */
  cause: string;
  members: CauseMember[];
}

/** Sentences: a cause quotes facts (hosts, counts, times) in some and explains in others. */
function sentences(text: string): string[] {
  return text.split(/(?<=[.:;])\s+(?=[A-Z(])/).filter((sentence) => sentence !== '');
}

function splitCauses(members: readonly Omit<CauseMember, 'ownCause'>[]): { shared: string; own: string[] } {
  const split = members.map((m) => sentences(m.finding.cause));
  const sharedSet = new Set(split[0]!.filter((sentence) => split.every((list) => list.includes(sentence))));
  return {
    shared: split[0]!.filter((sentence) => sharedSet.has(sentence)).join(' '),
    own: split.map((list) => list.filter((sentence) => !sharedSet.has(sentence)).join(' ')),
  };
}

function groupKey(f: Finding): string {
  return JSON.stringify([f.ruleId, f.code, f.severity, f.recovered, f.resolution, f.nextCommand]);
}

export function causeGroups(report: Report): CauseGroup[] {
  const groups = new Map<string, Omit<CauseMember, 'ownCause'>[]>();
  for (const machine of report.machines) {
    for (const finding of machine.findings) {
      const key = groupKey(finding);
      const members = groups.get(key) ?? [];
      members.push({ machine: machine.name, finding });
      groups.set(key, members);
    }
  }
  const rank = new Map(topCauses(report, Number.POSITIVE_INFINITY).map((cause, index) => [cause.key, index]));
  const rankOf = (members: Omit<CauseMember, 'ownCause'>[]): number => {
    const first = members[0]!.finding;
    return first.recovered || first.severity === 'info' ? Number.POSITIVE_INFINITY : rank.get(first.code ?? first.ruleId) ?? Number.POSITIVE_INFINITY;
  };
  const ordered = [...groups.values()].map((members, index) => ({ members, index, rank: rankOf(members) }));
  ordered.sort((a, b) => (a.rank === b.rank ? a.index - b.index : a.rank < b.rank ? -1 : 1));
  return ordered.map(({ members }, index) => {
    const first = members[0]!.finding;
    const { shared, own } = splitCauses(members);
    return {
      id: `c${index + 1}`,
      ruleId: first.ruleId,
      code: first.code,
      severity: first.severity,
      recovered: first.recovered,
      resolution: first.resolution,
      nextCommand: first.nextCommand,
      sameTitle: members.every((m) => m.finding.title === first.title),
      sameCause: own.every((text) => text === ''),
      title: first.title,
      cause: shared,
      members: members.map((member, i) => ({ ...member, ownCause: own[i]! })),
    };
  });
}

/** One line of a cause list (markdown table, html buttons): open errors and warnings only. */
export interface CauseSummary {
  /** `s1`, `s2`, … in list order. */
  id: string;
  severity: Severity;
  /** The catalog code, or the rule id when there is none. */
  key: string;
  title: string;
  /** Distinct machines, in the order they were first met. */
  machines: string[];
}

/**
 * Open error and warning causes with their machines. Fleet findings join the
 * machine cause of the same rule and code (a clone is named once, whichever rule
 * saw it); fleet findings of one rule and code are one line.
 */
export function causeSummaries(report: Report, groups: readonly CauseGroup[] = causeGroups(report)): CauseSummary[] {
  const lines: Omit<CauseSummary, 'id'>[] = [];
  const byRule = new Map<string, Omit<CauseSummary, 'id'>>();
  const add = (ruleId: string, code: string | null, severity: Severity, title: string, machines: readonly string[], canMerge: boolean): void => {
    const ruleKey = `${ruleId}\u0000${code ?? ''}`;
    const known = canMerge ? byRule.get(ruleKey) : undefined;
    if (known) {
      for (const name of machines) if (!known.machines.includes(name)) known.machines.push(name);
      return;
    }
    const line = { severity, key: code ?? ruleId, title, machines: [...new Set(machines)] };
    lines.push(line);
    if (!byRule.has(ruleKey)) byRule.set(ruleKey, line);
  };
  for (const group of groups) {
    if (group.recovered || group.severity === 'info') continue;
    const title = group.sameTitle ? group.title : `${group.title} (and others of this kind)`;
    add(group.ruleId, group.code, group.severity, title, group.members.map((m) => m.machine), false);
  }
  const machineOfFile = new Map<string, string>();
  for (const machine of report.machines) for (const file of machine.files) machineOfFile.set(file, machine.name);
  for (const finding of report.fleetFindings) {
    if (finding.recovered || finding.severity === 'info') continue;
    // older reports name a fleet finding's machines only through its evidence
    const machines = finding.machines ?? finding.evidence.map((ref) => machineOfFile.get(ref.file)).filter((name): name is string => name !== undefined);
    add(finding.ruleId, finding.code, finding.severity, finding.title, machines, true);
  }
  const rank = new Map(topCauses(report, Number.POSITIVE_INFINITY).map((cause, index) => [cause.key, index]));
  const rankOf = (key: string): number => rank.get(key) ?? Number.POSITIVE_INFINITY;
  return lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (rankOf(a.line.key) === rankOf(b.line.key) ? a.index - b.index : rankOf(a.line.key) < rankOf(b.line.key) ? -1 : 1))
    .map(({ line }, index) => ({ ...line, id: `s${index + 1}` }));
}

/**
 * Findings grouped by cause, so a format says each cause once and lists its
 * machines. Findings share a group only when what a person would act on is the
 * same: rule, code, severity, fix, next command and where else to run what
 * (a command naming another host is another group). Groups follow the report's
 * top causes (pipeline/assemble.ts); notes and recovered failures follow in
 * report order.
 */
import type { Finding, Report, Severity } from '../model/report.js';
import { topCauses } from './common.js';

interface CauseMember {
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
  /** The command is for other machines (a KMS host's cloned clients). */
  runOn: Finding['runOn'] | null;
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
  return JSON.stringify([f.ruleId, f.code, f.severity, f.recovered, f.resolution, f.nextCommand, f.runOn ?? null]);
}

/** How the top causes key a cause: rule and code. */
function causeKey(ruleId: string, code: string | null): string {
  return `${ruleId}\u0000${code ?? ''}`;
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
  const rank = new Map(topCauses(report).map((cause, index) => [causeKey(cause.ruleId, cause.code), index]));
  const rankOf = (members: Omit<CauseMember, 'ownCause'>[]): number => {
    const first = members[0]!.finding;
    return first.recovered || first.severity === 'info' ? Number.POSITIVE_INFINITY : (rank.get(causeKey(first.ruleId, first.code)) ?? Number.POSITIVE_INFINITY);
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
      runOn: first.runOn ?? null,
      sameTitle: members.every((m) => m.finding.title === first.title),
      sameCause: own.every((text) => text === ''),
      title: first.title,
      cause: shared,
      members: members.map((member, i) => ({ ...member, ownCause: own[i]! })),
    };
  });
}

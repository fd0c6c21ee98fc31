/**
 * Group facts by machine. Names compare case-insensitively (an event's
 * <Computer> first label and a folder name are the same machine); facts are
 * sorted by stable keys so reports do not depend on read order.
 */
import type { Fact } from '../model/facts.js';
import type { Finding } from '../model/report.js';
import { compareStrings } from '../input/discover.js';
import { t } from '../i18n/index.js';

export interface MachineFacts {
  name: string;
  files: string[];
  facts: Fact[];
}

export function groupByMachine(facts: readonly Fact[]): MachineFacts[] {
  const groups = new Map<string, Fact[]>();
  for (const fact of facts) {
    const key = fact.machine.toUpperCase();
    const group = groups.get(key);
    if (group) group.push(fact);
    else groups.set(key, [fact]);
  }
  const machines: MachineFacts[] = [];
  for (const group of groups.values()) {
    group.sort(compareFacts);
    const name = preferredName(group);
    const files = [...new Set(group.map((fact) => fact.source.file))].sort(compareStrings);
    machines.push({ name, files, facts: group.map((fact) => (fact.machine === name ? fact : { ...fact, machine: name })) });
  }
  return machines.sort((a, b) => compareStrings(a.name.toUpperCase(), b.name.toUpperCase()) || compareStrings(a.name, b.name));
}

/** The spelling seen most often; ties go to the alphabetically first, so the choice is stable. */
function preferredName(group: readonly Fact[]): string {
  const counts = new Map<string, number>();
  for (const fact of group) counts.set(fact.machine, (counts.get(fact.machine) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))[0][0];
}

function compareFacts(a: Fact, b: Fact): number {
  return (
    compareNullableStrings(a.time, b.time) ||
    compareStrings(a.source.file, b.source.file) ||
    (a.source.line ?? 0) - (b.source.line ?? 0) ||
    (a.source.recordId ?? 0) - (b.source.recordId ?? 0) ||
    compareStrings(a.kind, b.kind)
  );
}

/** Timeless facts (saved text) sort after timed ones. */
function compareNullableStrings(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareStrings(a, b);
}

const IDENTITY_CONFLICT_RULE = 'machine-identity-conflict';

/**
 * Files put into one machine that disagree about who they are (two CMIDs, two
 * installed Windows editions) are never merged silently: a warning names the files.
 */
export function identityConflicts(machine: MachineFacts): Finding[] {
  const cmids = new Map<string, Fact[]>();
  const editions = new Map<string, Fact[]>();
  for (const fact of machine.facts) {
    const cmid = fact.kind === 'kms-request' ? fact.cmid : fact.kind === 'license' && fact.keyInstalled !== false ? fact.kmsClient?.cmid : null;
    if (cmid && !/^[x*-]+$/i.test(cmid)) push(cmids, cmid.toLowerCase(), fact);
    if (fact.kind === 'license' && fact.origin === 'slmgr' && fact.keyInstalled !== false && fact.licenseStatus !== null) {
      const edition = windowsEdition(fact.product ?? fact.description);
      // retyped output spells one edition two ways (`EnterpriseS`, `Enterprises`): compare without case, show the first spelling
      const known = edition ? [...editions.keys()].find((key) => key.toLowerCase() === edition.toLowerCase()) : undefined;
      if (edition) push(editions, known ?? edition, fact);
    }
  }
  const conflicts = [
    { kind: 'cmids' as const, files: disagreement(cmids) },
    { kind: 'editions' as const, files: disagreement(editions) },
  ].filter((conflict): conflict is Conflict => conflict.files !== null);
  return conflicts.length ? [conflictFinding(machine.name, conflicts)] : [];
}

function push(map: Map<string, Fact[]>, key: string, fact: Fact): void {
  const list = map.get(key);
  if (list) list.push(fact);
  else map.set(key, [fact]);
}

/** `Windows(R), Professional edition` → `professional`; not Windows (Office, a KMS host block) → null. */
function windowsEdition(product: string | null): string | null {
  if (!product || !/^windows/i.test(product.trim())) return null;
  const edition = /,\s*(.+?)\s+edition/i.exec(product)?.[1] ?? product;
  return edition.replace(/\s+/g, ' ');
}

/** Values that come from different files: value → its files, only when two or more values each have files of their own. */
function disagreement(byValue: Map<string, Fact[]>): Map<string, string[]> | null {
  if (byValue.size < 2) return null;
  const files = new Map([...byValue].map(([value, facts]) => [value, [...new Set(facts.map((fact) => fact.source.file))].sort(compareStrings)]));
  const all = new Set([...files.values()].flat());
  // one file that lists two values (slmgr /dlv all, a renewed CMID in one log) is not two computers
  if (all.size < 2) return null;
  return files;
}

/** What the files disagree about: value → the files that show it. */
interface Conflict {
  kind: 'cmids' | 'editions';
  files: Map<string, string[]>;
}

const CONFLICT_MESSAGES: Record<Conflict['kind'], string> = {
  cmids: 'note.identity.cmids',
  editions: 'note.identity.editions',
};

/** The option that names a machine, in the advice: a command, never translated. */
export const MACHINE_OPTION = '--machine NAME';

function conflictFinding(machine: string, conflicts: Conflict[]): Finding {
  const separator = t('note.identity.valueSeparator');
  const described = conflicts.map(({ kind, files }) =>
    t(CONFLICT_MESSAGES[kind], {
      count: files.size,
      list: [...files].map(([value, paths]) => t('note.identity.valueInFiles', { value, files: paths.join(t('punctuation.listSeparator')) })).join(separator),
    }),
  );
  const shown = described.length === 2 ? t('note.identity.both', { first: described[0]!, second: described[1]! }) : described[0]!;
  const allFiles = [...new Set(conflicts.flatMap(({ files }) => [...files.values()].flat()))].sort(compareStrings);
  return {
    ruleId: IDENTITY_CONFLICT_RULE,
    severity: 'warning',
    code: null,
    title: t('note.identity.title', { machine }),
    cause: t('note.identity.cause', { machine, shown }),
    resolution: t('note.identity.resolution', { option: MACHINE_OPTION }),
    nextCommand: null,
    time: null,
    recovered: false,
    evidence: allFiles.map((file) => ({ file })),
  };
}

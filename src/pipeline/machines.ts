/**
 * Group facts by machine. Names compare case-insensitively (an event's
 * <Computer> first label and a folder name are the same machine); facts are
 * sorted by stable keys so reports do not depend on read order.
 */
import type { Fact } from '../model/facts.js';
import { compareStrings } from '../input/discover.js';

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

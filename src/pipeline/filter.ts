/**
 * Filters applied to facts before the rules see them: time window and machine names.
 */
import type { Fact } from '../model/facts.js';

export interface FactFilter {
  /** ISO time; facts before it are dropped (timeless facts are kept). */
  since?: string;
  until?: string;
  /** Machine name patterns (`*` and `?` wildcards, case-insensitive); empty means all. */
  machines?: string[];
}

export function filterFacts(facts: readonly Fact[], filter: FactFilter): Fact[] {
  const matchers = (filter.machines ?? []).map(wildcardToRegExp);
  return facts.filter(
    (fact) =>
      (matchers.length === 0 || matchers.some((re) => re.test(fact.machine))) &&
      (fact.time === null || ((!filter.since || fact.time >= filter.since) && (!filter.until || fact.time <= filter.until))),
  );
}

/** Machines whose name matches one of the patterns; all when there is none. */
export function filterMachines<T extends { name: string }>(machines: readonly T[], patterns: readonly string[]): T[] {
  if (patterns.length === 0) return [...machines];
  const matchers = patterns.map(wildcardToRegExp);
  return machines.filter((machine) => matchers.some((re) => re.test(machine.name)));
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * `--since`/`--until` values: an ISO date or time, or a relative age such as
 * `7d`, `12h`, `30m` counted back from `now`. Returns ISO UTC, or null when unreadable.
 */
export function parseTimeBound(value: string, now: Date = new Date()): string | null {
  const relative = /^(\d+)\s*([dhm])$/i.exec(value.trim());
  if (relative) {
    const unitMs = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2].toLowerCase() as 'd' | 'h' | 'm'];
    const bound = new Date(now.getTime() - Number(relative[1]) * unitMs);
    return Number.isNaN(bound.getTime()) ? null : bound.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return null;
  const parsed = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || value.length === 10 ? value : `${value}Z`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

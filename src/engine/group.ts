/**
 * Matching facts, grouping them and the groups' aggregates (computed lazily).
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Fact } from '../model/facts.js';
import { GROUP_BUILTINS } from './compile.js';
import { normalizeLiteral } from './conditions.js';
import { DAY_MS, firstValue } from './fields.js';
import { FactView, compareSources, type MachineIndex } from './machine.js';
import type { AggregateSpec, Rule, ValueSource } from './types.js';

/** A group of matched facts; its aggregates are computed when first read (most groups fail `having` early). */
export class GroupView implements ValueSource {
  private readonly values = new Map<string, unknown>();
  private span: { first: number | null; last: number | null } | null = null;

  constructor(
    private readonly rule: Rule,
    readonly key: string,
    readonly items: FactView[],
    private readonly catalog: Catalog,
  ) {}

  has(name: string): boolean {
    return this.values.has(name) || (GROUP_BUILTINS as readonly string[]).includes(name) || this.rule.aggregates.some((spec) => spec.name === name);
  }

  set(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  get(name: string): unknown {
    if (this.values.has(name)) return this.values.get(name);
    const value = this.compute(name);
    this.values.set(name, value);
    return value;
  }

  inCatalog(code: string): boolean {
    return this.catalog.has(code);
  }

  private compute(name: string): unknown {
    switch (name) {
      case 'key':
        return this.key || null;
      case 'code':
        return findingCode(this.rule, newestItem(this.items));
      case 'count':
        return this.items.length;
      case 'machines':
        return new Set(this.items.map((item) => item.machine.name)).size;
      case 'firstTime':
        return isoOrNull(this.timeSpan().first);
      case 'lastTime':
        return isoOrNull(this.timeSpan().last);
      case 'spanDays': {
        const { first, last } = this.timeSpan();
        return first === null || last === null ? null : (last - first) / DAY_MS;
      }
      case 'renamedMachine':
        return isOneMachineRenamed(this.items);
      case 'renamedClient':
        return namesFollowEachOther(this.items, (item) => clientShortName(item.fact));
    }
    const spec = this.rule.aggregates.find((candidate) => candidate.name === name);
    return spec ? aggregate(spec, this.items) : undefined;
  }

  private timeSpan(): { first: number | null; last: number | null } {
    if (this.span) return this.span;
    let first: number | null = null;
    let last: number | null = null;
    for (const item of this.items) {
      const ms = item.machine.timeOf(item.fact);
      if (ms === null) continue;
      if (first === null || ms < first) first = ms;
      if (last === null || ms > last) last = ms;
    }
    this.span = { first, last };
    return this.span;
  }
}

/**
 * A machine renamed mid-log (EC2AMAZ-… → WinADController) looks like two
 * machines with one CMID. It is one when a single log file holds all the facts
 * and the names follow each other in time without overlapping; clones come
 * from different logs, or are active at the same time.
 */
function isOneMachineRenamed(items: FactView[]): boolean {
  const files = new Set(items.map((item) => item.fact.source.file));
  return files.size === 1 && namesFollowEachOther(items, (item) => item.machine.name);
}

/**
 * True for exactly two names whose facts do not overlap in time (every fact
 * timed): the first name's last fact comes before the second's first. Three or
 * more names with one CMID are clones, however their times fall.
 */
function namesFollowEachOther(items: FactView[], nameOf: (item: FactView) => string | null): boolean {
  const windows = new Map<string, { first: number; last: number }>();
  for (const item of items) {
    const ms = item.machine.timeOf(item.fact);
    const name = nameOf(item);
    if (ms === null || name === null) return false;
    const window = windows.get(name);
    if (!window) windows.set(name, { first: ms, last: ms });
    else windows.set(name, { first: Math.min(window.first, ms), last: Math.max(window.last, ms) });
  }
  const ordered = [...windows.values()].sort((a, b) => a.first - b.first);
  return ordered.length === 2 && ordered[0]!.last < ordered[1]!.first;
}

function clientShortName(fact: Fact): string | null {
  if (fact.kind !== 'kms-host-request' || !fact.client) return null;
  return fact.client.split('.')[0]!.toUpperCase();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function buildGroup(rule: Rule, key: string, items: FactView[], catalog: Catalog): GroupView {
  return new GroupView(rule, key, items, catalog);
}

function aggregate(spec: AggregateSpec, items: FactView[]): unknown {
  if (spec.op === 'count' || spec.op === 'rate') {
    const count = items.filter((item) => spec.where!(item)).length;
    if (spec.op === 'count') return count;
    return items.length ? count / items.length : null;
  }
  const values = items.map((item) => firstValue(item, spec.fields)).filter((v) => v !== null && v !== undefined);
  if (spec.op === 'distinct') return new Set(values.map((v) => String(v).toLowerCase())).size;
  if (spec.op === 'values') return distinctValues(values);
  const numbers = values.map(Number).filter((n) => Number.isFinite(n));
  if (!numbers.length) return null;
  if (spec.op === 'sum') return numbers.reduce((a, b) => a + b, 0);
  return numbers.reduce((a, b) => (spec.op === 'max' ? Math.max(a, b) : Math.min(a, b)));
}

const VALUES_CAP = 10;

/** Sorted distinct values for templates: the first 10, then how many more. */
function distinctValues(values: unknown[]): string[] {
  const byKey = new Map<string, string>();
  for (const value of values) {
    const text = String(value);
    if (!byKey.has(text.toLowerCase())) byKey.set(text.toLowerCase(), text);
  }
  const sorted = [...byKey.values()].sort();
  const more = sorted.length - VALUES_CAP;
  return more > 0 ? [...sorted.slice(0, VALUES_CAP), `${more} more`] : sorted;
}

/** The newest timed item (the last one on ties); the last item when none has a time. */
export function newestItem(items: FactView[]): FactView {
  let newest = items[0]!;
  for (const item of items) {
    const a = item.machine.timeOf(item.fact);
    const b = newest.machine.timeOf(newest.fact);
    if (a !== null ? b === null || a >= b : b === null) newest = item;
  }
  return newest;
}

/** Newest first; undated last, in source order. */
export function newestFirst(a: { ms: number | null; fact: Fact }, b: { ms: number | null; fact: Fact }): number {
  if (a.ms !== null && b.ms !== null && a.ms !== b.ms) return b.ms - a.ms;
  if (a.ms === null && b.ms !== null) return 1;
  if (a.ms !== null && b.ms === null) return -1;
  return compareSources(a.fact.source, b.fact.source);
}

/** The code a fact reports (`codeFrom`), else the rule's fixed `code`. */
export function findingCode(rule: Rule, item: FactView): string | null {
  const value = normalizeLiteral(firstValue(item, rule.codeFrom));
  if (typeof value === 'string' && /^0x[0-9A-F]{8}$/.test(value)) return value;
  return rule.code;
}

function groupKey(rule: Rule, item: FactView): string | null {
  if (rule.groupBy.length) {
    const value = firstValue(item, rule.groupBy);
    if (value !== null && value !== undefined) return String(value);
    return rule.scope === 'fleet' ? null : '';
  }
  if (rule.scope === 'machine' && rule.codeFrom.length) return findingCode(rule, item) ?? '';
  return '';
}

export function matchFacts(rule: Rule, machine: MachineIndex, catalog: Catalog): FactView[] {
  const matched: FactView[] = [];
  let view: FactView | null = null;
  for (const kind of rule.kinds) {
    const facts = machine.byKind.get(kind);
    if (!facts) continue;
    for (const fact of facts) {
      if (view) view.reset(fact);
      else view = new FactView(fact, machine, rule.joins, catalog);
      if (rule.where(view)) {
        matched.push(view);
        view = null;
      }
    }
  }
  return matched;
}

export function groupFacts(rule: Rule, items: FactView[]): Map<string, FactView[]> {
  const groups = new Map<string, FactView[]>();
  for (const item of items) {
    const key = groupKey(rule, item);
    if (key === null) continue;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  if (groups.size < 2) return groups;
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * One machine's facts as rules see them: sorted by time, indexed by kind, with
 * computed fields and joins (binary search over the time-sorted lists).
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Fact, FactKind, SourceRef } from '../model/facts.js';
import { COMPUTED_FIELDS, MINUTE_MS, computedField, effectiveTimeMs, readPath } from './fields.js';
import type { JoinSpec, ValueSource } from './types.js';

/** One machine's facts, sorted by time and indexed by kind. */
export class MachineIndex {
  readonly byKind = new Map<FactKind, Fact[]>();
  readonly times = new Map<Fact, number | null>();
  readonly referenceMs: number | null;
  /** "Now" for deadlines: the scan's injected clock, else the newest evidence of the machine (deterministic). */
  readonly nowMs: number | null;

  constructor(
    readonly name: string,
    facts: Fact[],
    now: Date | undefined,
  ) {
    const order = facts.map((fact, index) => ({ fact, index, ms: effectiveTimeMs(fact) }));
    order.sort((a, b) => compareTimes(a.ms, b.ms) || compareSources(a.fact.source, b.fact.source) || a.index - b.index);
    let newest: number | null = null;
    for (const { fact, ms } of order) {
      this.times.set(fact, ms);
      if (ms !== null && (newest === null || ms > newest)) newest = ms;
      const list = this.byKind.get(fact.kind);
      if (list) list.push(fact);
      else this.byKind.set(fact.kind, [fact]);
    }
    this.referenceMs = newest ?? (now ? now.getTime() : null);
    this.nowMs = now ? now.getTime() : this.referenceMs;
  }


  timeOf(fact: Fact): number | null {
    return this.times.get(fact) ?? null;
  }

  factsOf(kinds: readonly FactKind[]): Fact[] {
    if (kinds.length === 1) return this.byKind.get(kinds[0]!) ?? [];
    return kinds.flatMap((kind) => this.byKind.get(kind) ?? []);
  }

  computedField(fact: Fact, name: string): unknown {
    return computedField(fact, name, this.timeOf(fact), this.referenceMs, this.nowMs);
  }
}

/** Null times sort last. */
function compareTimes(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

export function compareSources(a: SourceRef, b: SourceRef): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.recordId ?? 0) - (b.recordId ?? 0)
  );
}

const COMPUTED = new Set(Object.keys(COMPUTED_FIELDS));

/** A fact as rules see it: its fields, computed fields and joined facts. */
export class FactView implements ValueSource {
  private joined: Map<string, Fact | null> | null = null;

  constructor(
    public fact: Fact,
    readonly machine: MachineIndex,
    private readonly joins: readonly JoinSpec[],
    private readonly catalog: Catalog,
  ) {}

  /** Reuse this view for another fact of the same machine (saves allocations in hot loops). */
  reset(fact: Fact): void {
    this.fact = fact;
    this.joined = null;
  }

  get(path: string): unknown {
    const join = this.joins.length ? this.joinFor(path) : null;
    if (join) {
      const dot = path.indexOf('.');
      const other = this.joinedFact(join);
      if (dot < 0 || !other) return other;
      return new FactView(other, this.machine, [], this.catalog).get(path.slice(dot + 1));
    }
    if (COMPUTED.has(path)) return this.machine.computedField(this.fact, path);
    return readPath(this.fact, path);
  }

  inCatalog(code: string): boolean {
    return this.catalog.has(code);
  }

  private joinFor(path: string): JoinSpec | null {
    for (const spec of this.joins) {
      if (path.startsWith(spec.as) && (path.length === spec.as.length || path[spec.as.length] === '.')) return spec;
    }
    return null;
  }

  joinedFact(spec: JoinSpec): Fact | null {
    this.joined ??= new Map();
    if (!this.joined.has(spec.as)) this.joined.set(spec.as, findJoin(this.fact, spec, this.machine, this.catalog));
    return this.joined.get(spec.as) ?? null;
  }

  joinedFacts(): Fact[] {
    return this.joins.map((spec) => this.joinedFact(spec)).filter((fact): fact is Fact => fact !== null);
  }
}

function findJoin(base: Fact, spec: JoinSpec, machine: MachineIndex, catalog: Catalog): Fact | null {
  const baseMs = machine.timeOf(base);
  let best: Fact | null = null;
  let bestDistance = Infinity;
  const view = new FactView(base, machine, [], catalog);
  for (const kind of spec.kinds) {
    for (const candidate of joinCandidates(machine.byKind.get(kind) ?? [], baseMs, spec, machine)) {
      if (candidate === base || !sameFieldsAgree(base, candidate, spec.sameFields)) continue;
      view.reset(candidate);
      if (!spec.where(view)) continue;
      const candidateMs = machine.timeOf(candidate);
      const distance = joinDistance(base, candidate, baseMs, candidateMs, spec);
      if (distance === null || distance >= bestDistance) continue;
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The slice of a time-sorted list that can satisfy the join's direction and window. */
function joinCandidates(list: Fact[], baseMs: number | null, spec: JoinSpec, machine: MachineIndex): Fact[] {
  if (baseMs === null || spec.direction === 'any' || spec.withinMinutes === null) return list;
  const window = spec.withinMinutes * MINUTE_MS;
  const low = spec.direction === 'after' ? baseMs : baseMs - window;
  const high = spec.direction === 'before' ? baseMs : baseMs + window;
  const start = lowerBound(list, low, machine);
  const slice: Fact[] = [];
  for (let i = start; i < list.length; i++) {
    const ms = machine.timeOf(list[i]!);
    if (ms === null || ms > high) break;
    slice.push(list[i]!);
  }
  return spec.undated ? slice.concat(list.filter((fact) => machine.timeOf(fact) === null)) : slice;
}

function lowerBound(list: Fact[], ms: number, machine: MachineIndex): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const value = machine.timeOf(list[mid]!);
    if (value !== null && value < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Smaller is better; null when the candidate is not allowed. */
function joinDistance(base: Fact, candidate: Fact, baseMs: number | null, candidateMs: number | null, spec: JoinSpec): number | null {
  const timed = baseMs !== null && candidateMs !== null;
  if (spec.direction === 'any' && spec.withinMinutes === null) return timed ? Math.abs(candidateMs - baseMs) : 3e12;
  if (!timed) {
    if (!spec.undated) return null;
    const sameFile = base.source.file === candidate.source.file;
    if (sameFile && base.source.line !== undefined && candidate.source.line !== undefined) {
      const delta = candidate.source.line - base.source.line;
      if (spec.direction === 'before' && delta > 0) return null;
      if (spec.direction === 'after' && delta < 0) return null;
      return 1e12 + Math.abs(delta);
    }
    return spec.direction === 'any' || spec.direction === 'nearest' ? 2e12 : null;
  }
  const delta = candidateMs! - baseMs!;
  if (spec.direction === 'before' && delta > 0) return null;
  if (spec.direction === 'after' && delta < 0) return null;
  if (spec.withinMinutes !== null && Math.abs(delta) > spec.withinMinutes * MINUTE_MS) return null;
  return Math.abs(delta);
}

function sameFieldsAgree(a: Fact, b: Fact, fields: string[]): boolean {
  return fields.every((field) => {
    const x = readPath(a, field);
    const y = readPath(b, field);
    if (x === null || x === undefined || y === null || y === undefined) return true;
    return String(x).toLowerCase() === String(y).toLowerCase();
  });
}

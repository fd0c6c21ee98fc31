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
    const trusted = trustedTimes(facts, (now ?? new Date()).getTime() + FUTURE_TOLERANCE_MS);
    const order = facts.map((fact, index) => ({ fact, index, ms: trusted[index]! }));
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


  private readonly joinCandidates = new WeakMap<JoinSpec, Map<FactKind, CandidateList>>();

  /** The facts of `kind` that pass the join's own conditions (they do not depend on the base fact): filtered once per machine. */
  candidates(spec: JoinSpec, kind: FactKind, catalog: Catalog): CandidateList {
    let byKind = this.joinCandidates.get(spec);
    if (!byKind) {
      byKind = new Map();
      this.joinCandidates.set(spec, byKind);
    }
    let candidates = byKind.get(kind);
    if (!candidates) {
      let view: FactView | null = null;
      const list = (this.byKind.get(kind) ?? []).filter((fact) => {
        view ??= new FactView(fact, this, [], catalog);
        view.reset(fact);
        return spec.where(view);
      });
      candidates = new CandidateList(list, this);
      byKind.set(kind, candidates);
    }
    return candidates;
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

/** Clocks a day ahead happen (time zones written as UTC); further ahead than that, the clock was wrong. */
export const FUTURE_TOLERANCE_MS = 24 * 60 * MINUTE_MS;

/**
 * Effective times, with times after the scan (`horizonMs`) distrusted: one
 * success stamped 2099 must not make every later failure look "recovered".
 * Such an event takes the time of the event logged before it in the same file
 * (by record id, which the event log numbers in order whatever the clock said),
 * or no time when nothing came before it.
 */
function trustedTimes(facts: readonly Fact[], horizonMs: number): Array<number | null> {
  const times = facts.map((fact) => effectiveTimeMs(fact));
  const future = times.flatMap((ms, index) => (ms !== null && ms > horizonMs ? [index] : []));
  if (future.length === 0) return times;
  const byFile = new Map<string, number[]>();
  for (const [index, fact] of facts.entries()) {
    if (fact.source.recordId === undefined) continue;
    const list = byFile.get(fact.source.file);
    if (list) list.push(index);
    else byFile.set(fact.source.file, [index]);
  }
  const result = times.slice();
  for (const index of future) result[index] = null;
  for (const indexes of byFile.values()) {
    indexes.sort((a, b) => facts[a]!.source.recordId! - facts[b]!.source.recordId!);
    let previous: number | null = null;
    for (const index of indexes) {
      if (result[index] === null && times[index] !== null && times[index]! > horizonMs) result[index] = previous;
      else if (result[index] !== null) previous = Math.max(previous ?? -Infinity, result[index]!);
    }
  }
  return result;
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

const COMPUTED = new Set<string>(COMPUTED_FIELDS);

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

/** Join candidates of one kind, sorted by time (undated last), with indexes built when first asked for. */
export class CandidateList {
  readonly timedEnd: number;
  private readonly lines = new Map<number, Map<string, LineEntry[]>>();
  private runs: number[] | null = null;

  constructor(
    readonly list: Fact[],
    machine: MachineIndex,
  ) {
    let count = 0;
    while (count < list.length && machine.timeOf(list[count]!) !== null) count++;
    this.timedEnd = count;
  }

  /** Candidates from list index `from` on, by file, sorted by line then index. */
  lineIndex(from: number): Map<string, LineEntry[]> {
    let index = this.lines.get(from);
    if (!index) {
      index = new Map();
      for (let i = from; i < this.list.length; i++) {
        const { file, line } = this.list[i]!.source;
        if (line === undefined) continue;
        const entries = index.get(file);
        if (entries) entries.push({ line, index: i });
        else index.set(file, [{ line, index: i }]);
      }
      for (const entries of index.values()) entries.sort((a, b) => a.line - b.line || a.index - b.index);
      this.lines.set(from, index);
    }
    return index;
  }

  /** For each list index, where its run of candidates from one file with line numbers ends. */
  lineRuns(): number[] {
    if (!this.runs) {
      const list = this.list;
      const ends = new Array<number>(list.length);
      for (let i = list.length - 1; i >= 0; i--) {
        const here = list[i]!.source;
        const next = list[i + 1]?.source;
        ends[i] = next && here.line !== undefined && next.line !== undefined && next.file === here.file ? ends[i + 1]! : i + 1;
      }
      this.runs = ends;
    }
    return this.runs;
  }
}

/**
 * The joined fact: the nearest candidate (in time, or by line in the same file
 * for facts without time) that passes the join's conditions, ties going to the
 * earlier candidate. Candidates are visited nearest first from an index, so a
 * machine with thousands of facts costs a few steps per fact, not a scan of all.
 */
function findJoin(base: Fact, spec: JoinSpec, machine: MachineIndex, catalog: Catalog): Fact | null {
  const passes = (candidate: Fact): boolean => candidate !== base && sameFieldsAgree(base, candidate, spec.sameFields);
  let best: Fact | null = null;
  let bestDistance = Infinity;
  for (const kind of spec.kinds) {
    const found = nearestOfKind(machine.candidates(spec, kind, catalog), base, spec, machine, passes);
    if (found && found.distance < bestDistance) {
      best = found.fact;
      bestDistance = found.distance;
    }
  }
  return best;
}

interface Candidate {
  fact: Fact;
  distance: number;
}

type Passes = (fact: Fact) => boolean;

const UNDATED_SAME_FILE = 1e12;
const UNDATED_ELSEWHERE = 2e12;
const ANYWHERE_UNDATED = 3e12;

function nearestOfKind(candidates: CandidateList, base: Fact, spec: JoinSpec, machine: MachineIndex, passes: Passes): Candidate | null {
  const { list, timedEnd } = candidates;
  const baseMs = machine.timeOf(base);
  const anywhere = spec.direction === 'any' && spec.withinMinutes === null;
  if (baseMs !== null) {
    const timed = nearestInTime(list, timedEnd, baseMs, spec, machine, passes);
    if (timed && timed.distance < UNDATED_SAME_FILE) return timed;
    const undated = anywhere
      ? firstPassing(list, timedEnd, passes, ANYWHERE_UNDATED)
      : spec.undated
        ? nearestByLine(candidates, timedEnd, base, spec, passes)
        : null;
    return timed && (!undated || timed.distance <= undated.distance) ? timed : undated;
  }
  if (anywhere) return firstPassing(list, 0, passes, ANYWHERE_UNDATED);
  return spec.undated ? nearestByLine(candidates, 0, base, spec, passes) : null;
}

function firstPassing(list: Fact[], from: number, passes: Passes, distance: number): Candidate | null {
  for (let i = from; i < list.length; i++) if (passes(list[i]!)) return { fact: list[i]!, distance };
  return null;
}

/** Dated candidates (list[0..timedEnd), sorted by time) outwards from the base's time; equal distances in list order. */
function nearestInTime(list: Fact[], timedEnd: number, baseMs: number, spec: JoinSpec, machine: MachineIndex, passes: Passes): Candidate | null {
  const window = spec.withinMinutes === null ? Infinity : spec.withinMinutes * MINUTE_MS;
  const mayBefore = spec.direction !== 'after';
  const msAt = (i: number): number => machine.timeOf(list[i]!)!;
  let lo = lowerBound(list, baseMs, machine) - 1; // times below the base's
  let hi = lo + 1; // times at or above it
  for (;;) {
    const loDistance = mayBefore && lo >= 0 ? baseMs - msAt(lo) : Infinity;
    let hiDistance = hi < timedEnd ? msAt(hi) - baseMs : Infinity;
    if (spec.direction === 'before' && hiDistance > 0) hiDistance = Infinity;
    const distance = Math.min(loDistance, hiDistance);
    if (distance === Infinity || distance > window) return null;
    // every candidate at this distance, in list order (the earlier side first), stopping at the first that passes
    if (loDistance === distance) {
      const ms = msAt(lo);
      const first = lowerBound(list, ms, machine);
      for (let i = first; i <= lo; i++) if (passes(list[i]!)) return { fact: list[i]!, distance };
      lo = first - 1;
    }
    if (hiDistance === distance) {
      const ms = msAt(hi);
      for (; hi < timedEnd && msAt(hi) === ms; hi++) if (passes(list[hi]!)) return { fact: list[hi]!, distance };
    }
  }
}

/**
 * Undated pairs from list[from..]: in the same file, by line distance (in the
 * join's direction); elsewhere, the first in list order, for `nearest`/`any` only.
 */
function nearestByLine(candidates: CandidateList, from: number, base: Fact, spec: JoinSpec, passes: Passes): Candidate | null {
  const list = candidates.list;
  const baseLine = base.source.line;
  if (baseLine !== undefined) {
    const found = nearestLine(candidates.lineIndex(from).get(base.source.file) ?? [], list, baseLine, spec, passes);
    if (found) return found;
  }
  if (spec.direction !== 'any' && spec.direction !== 'nearest') return null;
  const runs = baseLine !== undefined ? candidates.lineRuns() : null;
  for (let i = from; i < list.length; ) {
    const fact = list[i]!;
    if (runs && fact.source.file === base.source.file && fact.source.line !== undefined) {
      i = runs[i]!; // this file's numbered lines were searched above
      continue;
    }
    if (passes(fact)) return { fact, distance: UNDATED_ELSEWHERE };
    i++;
  }
  return null;
}

export interface LineEntry {
  line: number;
  index: number;
}

function nearestLine(entries: LineEntry[], list: Fact[], baseLine: number, spec: JoinSpec, passes: Passes): Candidate | null {
  // entries are sorted by line, then list index; lo walks lines at or before the base's, hi those after
  let hi = upperBoundLine(entries, baseLine);
  let lo = hi - 1;
  const mayBefore = spec.direction !== 'after';
  const mayAfter = spec.direction !== 'before';
  for (;;) {
    const loLine = lo >= 0 ? entries[lo]!.line : null;
    const loDistance = loLine !== null && (mayBefore || loLine === baseLine) ? baseLine - loLine : Infinity;
    const hiDistance = mayAfter && hi < entries.length ? entries[hi]!.line - baseLine : Infinity;
    const distance = Math.min(loDistance, hiDistance);
    if (distance === Infinity) return null;
    const group: number[] = [];
    if (loDistance === distance) {
      const line = entries[lo]!.line;
      while (lo >= 0 && entries[lo]!.line === line) group.push(entries[lo--]!.index);
    }
    if (hiDistance === distance) {
      const line = entries[hi]!.line;
      while (hi < entries.length && entries[hi]!.line === line) group.push(entries[hi++]!.index);
    }
    group.sort((a, b) => a - b);
    for (const i of group) if (passes(list[i]!)) return { fact: list[i]!, distance: UNDATED_SAME_FILE + distance };
  }
}

function upperBoundLine(entries: LineEntry[], line: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.line <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

function sameFieldsAgree(a: Fact, b: Fact, fields: string[]): boolean {
  return fields.every((field) => {
    const x = readPath(a, field);
    const y = readPath(b, field);
    if (x === null || x === undefined || y === null || y === undefined) return true;
    return String(x).toLowerCase() === String(y).toLowerCase();
  });
}

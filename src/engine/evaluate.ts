/**
 * Evaluation: rules × machines → findings and verdicts, plus fleet findings.
 * Everything is linear in the number of facts: facts are indexed per machine
 * and kind once, joins use binary search over time-sorted lists, fleet rules
 * group by a key in one pass.
 */
import type { Catalog, CatalogEntry } from '../catalog.js';
import type { Fact, FactKind, SourceRef } from '../facts.js';
import { SEVERITY_RANK, type Finding, type Severity, type Verdict } from '../types.js';
import {
  COMPUTED_FIELDS,
  DAY_MS,
  MINUTE_MS,
  computedField,
  effectiveTimeMs,
  firstValue,
  readPath,
} from './fields.js';
import { GROUP_BUILTINS } from './compile.js';
import { normalizeLiteral } from './conditions.js';
import { formatValue, renderTemplate } from './render.js';
import type { AggregateSpec, JoinSpec, Rule, ValueSource } from './types.js';

export const EVIDENCE_CAP = 20;
const MACHINE_LIST_CAP = 100;

export interface MachineInput {
  name: string;
  facts: Fact[];
}

export interface MachineResult {
  name: string;
  verdict: Verdict;
  findings: Finding[];
}

export interface EvaluationResult {
  machines: MachineResult[];
  fleetFindings: Finding[];
}

export interface EvaluateOptions {
  /** Reference time for machines whose evidence carries no time at all. */
  now?: Date;
}

/** One machine's facts, sorted by time and indexed by kind. */
class MachineIndex {
  readonly byKind = new Map<FactKind, Fact[]>();
  readonly times = new Map<Fact, number | null>();
  readonly referenceMs: number | null;

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
  }


  timeOf(fact: Fact): number | null {
    return this.times.get(fact) ?? null;
  }

  factsOf(kinds: readonly FactKind[]): Fact[] {
    if (kinds.length === 1) return this.byKind.get(kinds[0]!) ?? [];
    return kinds.flatMap((kind) => this.byKind.get(kind) ?? []);
  }

  computedField(fact: Fact, name: string): unknown {
    return computedField(fact, name, this.timeOf(fact), this.referenceMs);
  }
}

/** Null times sort last. */
function compareTimes(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function compareSources(a: SourceRef, b: SourceRef): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.recordId ?? 0) - (b.recordId ?? 0)
  );
}

const COMPUTED = new Set(Object.keys(COMPUTED_FIELDS));

/** A fact as rules see it: its fields, computed fields and joined facts. */
class FactView implements ValueSource {
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

/** A group of matched facts; its aggregates are computed when first read (most groups fail `having` early). */
class GroupView implements ValueSource {
  private readonly values = new Map<string, unknown>();
  private span: { first: number | null; last: number | null } | null = null;

  constructor(
    private readonly rule: Rule,
    readonly key: string,
    readonly items: FactView[],
    private readonly catalog: Catalog,
  ) {}

  has(name: string): boolean {
    return this.values.has(name) || name in GROUP_BUILTINS || this.rule.aggregates.some((spec) => spec.name === name);
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

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function buildGroup(rule: Rule, key: string, items: FactView[], catalog: Catalog): GroupView {
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
function newestItem(items: FactView[]): FactView {
  let newest = items[0]!;
  for (const item of items) {
    const a = item.machine.timeOf(item.fact);
    const b = newest.machine.timeOf(newest.fact);
    if (a !== null ? b === null || a >= b : b === null) newest = item;
  }
  return newest;
}

/** Newest first; undated last, in source order. */
function newestFirst(a: { ms: number | null; fact: Fact }, b: { ms: number | null; fact: Fact }): number {
  if (a.ms !== null && b.ms !== null && a.ms !== b.ms) return b.ms - a.ms;
  if (a.ms === null && b.ms !== null) return 1;
  if (a.ms !== null && b.ms === null) return -1;
  return compareSources(a.fact.source, b.fact.source);
}

/** The code a fact reports (`codeFrom`), else the rule's fixed `code`. */
function findingCode(rule: Rule, item: FactView): string | null {
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

function matchFacts(rule: Rule, machine: MachineIndex, catalog: Catalog): FactView[] {
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

function groupFacts(rule: Rule, items: FactView[]): Map<string, FactView[]> {
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

interface FindingParts {
  rule: Rule;
  group: GroupView;
  items: FactView[];
  catalog: Catalog;
  groupSummary?: string;
}

function buildFinding({ rule, group, items, catalog, groupSummary }: FindingParts, recoveredBy: Fact | null): Finding {
  const newest = newestItem(items);
  const code = findingCode(rule, newest);
  const entry = code ? catalog.get(code) : undefined;
  const machines = [...new Set(items.map((item) => item.machine.name))].sort();
  const lookup = (name: string): unknown => {
    const special = specialValue(name, { code, entry, newest, machines, groupSummary, recoveredBy, group });
    if (special !== undefined) return special;
    if (group.has(name)) return group.get(name);
    const own = newest.get(name);
    if (own !== undefined) return own;
    for (const join of rule.joins) {
      const joined = newest.get(`${join.as}.${name}`);
      if (joined !== undefined && joined !== null) return joined;
    }
    return undefined;
  };
  const render = (template: string | undefined) => (template === undefined ? undefined : renderTemplate(template, lookup));
  const recovered = recoveredBy !== null;
  const baseCause = render(rule.messages.cause) ?? entry?.causes[0] ?? entry?.message ?? rule.description;
  const recoveredNote = recovered
    ? ' ' + (render(rule.messages.recovered) ?? `It succeeded afterwards (${formatValue(lookup('recoveredAt'))}), so this is no longer open.`)
    : '';
  const evidence = collectEvidence(items);
  const finding: Finding = {
    ruleId: rule.id,
    severity: recovered ? 'info' : rule.severity,
    code,
    title: render(rule.messages.title) ?? entry?.title ?? rule.title,
    cause: baseCause + recoveredNote,
    resolution: render(rule.messages.resolution) ?? (entry ? resolutionText(entry) : ''),
    nextCommand: render(rule.messages.nextCommand) ?? entry?.resolution.find((step) => step.command)?.command ?? null,
    time: (group.get('lastTime') as string | null) ?? null,
    recovered,
    evidence,
  };
  if (rule.scope === 'fleet') finding.machines = machines.slice(0, MACHINE_LIST_CAP);
  return finding;
}

interface SpecialContext {
  code: string | null;
  entry: CatalogEntry | undefined;
  newest: FactView;
  machines: string[];
  groupSummary: string | undefined;
  recoveredBy: Fact | null;
  group: GroupView;
}

function specialValue(name: string, context: SpecialContext): unknown {
  switch (name) {
    case 'code':
      return context.code;
    case 'catalog.title':
      return context.entry?.title ?? null;
    case 'catalog.message':
      return context.entry?.message ?? null;
    case 'catalog.cause':
      return context.entry?.causes[0] ?? null;
    case 'machine':
      return context.newest.machine.name;
    case 'machineList': {
      const shown = context.machines.slice(0, 10).join(', ');
      const more = context.machines.length - 10;
      return more > 0 ? `${shown} and ${more} more` : shown;
    }
    case 'seen':
      return describeSeen(context.group);
    case 'groupSummary':
      return context.groupSummary ?? null;
    case 'recoveredAt': {
      if (!context.recoveredBy) return null;
      const ms = context.newest.machine.timeOf(context.recoveredBy);
      return ms === null ? describeSource(context.recoveredBy.source) : new Date(ms).toISOString();
    }
    default:
      return undefined;
  }
}

function describeSeen(group: GroupView): string {
  const count = group.get('count') as number;
  const first = group.get('firstTime') as string | null;
  const last = group.get('lastTime') as string | null;
  const times = count === 1 ? 'once' : `${count} times`;
  if (!first || !last) return `Seen ${times} (the evidence carries no time).`;
  return first === last ? `Seen ${times}, at ${last}.` : `Seen ${times} between ${first} and ${last}.`;
}

function describeSource(source: SourceRef): string {
  return source.line !== undefined ? `${source.file} line ${source.line}` : source.file;
}

export function resolutionText(entry: CatalogEntry): string {
  return entry.resolution
    .map((step, index) => `${index + 1}. ${step.step}${step.command ? ` (${step.command})` : ''}`)
    .join(' ');
}

/** Evidence of the matched facts and the facts they were joined with, newest first, deduplicated (capped later). */
function collectEvidence(items: FactView[]): SourceRef[] {
  const facts: { fact: Fact; ms: number | null }[] = [];
  for (const item of items) {
    facts.push({ fact: item.fact, ms: item.machine.timeOf(item.fact) });
    for (const joined of item.joinedFacts()) facts.push({ fact: joined, ms: item.machine.timeOf(joined) });
  }
  facts.sort(newestFirst);
  const seen = new Set<string>();
  const evidence: SourceRef[] = [];
  for (const { fact } of facts) {
    const key = sourceKey(fact.source);
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push(fact.source);
  }
  return evidence;
}

/** The evidence list is capped for the report; `moreEvidence` says how many were left out. */
function capEvidence(finding: Finding): Finding {
  if (finding.evidence.length > EVIDENCE_CAP) {
    finding.moreEvidence = finding.evidence.length - EVIDENCE_CAP;
    finding.evidence = finding.evidence.slice(0, EVIDENCE_CAP);
  }
  return finding;
}

/** A success newer than the group's newest evidence (same product when both name one). */
function findRecovery(rule: Rule, items: FactView[], machine: MachineIndex, catalog: Catalog): Fact | null {
  if (!rule.recovery) return null;
  const newest = newestItem(items).fact;
  const activationId = readPath(newest, 'activationId');
  for (const candidate of machine.factsOf(rule.recovery.kinds)) {
    if (!isLater(candidate, newest, machine)) continue;
    const otherId = readPath(candidate, 'activationId');
    if (activationId && otherId && String(activationId).toLowerCase() !== String(otherId).toLowerCase()) continue;
    if (rule.recovery.where(new FactView(candidate, machine, [], catalog))) return candidate;
  }
  return null;
}

/** Later in time, or later in the same file when neither has a time. */
function isLater(candidate: Fact, reference: Fact, machine: MachineIndex): boolean {
  const a = machine.timeOf(candidate);
  const b = machine.timeOf(reference);
  if (a !== null && b !== null) return a > b;
  if (a !== null || b !== null) return false;
  const sameFile = candidate.source.file === reference.source.file;
  return sameFile && candidate.source.line !== undefined && reference.source.line !== undefined && candidate.source.line > reference.source.line;
}

function evaluateMachineRule(rule: Rule, machine: MachineIndex, catalog: Catalog): Finding[] {
  const matched = matchFacts(rule, machine, catalog);
  if (matched.length === 0) return [];
  const findings: Finding[] = [];
  for (const [key, items] of groupFacts(rule, matched)) {
    const group = buildGroup(rule, key, items, catalog);
    if (!rule.having(group)) continue;
    findings.push(buildFinding({ rule, group, items, catalog }, findRecovery(rule, items, machine, catalog)));
  }
  return findings;
}

function evaluateFleetRule(rule: Rule, machines: MachineIndex[], catalog: Catalog): { fleet: Finding[]; perMachine: Map<string, Finding[]> } {
  const matched = machines.flatMap((machine) => matchFacts(rule, machine, catalog));
  const passing: { group: GroupView; items: FactView[] }[] = [];
  for (const [key, items] of groupFacts(rule, matched)) {
    const group = buildGroup(rule, key, items, catalog);
    if (rule.having(group)) passing.push({ group, items });
  }
  const fleet: Finding[] = [];
  const perMachine = new Map<string, Finding[]>();
  /** Each machine gets the fleet finding with its own evidence. */
  const attach = (finding: Finding, items: FactView[]) => {
    if (!rule.attachToMachines) return;
    const byMachine = new Map<string, FactView[]>();
    for (const item of items) {
      const list = byMachine.get(item.machine.name);
      if (list) list.push(item);
      else byMachine.set(item.machine.name, [item]);
    }
    for (const [name, own] of byMachine) {
      const { machines: _machines, ...shared } = finding;
      const copy: Finding = { ...shared, evidence: collectEvidence(own), time: newestTime(own) };
      const list = perMachine.get(name);
      if (list) list.push(copy);
      else perMachine.set(name, [copy]);
    }
  };
  if (rule.overall) {
    if (!passing.length) return { fleet, perMachine };
    const items = passing.flatMap((entry) => entry.items);
    const overall = buildGroup(rule, '', items, catalog);
    overall.set('groups', passing.length);
    if (!rule.overall(overall)) return { fleet, perMachine };
    const template = rule.messages.group;
    const summary = template
      ? passing.map((entry) => renderTemplate(template, (name) => groupLookup(entry.group, name))).join('; ')
      : undefined;
    const finding = buildFinding({ rule, group: overall, items, catalog, groupSummary: summary }, null);
    fleet.push(finding);
    attach(finding, items);
    return { fleet, perMachine };
  }
  for (const { group, items } of passing) {
    const finding = buildFinding({ rule, group, items, catalog }, null);
    fleet.push(finding);
    attach(finding, items);
  }
  return { fleet, perMachine };
}

function newestTime(items: FactView[]): string | null {
  const newest = newestItem(items);
  const ms = newest.machine.timeOf(newest.fact);
  return ms === null ? null : new Date(ms).toISOString();
}

function groupLookup(group: GroupView, name: string): unknown {
  if (group.has(name)) return group.get(name);
  const newest = newestItem(group.items);
  return newest.get(name);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareNewestFirst(a.time, b.time) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.code ?? '', b.code ?? '') ||
    cmp(a.title, b.title) ||
    cmp(evidenceKey(a), evidenceKey(b))
  );
}

/** Newest first, undated last. */
function compareNewestFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Date.parse(b) - Date.parse(a);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function evidenceKey(finding: Finding): string {
  const first = finding.evidence[0];
  return first ? `${first.file}:${first.line ?? ''}:${first.recordId ?? ''}` : '';
}

export function verdictOf(findings: Finding[]): Verdict {
  let worst: Severity | null = null;
  for (const finding of findings) {
    if (finding.recovered) continue;
    if (worst === null || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]) worst = finding.severity;
  }
  return worst === 'error' ? 'failing' : worst === 'warning' ? 'warning' : 'ok';
}

/**
 * One explanation per code and machine: a fallback finding gives way to a non-fallback
 * finding with the same code, and a finding gives way to one whose rule `supersedes`
 * its rule. The first finding that stays for the code absorbs the evidence of those dropped.
 */
export function resolveOverlaps(findings: Finding[], rulesById: ReadonlyMap<string, Rule>): Finding[] {
  const byCode = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.code) continue;
    const list = byCode.get(finding.code);
    if (list) list.push(finding);
    else byCode.set(finding.code, [finding]);
  }
  const dropped = new Set<Finding>();
  for (const group of byCode.values()) {
    if (group.length < 2) continue;
    const losers = group.filter((finding) => group.some((other) => other !== finding && replaces(other, finding, rulesById)));
    if (losers.length === group.length) continue;
    const winner = group.filter((finding) => !losers.includes(finding)).sort(compareFindings)[0]!;
    for (const loser of losers) {
      dropped.add(loser);
      absorbEvidence(winner, loser);
    }
  }
  return findings.filter((finding) => !dropped.has(finding));
}

function replaces(winner: Finding, loser: Finding, rulesById: ReadonlyMap<string, Rule>): boolean {
  if (winner.ruleId === loser.ruleId) return false;
  const winnerRule = rulesById.get(winner.ruleId);
  const loserRule = rulesById.get(loser.ruleId);
  if (!winnerRule || !loserRule) return false;
  return (loserRule.fallback && !winnerRule.fallback) || winnerRule.supersedes.includes(loser.ruleId);
}

function sourceKey(ref: SourceRef): string {
  return `${ref.file}\u0000${ref.line ?? ''}\u0000${ref.recordId ?? ''}`;
}

function absorbEvidence(winner: Finding, loser: Finding): void {
  const seen = new Set(winner.evidence.map(sourceKey));
  for (const ref of loser.evidence) {
    const key = sourceKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    winner.evidence.push(ref);
  }
}

export function evaluate(machines: MachineInput[], rules: Rule[], catalog: Catalog, opts: EvaluateOptions = {}): EvaluationResult {
  const indexes = mergeMachines(machines).map(({ name, facts }) => new MachineIndex(name, facts, opts.now));
  const machineRules = rules.filter((rule) => rule.scope === 'machine');
  const fleetRules = rules.filter((rule) => rule.scope === 'fleet');
  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  const fleetFindings: Finding[] = [];
  const attached = new Map<string, Finding[]>();
  for (const rule of fleetRules) {
    const { fleet, perMachine } = evaluateFleetRule(rule, indexes, catalog);
    fleetFindings.push(...fleet);
    for (const [name, list] of perMachine) attached.set(name, [...(attached.get(name) ?? []), ...list]);
  }
  const results = indexes.map((machine) => {
    const own = machineRules.flatMap((rule) => evaluateMachineRule(rule, machine, catalog));
    const findings = resolveOverlaps([...own, ...(attached.get(machine.name) ?? [])], rulesById).map(capEvidence).sort(compareFindings);
    return { name: machine.name, verdict: verdictOf(findings), findings };
  });
  return { machines: results, fleetFindings: fleetFindings.map(capEvidence).sort(compareFindings) };
}

/** Machines are compared case-insensitively; the same name twice is one machine. */
function mergeMachines(machines: MachineInput[]): MachineInput[] {
  const merged = new Map<string, MachineInput>();
  for (const machine of machines) {
    const key = machine.name.toUpperCase();
    const existing = merged.get(key);
    if (existing) existing.facts = existing.facts.concat(machine.facts);
    else merged.set(key, { name: machine.name, facts: [...machine.facts] });
  }
  return [...merged.values()];
}


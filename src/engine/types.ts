/**
 * The compiled form of a rule file (rules/*.yaml): what the loader produces and
 * the evaluator consumes. The YAML shape is described by schema/rule.schema.json
 * and in docs/rules.md.
 */
import type { FactKind } from '../model/facts.js';
import type { Severity } from '../model/report.js';

/** Anything a condition can read: a fact (with computed fields and joins) or a group's aggregates. */
export interface ValueSource {
  get(path: string): unknown;
  /** Whether the catalog given to evaluate() has this code. */
  inCatalog(code: string): boolean;
}

export type Predicate = (source: ValueSource) => boolean;

/** `kmsClient.cmid|lower`: a dotted path plus transforms applied in order. */
export interface FieldExpr {
  path: string;
  transforms: Transform[];
  text: string;
}

export type Transform = 'lower' | 'upper' | 'shortname' | 'len';

type JoinDirection = 'before' | 'after' | 'nearest' | 'any';

/** Attach another fact of the same machine to each candidate fact, under an alias. */
export interface JoinSpec {
  as: string;
  kinds: FactKind[];
  where: Predicate;
  direction: JoinDirection;
  /** Time window; null means anywhere on the machine. */
  withinMinutes: number | null;
  /** Fields that must be equal on both facts when both carry them (e.g. activationId). */
  sameFields: string[];
  /** Whether facts without a time may be joined (their order is unknown). */
  undated: boolean;
}

export type AggregateOp = 'max' | 'min' | 'sum' | 'distinct' | 'values' | 'count' | 'rate';

export interface AggregateSpec {
  name: string;
  op: AggregateOp;
  /** First non-null of these fields (max, min, sum, distinct, values). */
  fields: FieldExpr[];
  /** Facts counted (count, rate). */
  where: Predicate | null;
}

export interface RecoverySpec {
  kinds: FactKind[];
  where: Predicate;
}

export interface RuleMessages {
  title?: string;
  cause?: string;
  resolution?: string;
  nextCommand?: string;
  /** Appended to the cause when the failure recovered. */
  recovered?: string;
  /** Rendered per group and joined into `{{groupSummary}}` (fleet rules with `overall`). */
  group?: string;
  /** A command meant for other machines than the one the finding is listed under (Finding.runOn). */
  runOnCommand?: string;
  /** Those machines, comma-separated (e.g. `{{clientNames}}`, `{{kmsHost}}`); "the KMS host" when unknown. */
  runOnMachines?: string;
}

/** Conditions as written: `field|operator: value` pairs plus `all`, `any`, `not` (compiled by conditions.ts). */
type ConditionsSource = Record<string, unknown>;

/** One `join:` entry as written. */
export interface JoinSource {
  as: string;
  kinds: FactKind[];
  where?: ConditionsSource;
  direction?: JoinDirection;
  withinMinutes?: number;
  sameFields?: string[];
  undated?: boolean;
}

/**
 * A rule as written in rules/*.yaml (schema/rule.schema.json, definitions/rule), after the
 * schema check and before compiling; test/data/schema-types.test.ts keeps the two in step.
 */
export interface RuleSource {
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  scope?: 'machine' | 'fleet';
  kinds: FactKind[];
  where?: ConditionsSource;
  join?: JoinSource | JoinSource[];
  groupBy?: string | string[];
  /** Exactly one operation each: `{ max: field }`, `{ count: conditions }` … */
  aggregate?: Record<string, Partial<Record<AggregateOp, unknown>>>;
  having?: ConditionsSource;
  overall?: ConditionsSource;
  code?: string;
  codeFrom?: string | string[];
  fallback?: boolean;
  supersedes?: string[];
  recoverable?: boolean;
  recoveredBy?: { kinds: FactKind[]; where?: ConditionsSource };
  attachToMachines?: boolean;
  subject?: ConditionsSource;
  messages?: RuleMessages;
  tests: {
    valid: { name: string; facts: TestFact[] }[];
    invalid: { name: string; facts: TestFact[]; findings: ExpectedFinding[] }[];
  };
}

/** A fact in a rule's own test case: only the fields that matter; the tester fills the rest. */
export type TestFact = { kind: FactKind } & Record<string, unknown>;

export interface ExpectedFinding {
  machine?: string | null;
  code?: string | null;
  severity?: Severity;
  recovered?: boolean;
  titleIncludes?: string;
  causeIncludes?: string;
  resolutionIncludes?: string;
  /** The exact command suggested for the machine (null: none). */
  nextCommand?: string | null;
  /** The exact command suggested for other machines (Finding.runOn), null: none. */
  runOnCommand?: string | null;
}

export interface RuleTestCase {
  name: string;
  facts: TestFact[];
  findings: ExpectedFinding[];
}

interface RuleTests {
  valid: RuleTestCase[];
  invalid: RuleTestCase[];
}

export interface Rule {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  scope: 'machine' | 'fleet';
  kinds: FactKind[];
  where: Predicate;
  joins: JoinSpec[];
  /** Group key: the first non-null of these fields. Machine rules default to the code field. */
  groupBy: FieldExpr[];
  aggregates: AggregateSpec[];
  having: Predicate;
  /** Fleet rules: conditions over the union of the groups that passed `having`; one finding in all. */
  overall: Predicate | null;
  /** Fixed catalog code, or null. */
  code: string | null;
  /** Fields to take the code from, first non-null wins (when `code` is not fixed). */
  codeFrom: FieldExpr[];
  /** Dropped when a non-fallback rule explains the same code on the same machine. */
  fallback: boolean;
  /** Rules whose findings with the same code on the same machine this rule's finding replaces. */
  supersedes: string[];
  /** Facts that, when newer than the finding's evidence, turn it into a recovered information note. */
  recovery: RecoverySpec | null;
  /** Fleet rules: also give each machine of a group its own finding (so its verdict shows it). */
  attachToMachines: boolean;
  /** Fleet rules: the facts a finding is about (evidence, machines, attachment); aggregates still see the whole group. */
  subject: Predicate | null;
  messages: RuleMessages;
  tests: RuleTests;
  /** The rule as written, for docs. */
  definition: RuleSource;
  file: string;
}

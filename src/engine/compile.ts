/**
 * From a schema-valid rule object to a compiled Rule: conditions become
 * predicates, field names are checked against the fact kinds the rule reads.
 */
import { t } from '../i18n/index.js';
import { MessageSyntaxError } from '../i18n/format.js';
import type { Catalog } from '../catalog/catalog.js';
import type { FactKind } from '../model/facts.js';
import { compileConditions, compileFieldExpr, normalizeLiteral, type FieldScope } from './conditions.js';
import { RuleFieldError } from './errors.js';
import { COMPUTED_FIELDS, FIELDS_BY_KIND } from './fields.js';
import { TEMPLATE_SPECIALS, templateNames } from './render.js';
import type {
  AggregateOp,
  AggregateSpec,
  ExpectedFinding,
  FieldExpr,
  JoinSource,
  JoinSpec,
  RecoverySpec,
  Rule,
  RuleMessages,
  RuleSource,
  RuleTestCase,
  TestFact,
} from './types.js';

type Raw = Record<string, unknown>;

/** Aggregates every group has (meanings: docs.rules.aggregate.* in messages/en/authoring.yaml). */
export const GROUP_BUILTINS = ['key', 'code', 'count', 'machines', 'firstTime', 'lastTime', 'spanDays', 'renamedClient', 'renamedMachine'] as const;

/** Aggregates `overall` may read besides the group's (meanings: docs.rules.aggregate.*). */
export const OVERALL_BUILTINS = ['groups'] as const;

/** Fields of the given kinds, plus computed fields and join aliases. */
function factScope(kinds: readonly FactKind[], joins: readonly JoinSpec[] = []): FieldScope {
  const known = new Set<string>(COMPUTED_FIELDS);
  for (const kind of kinds) for (const field of FIELDS_BY_KIND[kind]) known.add(field);
  const aliases = new Map(joins.map((join) => [join.as, factScope(join.kinds)]));
  return {
    isKnown(path) {
      const [head, ...rest] = path.split('.');
      const alias = aliases.get(head ?? '');
      if (alias) return rest.length === 0 || alias.isKnown(rest.join('.'));
      return known.has(head ?? '');
    },
    describe: () => [...known, ...aliases.keys()].sort().join(', '),
  };
}

function namesScope(names: Iterable<string>): FieldScope {
  const known = new Set(names);
  return { isKnown: (path) => known.has(path), describe: () => [...known].sort().join(', ') };
}

export function compileRule(raw: RuleSource, file: string, catalog?: Catalog): Rule {
  const kinds = raw.kinds;
  const scope = raw.scope ?? 'machine';
  const joins = asList(raw.join).map((join, index) => compileJoin(join, `join[${index}]`, kinds));
  const facts = factScope(kinds, joins);
  const aggregates = Object.entries(raw.aggregate ?? {}).map(([name, spec]) =>
    compileAggregate(name, spec as Raw, facts),
  );
  const groupNames: string[] = [...GROUP_BUILTINS, ...aggregates.map((a) => a.name)];
  const code = compileCode(raw.code, catalog);
  if (raw.overall !== undefined && scope !== 'fleet') throw new RuleFieldError('overall', t('ruleError.onlyFleetOverall'));
  if (raw.subject !== undefined && scope !== 'fleet') throw new RuleFieldError('subject', t('ruleError.onlyFleetSubject'));
  if (raw.attachToMachines !== undefined && scope !== 'fleet') {
    throw new RuleFieldError('attachToMachines', t('ruleError.onlyFleetAttach'));
  }
  const messages = raw.messages ?? {};
  checkTemplates(messages, facts, joins, [...groupNames, ...OVERALL_BUILTINS]);
  return {
    id: raw.id,
    title: raw.title,
    description: raw.description ?? '',
    severity: raw.severity,
    scope,
    kinds,
    where: compileConditions(raw.where, 'where', facts),
    joins,
    groupBy: fieldList(raw.groupBy, 'groupBy', facts),
    aggregates,
    having: compileConditions(raw.having, 'having', namesScope(groupNames)),
    overall:
      raw.overall === undefined
        ? null
        : compileConditions(raw.overall, 'overall', namesScope([...groupNames, ...OVERALL_BUILTINS])),
    code,
    codeFrom: fieldList(raw.codeFrom, 'codeFrom', facts),
    fallback: raw.fallback === true,
    supersedes: raw.supersedes ?? [],
    recovery: compileRecovery(raw),
    attachToMachines: raw.attachToMachines === true,
    subject: raw.subject === undefined ? null : compileConditions(raw.subject, 'subject', facts),
    messages,
    tests: compileTests(raw.tests),
    definition: raw,
    file,
  };
}

/** What counts as "it worked later" when a rule says `recoverable: true` without `recoveredBy`. */
const DEFAULT_RECOVERY = {
  kinds: ['activation-success', 'kms-response', 'license'] as FactKind[],
  where: {
    any: [
      { kind: 'activation-success' },
      { kind: 'kms-response', activated: true, failed: false },
      { kind: 'license', licenseStatus: 'licensed' },
    ],
  },
};

function compileRecovery(raw: RuleSource): RecoverySpec | null {
  const custom = raw.recoveredBy;
  if (custom) {
    const kinds = custom.kinds;
    return { kinds, where: compileConditions(custom.where, 'recoveredBy.where', factScope(kinds)) };
  }
  if (raw.recoverable !== true) return null;
  return { kinds: DEFAULT_RECOVERY.kinds, where: compileConditions(DEFAULT_RECOVERY.where, '', factScope(DEFAULT_RECOVERY.kinds)) };
}

function compileCode(value: unknown, catalog: Catalog | undefined): string | null {
  if (value === undefined) return null;
  const code = value as string;
  if (catalog && !catalog.has(code)) throw new RuleFieldError('code', t('ruleError.noCatalogEntry', { code }));
  return code;
}

function compileJoin(raw: JoinSource, at: string, baseKinds: FactKind[]): JoinSpec {
  const kinds = raw.kinds;
  const alias = raw.as;
  if (factScope(baseKinds).isKnown(alias)) throw new RuleFieldError(`${at}.as`, t('ruleError.aliasIsField', { alias }));
  const scope = factScope(kinds);
  const sameFields = raw.sameFields ?? [];
  sameFields.forEach((field, index) => {
    if (!factScope(baseKinds).isKnown(field) || !scope.isKnown(field)) {
      throw new RuleFieldError(`${at}.sameFields[${index}]`, t('ruleError.notJoinField', { field }));
    }
  });
  return {
    as: alias,
    kinds,
    where: compileConditions(raw.where, `${at}.where`, scope),
    direction: raw.direction ?? 'nearest',
    withinMinutes: raw.withinMinutes ?? null,
    sameFields,
    undated: raw.undated === true,
  };
}

function compileAggregate(name: string, raw: Raw, facts: FieldScope): AggregateSpec {
  if ((GROUP_BUILTINS as readonly string[]).includes(name) || (OVERALL_BUILTINS as readonly string[]).includes(name)) {
    throw new RuleFieldError(`aggregate.${name}`, t('ruleError.builtinAggregate', { name }));
  }
  const [op, value] = Object.entries(raw)[0] as [AggregateOp, unknown];
  const at = `aggregate.${name}.${op}`;
  if (op === 'count' || op === 'rate') {
    return { name, op, fields: [], where: compileConditions(value, at, facts) };
  }
  return { name, op, fields: fieldList(value, at, facts), where: null };
}

function fieldList(value: unknown, at: string, scope: FieldScope): FieldExpr[] {
  return asList(value as string | string[] | undefined).map((text, index) =>
    compileFieldExpr(text, Array.isArray(value) ? `${at}[${index}]` : at, scope),
  );
}

/** A template's syntax error in the language in force; positions count from 1, as an editor does. */
function templateSyntaxProblem(error: MessageSyntaxError): string {
  const { at, name, char } = error.details;
  return t(`ruleError.template.${error.reason}`, { at: at === undefined ? undefined : at + 1, name, char, open: '{{', close: '}}', brace: error.reason === 'unmatchedBrace' ? '}' : '{' });
}

/** Placeholders may name group aggregates, fact fields, joined fields (with or without the alias) and specials. */
function checkTemplates(messages: RuleMessages, facts: FieldScope, joins: JoinSpec[], groupNames: string[]): void {
  const known = new Set([...groupNames, ...TEMPLATE_SPECIALS]);
  const joined = joins.map((join) => factScope(join.kinds));
  for (const [key, template] of Object.entries(messages)) {
    let names: string[];
    try {
      names = templateNames(template as string);
    } catch (error) {
      if (!(error instanceof MessageSyntaxError)) throw error;
      throw new RuleFieldError(`messages.${key}`, templateSyntaxProblem(error));
    }
    for (const name of names) {
      if (known.has(name) || facts.isKnown(name) || joined.some((scope) => scope.isKnown(name))) continue;
      throw new RuleFieldError(`messages.${key}`, t('ruleError.unknownPlaceholder', { placeholder: `{{${name}}}` }));
    }
  }
}

function compileTests(raw: RuleSource['tests']): { valid: RuleTestCase[]; invalid: RuleTestCase[] } {
  const cases = (list: readonly { name: string; facts?: TestFact[]; findings?: ExpectedFinding[] }[]): RuleTestCase[] =>
    list.map((item) => ({
      name: item.name,
      facts: item.facts ?? [],
      findings: (item.findings ?? []).map((finding) => ({
        ...finding,
        ...(typeof finding.code === 'string' ? { code: normalizeLiteral(finding.code) as string } : {}),
      })),
    }));
  return { valid: cases(raw.valid), invalid: cases(raw.invalid) };
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

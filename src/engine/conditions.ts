/**
 * Sigma-style conditions compiled to predicates:
 *   { hresult|in: [...], currentCount|lt: $minimumCount, kmsHost|re: '...', cmid|exists: true,
 *     any: [ {...}, {...} ], all: [...], not: {...} }
 * Keys of one object are ANDed. A `$name` value reads another field of the same fact
 * (or aggregate); `$$text` is the literal `$text`.
 */
import { t } from '../i18n/index.js';
import { assertSafeRegex, UnsafeRegexError } from './safe-regex.js';
import { RuleFieldError } from './errors.js';
import { TRANSFORMS, compareValues, parseFieldExpr, readExpr, valuesEqual } from './fields.js';
import type { FieldExpr, Predicate, Transform, ValueSource } from './types.js';

/** Condition operators; what each means is in messages/en/authoring.yaml (docs.rules.operator.*, docs/rules.md). */
export const OPERATORS = ['eq', 'ne', 'in', 'notin', 'lt', 'lte', 'gt', 'gte', 'between', 're', 'contains', 'startswith', 'endswith', 'exists', 'incatalog'] as const;
type Operator = (typeof OPERATORS)[number];

const COMBINATORS = new Set(['all', 'any', 'not']);

/** What a condition may name: checked at load time so a misspelt field is an error. */
export interface FieldScope {
  isKnown(path: string): boolean;
  describe(): string;
}

type Operand = { ref: FieldExpr } | { literal: unknown };

export function compileConditions(raw: unknown, at: string, scope: FieldScope): Predicate {
  if (raw === undefined || raw === null) return () => true;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RuleFieldError(at, t('ruleError.conditionsMapping'));
  }
  const parts: Predicate[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const where = at ? `${at}.${key}` : key;
    if (COMBINATORS.has(key)) parts.push(compileCombinator(key, value, where, scope));
    else parts.push(compileComparison(key, value, where, scope));
  }
  if (parts.length === 1) return parts[0]!;
  return allOf(parts);
}

function allOf(parts: Predicate[]): Predicate {
  return (source) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i]!(source)) return false;
    return true;
  };
}

function anyOf(parts: Predicate[]): Predicate {
  return (source) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(source)) return true;
    return false;
  };
}

function compileCombinator(key: string, value: unknown, at: string, scope: FieldScope): Predicate {
  if (key === 'not') {
    const inner = compileConditions(value, at, scope);
    return (source) => !inner(source);
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new RuleFieldError(at, t('ruleError.combinatorList', { key }));
  }
  const inner = value.map((item, index) => compileConditions(item, `${at}[${index}]`, scope));
  return key === 'all' ? allOf(inner) : anyOf(inner);
}

export function compileFieldExpr(text: string, at: string, scope: FieldScope): FieldExpr {
  const { path, transforms } = parseFieldExpr(text);
  if (!path || !/^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/.test(path)) {
    throw new RuleFieldError(at, t('ruleError.notFieldName', { text }));
  }
  if (!scope.isKnown(path)) {
    throw new RuleFieldError(at, t('ruleError.unknownField', { field: path, known: scope.describe() }));
  }
  for (const transform of transforms) {
    if (!(TRANSFORMS as readonly string[]).includes(transform)) {
      throw new RuleFieldError(at, t('ruleError.unknownTransform', { transform, known: TRANSFORMS.join(', ') }));
    }
  }
  return { path, transforms: transforms as Transform[], text };
}

function compileComparison(key: string, value: unknown, at: string, scope: FieldScope): Predicate {
  const parts = key.split('|');
  const last = parts[parts.length - 1] ?? '';
  const hasOperator = parts.length > 1 && (OPERATORS as readonly string[]).includes(last);
  const operator: Operator = hasOperator ? (last as Operator) : Array.isArray(value) ? 'in' : 'eq';
  const fieldText = hasOperator ? parts.slice(0, -1).join('|') : key;
  if (parts.length > 1 && !hasOperator && !(TRANSFORMS as readonly string[]).includes(last)) {
    throw new RuleFieldError(at, t('ruleError.unknownModifier', { modifier: last, operators: OPERATORS.join(', ') }));
  }
  const field = compileFieldExpr(fieldText, at, scope);
  return compileOperator(field, operator, value, at, scope);
}

function compileOperator(field: FieldExpr, operator: Operator, value: unknown, at: string, scope: FieldScope): Predicate {
  const read = (source: ValueSource) => readExpr(source, field);
  switch (operator) {
    case 'exists':
    case 'incatalog': {
      if (typeof value !== 'boolean') throw new RuleFieldError(at, t('ruleError.takesBoolean', { operator }));
      if (operator === 'exists') return (source) => isPresent(read(source)) === value;
      return (source) => {
        const actual = read(source);
        return typeof actual === 'string' && source.inCatalog(actual) === value;
      };
    }
    case 'in':
    case 'notin': {
      const operands = listOperands(value, at, scope);
      const negate = operator === 'notin';
      return (source) => {
        const actual = read(source);
        if (!isPresent(actual)) return false;
        let found = false;
        for (let i = 0; i < operands.length && !found; i++) found = valuesEqual(actual, resolve(operands[i]!, source));
        return found !== negate;
      };
    }
    case 'between': {
      const bounds = listOperands(value, at, scope);
      if (bounds.length !== 2) throw new RuleFieldError(at, t('ruleError.betweenBounds'));
      const [low, high] = bounds as [Operand, Operand];
      return (source) => {
        const actual = read(source);
        const a = compareValues(actual, resolve(low, source));
        const b = compareValues(actual, resolve(high, source));
        return a !== null && b !== null && a >= 0 && b <= 0;
      };
    }
    case 're': {
      if (typeof value !== 'string') throw new RuleFieldError(at, t('ruleError.reString'));
      let pattern: RegExp;
      try {
        pattern = new RegExp(value, 'i');
      } catch (error) {
        throw new RuleFieldError(at, t('ruleError.badRegex', { pattern: value, reason: (error as Error).message }));
      }
      try {
        assertSafeRegex(value);
      } catch (error) {
        if (!(error instanceof UnsafeRegexError)) throw error;
        throw new RuleFieldError(at, t('ruleError.unsafeRegex', { pattern: value, reason: error.message }));
      }
      return (source) => {
        const actual = read(source);
        if (Array.isArray(actual)) return actual.some((item) => typeof item === 'string' && pattern.test(item));
        return (typeof actual === 'string' || typeof actual === 'number') && pattern.test(String(actual));
      };
    }
    case 'contains':
    case 'startswith':
    case 'endswith':
      return compileTextOperator(read, operator, scalarOperand(value, at, scope));
    default:
      return compileScalarOperator(read, operator, scalarOperand(value, at, scope));
  }
}

function compileTextOperator(read: (s: ValueSource) => unknown, operator: Operator, operand: Operand): Predicate {
  const test = (text: string, needle: string) => {
    const haystack = text.toLowerCase();
    if (operator === 'contains') return haystack.includes(needle);
    return operator === 'startswith' ? haystack.startsWith(needle) : haystack.endsWith(needle);
  };
  return (source) => {
    const needle = resolve(operand, source);
    if (!isPresent(needle)) return false;
    const lowered = String(needle).toLowerCase();
    const actual = read(source);
    if (Array.isArray(actual)) return actual.some((item) => typeof item === 'string' && test(item, lowered));
    return typeof actual === 'string' && test(actual, lowered);
  };
}

function compileScalarOperator(read: (s: ValueSource) => unknown, operator: Operator, operand: Operand): Predicate {
  return (source) => {
    const actual = read(source);
    const expected = resolve(operand, source);
    if (!isPresent(actual)) return false;
    if (operator === 'eq') return valuesEqual(actual, expected);
    if (operator === 'ne') return isPresent(expected) ? !valuesEqual(actual, expected) : true;
    const order = compareValues(actual, expected);
    if (order === null) return false;
    if (operator === 'lt') return order < 0;
    if (operator === 'lte') return order <= 0;
    if (operator === 'gt') return order > 0;
    return order >= 0;
  };
}

function scalarOperand(value: unknown, at: string, scope: FieldScope): Operand {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    throw new RuleFieldError(at, t('ruleError.singleValue'));
  }
  return operand(value, at, scope);
}

function listOperands(value: unknown, at: string, scope: FieldScope): Operand[] {
  if (!Array.isArray(value)) throw new RuleFieldError(at, t('ruleError.listOfValues'));
  return value.map((item, index) => scalarOperand(item, `${at}[${index}]`, scope));
}

function operand(value: unknown, at: string, scope: FieldScope): Operand {
  if (typeof value === 'string' && value.startsWith('$$')) return { literal: value.slice(1) };
  if (typeof value === 'string' && value.startsWith('$')) return { ref: compileFieldExpr(value.slice(1), at, scope) };
  return { literal: normalizeLiteral(value) };
}

/** `0xc004f074` and `0x0` in a rule compare equal to the facts' `0xC004F074` and `0x00000000`. */
export function normalizeLiteral(value: unknown): unknown {
  if (typeof value === 'string' && /^0x[0-9a-f]{1,8}$/i.test(value)) {
    return `0x${value.slice(2).toUpperCase().padStart(8, '0')}`;
  }
  return value;
}

function resolve(operand: Operand, source: ValueSource): unknown {
  return 'ref' in operand ? readExpr(source, operand.ref) : operand.literal;
}

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'number') return Number.isFinite(value);
  return true;
}


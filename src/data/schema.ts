/**
 * The JSON schemas in schema/, compiled by one Ajv, and the one translation
 * of a schema error into a field and a problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { t } from '../i18n/index.js';
import { DataFileError, joinField } from './errors.js';
import { loadAjvPackage } from './lazy.js';
import { SCHEMA_DIR } from './paths.js';
import type { YamlData } from './yaml.js';

/** schema/<name>.schema.json; `rule` validates one rule (a file may hold a list). */
export type SchemaName = 'rule' | 'catalog-entry' | 'policy' | 'report';

export interface SchemaProblem {
  /** `resolution[1].command`; empty for the whole value. */
  field: string;
  /** The same path as a list, for line look-ups. */
  path: (string | number)[];
  problem: string;
}

let ajv: AjvInstance | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

function schemaFile(name: SchemaName): string {
  return join(SCHEMA_DIR, `${name}.schema.json`);
}

export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaFile(name), 'utf8')) as Record<string, unknown>;
}

function validator(name: SchemaName): ValidateFunction {
  const cached = validators.get(name);
  if (cached) return cached;
  const { Ajv } = loadAjvPackage();
  ajv ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const schema = readSchema(name);
  let compiled: ValidateFunction | undefined;
  if (name === 'rule') {
    ajv.addSchema(schema);
    compiled = ajv.getSchema(`${String(schema.$id)}#/definitions/rule`);
  } else {
    compiled = ajv.compile(schema);
  }
  if (!compiled) throw new Error(`schema/${name}.schema.json cannot be compiled`);
  validators.set(name, compiled);
  return compiled;
}

/** Every problem that keeps `value` from matching the schema, the most specific first (empty when valid). */
export function schemaProblems(name: SchemaName, value: unknown): SchemaProblem[] {
  const validate = validator(name);
  if (validate(value)) return [];
  // A name refused by `propertyNames` is reported by the inner error, which knows the name and why.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if' && error.keyword !== 'propertyNames');
  const depth = (error: ErrorObject): number => errorPath(error).length;
  return [...errors].sort((a, b) => depth(b) - depth(a)).map(toProblem);
}

/** Throws a DataFileError for the first schema problem of a value read from `file`. */
export function assertSchema(name: SchemaName, value: unknown, file: string, source?: YamlData, prefix: (string | number)[] = []): void {
  const problem = schemaProblems(name, value)[0];
  if (!problem) return;
  const path = [...prefix, ...problem.path];
  throw new DataFileError(file, joinField(fieldName(prefix), problem.field), problem.problem, source?.lineOf(path) ?? null);
}

function toProblem(error: ErrorObject): SchemaProblem {
  const path = errorPath(error);
  return { field: fieldName(path), path, problem: describe(error) };
}

function errorPath(error: ErrorObject): (string | number)[] {
  const params = error.params as Record<string, unknown>;
  const extra = (params.missingProperty ?? params.additionalProperty ?? error.propertyName) as string | undefined;
  const pointer = extra === undefined ? error.instancePath : `${error.instancePath}/${extra}`;
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `['where', 'any', 1, 'kmsHost']` → `where.any[1].kmsHost`. */
function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** JSON types in words: `string` → "text", `array` → "a list". */
function typeNames(type: unknown): string {
  const names: Record<string, string> = {
    string: t('dataFile.schema.typeName.string'),
    number: t('dataFile.schema.typeName.number'),
    integer: t('dataFile.schema.typeName.integer'),
    boolean: t('dataFile.schema.typeName.boolean'),
    array: t('dataFile.schema.typeName.array'),
    object: t('dataFile.schema.typeName.object'),
    null: t('dataFile.schema.typeName.null'),
  };
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  return types.map((name) => names[name] ?? name).join(t('dataFile.schema.or'));
}

type Params = Record<string, unknown>;
const limitOf = (params: Params): number => Number(params.limit);

/**
 * One sentence per schema keyword, in the language in force. Every keyword
 * schema/*.json uses has its own (test/data/schema-messages.test.ts checks); `oneOf`, `if`
 * and `propertyNames` are reported by the errors inside them.
 */
export const KEYWORD_PROBLEMS: Readonly<Record<string, (params: Params) => string>> = {
  required: () => t('dataFile.schema.required'),
  additionalProperties: () => t('dataFile.schema.unknownProperty'),
  enum: (params) => t('dataFile.schema.oneOf', { values: (params.allowedValues as unknown[]).join(', ') }),
  type: (params) => t('dataFile.schema.type', { types: typeNames(params.type) }),
  const: (params) => t('dataFile.schema.const', { value: String(params.allowedValue) }),
  pattern: (params) => t('dataFile.schema.pattern', { pattern: String(params.pattern) }),
  minLength: (params) => (limitOf(params) === 1 ? t('dataFile.schema.notEmpty') : t('dataFile.schema.minLength', { limit: limitOf(params) })),
  maxLength: (params) => t('dataFile.schema.maxLength', { limit: limitOf(params) }),
  minItems: (params) => (limitOf(params) === 1 ? t('dataFile.schema.notEmpty') : t('dataFile.schema.minItems', { limit: limitOf(params) })),
  maxItems: (params) => t('dataFile.schema.maxItems', { limit: limitOf(params) }),
  minProperties: (params) => (limitOf(params) === 1 ? t('dataFile.schema.notEmpty') : t('dataFile.schema.minProperties', { limit: limitOf(params) })),
  maxProperties: (params) => t('dataFile.schema.maxProperties', { limit: limitOf(params) }),
  uniqueItems: (params) => t('dataFile.schema.uniqueItems', { first: Number(params.j), second: Number(params.i) }),
  minimum: (params) => t('dataFile.schema.minimum', { limit: limitOf(params) }),
  maximum: (params) => t('dataFile.schema.maximum', { limit: limitOf(params) }),
  exclusiveMinimum: (params) => t('dataFile.schema.exclusiveMinimum', { limit: limitOf(params) }),
  exclusiveMaximum: (params) => t('dataFile.schema.exclusiveMaximum', { limit: limitOf(params) }),
  anyOf: () => t('dataFile.schema.anyOf'),
};

function describe(error: ErrorObject): string {
  const params = error.params as Params;
  if (error.propertyName !== undefined) return t('dataFile.schema.propertyName', { pattern: String(params.pattern ?? '') });
  const problem = Object.hasOwn(KEYWORD_PROBLEMS, error.keyword) ? KEYWORD_PROBLEMS[error.keyword] : undefined;
  return problem ? problem(params) : t('dataFile.schema.other', { keyword: error.keyword });
}

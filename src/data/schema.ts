/**
 * The JSON schemas in schema/, compiled by one Ajv, and the one translation
 * of a schema error into a field and a problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
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
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if');
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
  const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
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

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a known property here';
  if (error.keyword === 'enum') return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  return error.message ?? 'does not match the schema';
}

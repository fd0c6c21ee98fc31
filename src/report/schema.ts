/** Validation of a report against schema/report.schema.json (the public JSON contract). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

// ajv is CommonJS: under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default.default ?? AjvModule.default;

/** Finds `schema/<name>` above this module (works from src/ under ts-jest and from dist/src/). */
export function findSchemaFile(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'schema', name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`activation-doctor: cannot find schema/${name} above ${fileURLToPath(import.meta.url)}`);
}

export function loadSchema(name: string): object {
  return JSON.parse(readFileSync(findSchemaFile(name), 'utf8')) as object;
}

/** Compiles a schema from schema/ once; all errors are collected, not just the first. */
export function compileSchema(name: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  return ajv.compile(loadSchema(name));
}

/** `/machines/0/facts/3/hresult: must match pattern "^0x[0-9A-F]{8}$"` */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((err) => {
    const where = err.instancePath || '/';
    const extra = err.keyword === 'additionalProperties' ? ` '${String((err.params as { additionalProperty?: string }).additionalProperty)}'` : '';
    const allowed = err.keyword === 'enum' ? `: ${(err.params as { allowedValues?: unknown[] }).allowedValues?.map((v) => JSON.stringify(v)).join(', ')}` : '';
    return `${where}: ${err.message ?? err.keyword}${extra}${allowed}`;
  });
}

let reportValidator: ValidateFunction | undefined;

/** Errors that make `value` not a valid report (empty when it is valid). */
export function validateReport(value: unknown): string[] {
  reportValidator ??= compileSchema('report.schema.json');
  return reportValidator(value) ? [] : formatSchemaErrors(reportValidator.errors);
}

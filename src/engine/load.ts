/**
 * Loading rule files: YAML/JSON → schema validation (ajv) → compiled rules.
 * Every problem is a RuleLoadError naming the file and the field.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse as parseYaml, YAMLParseError, type ScalarTag } from 'yaml';
import type { Catalog } from '../catalog/catalog.js';
import { RULES_DIR, SCHEMA_DIR } from '../data/paths.js';
import { compileRule } from './compile.js';
import { RuleFieldError, RuleLoadError } from './errors.js';
import type { Rule } from './types.js';

const RULE_FILE = /\.(ya?ml|json)$/i;

/** YAML 1.2 reads `0xC004F074` as a number; in rules it is always an HRESULT string. */
const hresultTag: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:str',
  test: /^0x[0-9a-fA-F]+$/,
  resolve: (text: string) => (text.length <= 10 ? `0x${text.slice(2).toUpperCase().padStart(8, '0')}` : text),
};

let validator: ValidateFunction | null = null;

function ruleValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'rule.schema.json'), 'utf8')) as { $id: string };
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(schema);
  const ruleSchema = ajv.getSchema(`${schema.$id}#/definitions/rule`);
  if (!ruleSchema) throw new Error('schema/rule.schema.json has no definitions/rule');
  validator = ruleSchema;
  return validator;
}

/** Files that hold rules: top-level *.yaml, *.yml, *.json of each directory (not catalog/). */
export function ruleFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir);
  } catch (error) {
    throw new RuleLoadError(dir, '', `cannot read the rules directory (${(error as Error).message})`);
  }
  return names
    .filter((name) => RULE_FILE.test(name))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Rules of the given directories (default: the shipped rules/); ids must be unique across all. */
export function loadRules(dirs: string[] = [RULES_DIR], catalog?: Catalog): Rule[] {
  if (dirs.length === 0) dirs = [RULES_DIR];
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const file of ruleFiles(dir)) {
      for (const rule of loadRuleFile(file, catalog)) {
        const earlier = seen.get(rule.id);
        if (earlier) throw new RuleLoadError(file, 'id', `rule id "${rule.id}" is already defined in ${earlier}`);
        seen.set(rule.id, file);
        rules.push(rule);
      }
    }
  }
  return rules;
}

export function loadRuleFile(file: string, catalog?: Catalog): Rule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RuleLoadError(file, '', `cannot read the file (${(error as Error).message})`);
  }
  return parseRuleText(text, file, catalog);
}

/** Parse and compile the text of one rule file (exported for tests and for `rules test`). */
export function parseRuleText(text: string, file: string, catalog?: Catalog): Rule[] {
  const document = parseDocument(text, file);
  const items = Array.isArray(document) ? document : [document];
  if (items.length === 0) throw new RuleLoadError(file, '', 'the file holds no rule');
  return items.map((item, index) => {
    const prefix = Array.isArray(document) ? `[${index}]` : '';
    validateShape(item, file, prefix);
    try {
      return compileRule(item as Record<string, unknown>, file, catalog);
    } catch (error) {
      if (error instanceof RuleFieldError) throw new RuleLoadError(file, joinField(prefix, error.field), error.message);
      throw error;
    }
  });
}

function parseDocument(text: string, file: string): unknown {
  try {
    return parseYaml(text.replace(/^\uFEFF/, ''), {
      customTags: (tags) => [hresultTag, ...tags.filter((tag) => (tag as ScalarTag).format !== 'HEX')],
      prettyErrors: true,
    });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    throw new RuleLoadError(file, '', `not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function validateShape(item: unknown, file: string, prefix: string): void {
  const validate = ruleValidator();
  if (validate(item)) return;
  const error = mostSpecificError(validate.errors ?? []);
  if (!error) throw new RuleLoadError(file, prefix, 'does not match schema/rule.schema.json');
  throw new RuleLoadError(file, joinField(prefix, errorField(error)), describeSchemaError(error));
}

/** The deepest error is the one that names the field the author got wrong. */
function mostSpecificError(errors: ErrorObject[]): ErrorObject | undefined {
  const depth = (error: ErrorObject) => errorField(error).split(/[.[]/).length;
  return [...errors]
    .filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if')
    .sort((a, b) => depth(b) - depth(a))[0] ?? errors[0];
}

function errorField(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const extra = (params.missingProperty ?? params.additionalProperty) as string | undefined;
  const pointer = extra ? `${error.instancePath}/${extra}` : error.instancePath;
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function describeSchemaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `is required`;
  if (error.keyword === 'additionalProperties') return `is not a known property here`;
  if (error.keyword === 'enum') return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  return error.message ?? 'does not match schema/rule.schema.json';
}

function joinField(prefix: string, field: string): string {
  if (!prefix) return field;
  if (!field) return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

/**
 * Loading rules: rule files (YAML/JSON) → schema validation → compiled rules.
 * The built-in rules/ come precompiled from the build (data/builtin.ts);
 * folders given with --rules go through the data-file loader.
 * Every problem is a DataFileError naming the file and the field.
 */
import { t } from '../i18n/index.js';
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { builtinData, builtinPath } from '../data/builtin.js';
import { DataFileError, joinField } from '../data/errors.js';
import { dataFiles, readDataFile } from '../data/load.js';
import { RULES_DIR } from '../data/paths.js';
import { assertSchema } from '../data/schema.js';
import { parseYaml, type YamlData } from '../data/yaml.js';
import { compileRule } from './compile.js';
import { RuleFieldError } from './errors.js';
import type { Rule, RuleSource } from './types.js';

const RULE_FILE = /\.(ya?ml|json)$/i;

/** A rule as written in its file, before compiling: what the build stores for rules/. */
export interface RuleDefinition {
  file: string;
  /** Position in a file that holds a list of rules; null for a file with one rule. */
  index: number | null;
  /** Checked against schema/rule.schema.json. */
  definition: RuleSource;
}

/** Rules of the given directories (default: the shipped rules/); ids must be unique across all. */
export function loadRules(dirs: string[] = [RULES_DIR], catalog?: Catalog): Rule[] {
  if (dirs.length === 0) dirs = [RULES_DIR];
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    for (const rule of rulesOfDir(dir, catalog)) {
      const earlier = seen.get(rule.id);
      if (earlier) throw new DataFileError(rule.file, 'id', t('ruleError.duplicateId', { id: rule.id, earlier }));
      seen.set(rule.id, rule.file);
      rules.push(rule);
    }
  }
  return rules;
}

function rulesOfDir(dir: string, catalog: Catalog | undefined): Rule[] {
  const builtin = resolve(dir) === RULES_DIR ? builtinData() : null;
  if (builtin) return builtin.rules.map((rule) => compileDefinition({ ...rule, file: builtinPath(rule.file) }, catalog));
  return dataFiles(dir, RULE_FILE, 'rules').flatMap((file) => compileSource(readDataFile(file), file, catalog));
}

/** Every rule of a folder's top-level *.yaml, *.yml and *.json files, validated (the build stores them). */
export function readRuleDir(dir: string, catalog?: Catalog): RuleDefinition[] {
  return dataFiles(dir, RULE_FILE, 'rules').flatMap((file) => {
    const source = readDataFile(file);
    const definitions = definitionsOf(source, file);
    for (const definition of definitions) compileDefinition(definition, catalog, source);
    return definitions;
  });
}

/** Parse and compile the text of one rule file (for tests and for `rules test`). */
export function parseRuleText(text: string, file: string, catalog?: Catalog): Rule[] {
  return compileSource(parseYaml(text, file), file, catalog);
}

function compileSource(source: YamlData, file: string, catalog: Catalog | undefined): Rule[] {
  return definitionsOf(source, file).map((definition) => compileDefinition(definition, catalog, source));
}

function definitionsOf(source: YamlData, file: string): RuleDefinition[] {
  const listed = Array.isArray(source.value);
  const items: unknown[] = listed ? (source.value as unknown[]) : [source.value];
  if (items.length === 0) throw new DataFileError(file, '', t('ruleError.noRule'));
  return items.map((item, index) => {
    assertSchema('rule', item, file, source, listed ? [index] : []);
    return { file, index: listed ? index : null, definition: item as RuleSource };
  });
}

function compileDefinition({ file, index, definition }: RuleDefinition, catalog: Catalog | undefined, source?: YamlData): Rule {
  try {
    return compileRule(definition, file, catalog);
  } catch (error) {
    if (!(error instanceof RuleFieldError)) throw error;
    const at = index === null ? [] : [index];
    const path = error.field
      .split(/[.[\]]+/)
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const line = source?.lineOf([...at, ...path]) ?? null;
    throw new DataFileError(file, joinField(index === null ? '' : `[${index}]`, error.field), error.message, line);
  }
}

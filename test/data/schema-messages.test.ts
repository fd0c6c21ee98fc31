/** Every schema keyword our schemas use has its own sentence, in every language (no raw ajv English). */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from '../../src/data/paths.js';
import { KEYWORD_PROBLEMS, schemaProblems } from '../../src/data/schema.js';
import { withLanguage } from '../../src/i18n/index.js';

/** Keywords that hold other schemas or say nothing themselves: their failures are reported by the schemas inside. */
const NOT_FAILING_ON_THEIR_OWN = new Set([
  '$schema',
  '$id',
  '$ref',
  'title',
  'description',
  'default',
  'examples',
  'definitions',
  'properties',
  'items',
  'allOf',
  'oneOf',
  'if',
  'then',
  'else',
  'propertyNames',
]);

/** Keywords in schema position (not the names under `properties` or `definitions`). */
function keywordsOf(schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) return schema.forEach((item) => keywordsOf(item, into));
  if (typeof schema !== 'object' || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    into.add(key);
    if (key === 'properties' || key === 'definitions' || key === 'patternProperties')
      for (const child of Object.values(value as object)) keywordsOf(child, into);
    else if (key !== 'enum' && key !== 'const' && key !== 'required' && key !== 'examples' && key !== 'default') keywordsOf(value, into);
  }
}

describe('schema problems in words', () => {
  it('every keyword in schema/*.json that can fail has a sentence', () => {
    const used = new Set<string>();
    for (const name of readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.json')))
      keywordsOf(JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8')), used);
    const missing = [...used].filter((keyword) => !NOT_FAILING_ON_THEIR_OWN.has(keyword) && !(keyword in KEYWORD_PROBLEMS)).sort();
    expect(missing).toEqual([]);
  });

  it('a policy with a number where text belongs, in German and Japanese', () => {
    const value = { name: 'gold', require: { channel: [1] } };
    expect(withLanguage('de', () => schemaProblems('policy', value)[0]?.problem)).toBe('muss ein Text sein');
    expect(withLanguage('ja', () => schemaProblems('policy', value)[0]?.problem)).toBe('テキストでなければなりません');
  });

  it('a refused aggregate name is the field, with the pattern it must match', () => {
    const rule = {
      id: 'a-b',
      title: 'x',
      severity: 'error',
      kinds: ['kms-request'],
      aggregate: { 'Bad Name': { max: 'currentCount' } },
      tests: { valid: [{ name: 'v', facts: [] }], invalid: [] },
    };
    expect(schemaProblems('rule', rule).find((problem) => problem.field === 'aggregate.Bad Name')?.problem).toMatch(/^is not an allowed name here \(pattern /);
  });
});

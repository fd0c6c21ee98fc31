import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { evaluate, loadRules, parseRuleText } from '../../src/engine/index.js';
import { DataFileError } from '../../src/data/errors.js';
import type { Fact } from '../../src/model/facts.js';
import { fixtureCatalog } from './catalog-fixture.js';

const workDir = mkdtempSync(join(tmpdir(), 'engine-load-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const TESTS = `
tests:
  valid:
    - name: nothing
      facts: [{ kind: kms-request, hresult: '0x00000000' }]
  invalid:
    - name: failure
      facts: [{ kind: kms-request, hresult: '0xC004F074' }]
      findings: [{ code: '0xC004F074' }]
`;

function ruleText(body: string, id = 'test-rule'): string {
  return `id: ${id}\ntitle: A test rule\nseverity: error\nkinds: [kms-request]\n${body}${TESTS}`;
}

function loadError(text: string, file = 'rules/broken.yaml', catalog = fixtureCatalog()): DataFileError {
  try {
    parseRuleText(text, file, catalog);
  } catch (error) {
    if (error instanceof DataFileError) return error;
    throw error;
  }
  throw new Error('expected a DataFileError');
}

function writeDir(name: string, files: Record<string, string>): string {
  const dir = join(workDir, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe('a broken rule file is a DataFileError naming the file and the field', () => {
  it.each([
    ['a missing required property', 'id: r\ntitle: t\nkinds: [kms-request]\n' + TESTS, 'severity'],
    ['a severity outside the enum', ruleText('').replace('severity: error', 'severity: fatal'), 'severity'],
    ['a misspelt property', ruleText('wher: { hresult: 0xC004F074 }\n'), 'wher'],
    ['an unknown fact kind', ruleText('').replace('kinds: [kms-request]', 'kinds: [kms-requests]'), 'kinds[0]'],
    ['a field the kinds do not carry', ruleText('where: { curentCount|lt: 5 }\n'), 'where.curentCount|lt'],
    ['an unknown modifier', ruleText('where: { kmsHost|regex: kms }\n'), 'where.kmsHost|regex'],
    ['an invalid regular expression', ruleText("where: { kmsHost|re: '(kms' }\n"), 'where.kmsHost|re'],
    ['a regular expression that backtracks catastrophically (issue 20 case 17)', ruleText("where: { kmsHost|re: '^(a+)+$' }\n"), 'where.kmsHost|re'],
    ['a nested condition', ruleText('where: { any: [ { hresult: 0x0 }, { kmsHots: x } ] }\n'), 'where.any[1].kmsHots'],
    ['a reference to an unknown field', ruleText('where: { minimumCount|lt: $currentCount }\n'), 'where.minimumCount|lt'],
    ['a list where one value is expected', ruleText('where: { minimumCount|lt: [1, 2] }\n'), 'where.minimumCount|lt'],
    ['an unknown placeholder', ruleText('messages: { title: "host {{kmsHots}}" }\n'), 'messages.title'],
    ['a having on an undeclared aggregate', ruleText('having: { failures|gte: 2 }\n'), 'having.failures|gte'],
    ['an invalid code', ruleText('code: C004F074\n'), 'code'],
    ['an invalid case without expected findings', ruleText('').replace("      findings: [{ code: '0xC004F074' }]\n", ''), 'tests.invalid[0].findings'],
    ['overall on a machine rule', ruleText('overall: { groups|gte: 2 }\n'), 'overall'],
  ])('%s', (_, text, field) => {
    const error = loadError(text);
    expect(error.file).toBe('rules/broken.yaml');
    expect(error.field).toBe(field);
    expect(error.message).toContain('rules/broken.yaml');
    expect(error.message).toContain(`"${field}"`);
  });

  it('invalid YAML names the file and the line', () => {
    const error = loadError('id: r\ntitle: [unclosed\n');
    expect(error.field).toBe('');
    expect(error.message).toMatch(/rules\/broken\.yaml: not valid YAML \(line \d+\)/);
  });

  it('a list of rules names the index of the broken one', () => {
    const text = `- ${ruleText('', 'first').split('\n').join('\n  ')}\n- ${ruleText('', 'second').replace('severity: error', 'severity: 3').split('\n').join('\n  ')}`;
    expect(loadError(text).field).toBe('[1].severity');
  });

  it('a code the catalog lacks is an error with a catalog and accepted without one', () => {
    const text = ruleText('code: 0xC004FFFF\n');
    expect(loadError(text).field).toBe('code');
    expect(parseRuleText(text, 'rules/ok.yaml')[0]?.code).toBe('0xC004FFFF');
  });

  it('two rules with the same id in different directories', () => {
    const first = writeDir('dup-a', { 'a.yaml': ruleText('', 'same-id') });
    const second = writeDir('dup-b', { 'b.yml': ruleText('', 'same-id') });
    expect(() => loadRules([first, second])).toThrow(DataFileError);
    try {
      loadRules([first, second]);
    } catch (error) {
      expect((error as DataFileError).file).toBe(join(second, 'b.yml'));
      expect((error as DataFileError).field).toBe('id');
    }
  });

  it('a directory that does not exist', () => {
    const missing = join(workDir, 'nowhere');
    let caught: unknown;
    try {
      loadRules([missing]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataFileError);
    expect((caught as DataFileError).file).toBe(missing);
  });
});

describe('loading', () => {
  it('reads top-level .yaml, .yml and .json files and skips catalog/ and other files', () => {
    const dir = writeDir('mixed', {
      'one.yaml': ruleText('', 'one'),
      'two.json': JSON.stringify(parseYamlLike('two')),
      'notes.txt': 'not a rule',
      'catalog/0xC004F074.yaml': 'code: 0xC004F074\ntitle: not a rule\n',
    });
    expect(loadRules([dir]).map((rule) => rule.id)).toEqual(['one', 'two']);
  });

  it('the default is the shipped rules directory, with unique ids', () => {
    const rules = loadRules();
    expect(rules.length).toBeGreaterThanOrEqual(20);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    expect(loadRules([]).length).toBe(rules.length);
  });

  it('unquoted HRESULTs in YAML are strings, normalised to 8 upper-case digits', () => {
    const [rule] = parseRuleText(ruleText('where: { hresult: 0xc004f074 }\ncode: 0xC004F074\n'), 'r.yaml', fixtureCatalog());
    const fact = { kind: 'kms-request', machine: 'PC01', time: null, source: { file: 'x' }, hresult: '0xC004F074' } as unknown as Fact;
    const result = evaluate([{ name: 'PC01', facts: [fact] }], [rule!], fixtureCatalog());
    expect(result.machines[0]?.findings.map((f) => f.code)).toEqual(['0xC004F074']);
  });

  it('$$ is a literal dollar, $ a field reference', () => {
    const [rule] = parseRuleText(ruleText("where: { kmsHost: '$$cash' }\n"), 'r.yaml');
    const fact = (kmsHost: string) => ({ kind: 'kms-request', machine: 'PC01', time: null, source: { file: 'x' }, kmsHost }) as unknown as Fact;
    const count = (host: string) => evaluate([{ name: 'PC01', facts: [fact(host)] }], [rule!], fixtureCatalog()).machines[0]?.findings.length;
    expect(count('$cash')).toBe(1);
    expect(count('cash')).toBe(0);
  });
});

function parseYamlLike(id: string): Record<string, unknown> {
  return {
    id,
    title: 'JSON rule',
    severity: 'warning',
    kinds: ['kms-request'],
    where: { hresult: '0xC004F074' },
    tests: {
      valid: [{ name: 'ok', facts: [{ kind: 'kms-request', hresult: '0x00000000' }] }],
      invalid: [{ name: 'bad', facts: [{ kind: 'kms-request', hresult: '0xC004F074' }], findings: [{ severity: 'warning' }] }],
    },
  };
}

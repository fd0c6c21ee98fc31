/**
 * The generic rule tester: every shipped rule's own valid and invalid cases.
 */
import { describe, expect, it } from '@jest/globals';
import { loadRules, testRules } from '../../src/engine/index.js';
import { checkInvalidCase, runTestCase } from '../../src/engine/tester.js';
import { RULES_DIR } from '../../src/data/paths.js';
import { evaluate } from '../../src/engine/index.js';
import type { Fact } from '../../src/model/facts.js';
import { SEED_CODES, SUPPLEMENTARY_CODES, fixtureCatalog } from './catalog-fixture.js';

const catalog = fixtureCatalog();
const rules = loadRules([RULES_DIR], catalog);

describe('shipped rules', () => {
  it('load with the catalog and carry their own tests', () => {
    expect(rules.length).toBeGreaterThanOrEqual(20);
    for (const rule of rules) {
      expect(rule.tests.valid.length).toBeGreaterThan(0);
      expect(rule.tests.invalid.length).toBeGreaterThan(0);
    }
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      for (const testCase of rule.tests.valid) {
        it(`valid: ${testCase.name}`, () => {
          const findings = runTestCase(rule, testCase, catalog);
          expect(findings.map((f) => `${f.code} ${f.title}: ${f.cause}`)).toEqual([]);
        });
      }
      for (const testCase of rule.tests.invalid) {
        it(`invalid: ${testCase.name}`, () => {
          expect(checkInvalidCase(runTestCase(rule, testCase, catalog), testCase.findings)).toBeNull();
        });
      }
    });
  }

  it('testRules() reports the same cases as passed', () => {
    const result = testRules(rules, catalog);
    const cases = rules.reduce((sum, rule) => sum + rule.tests.valid.length + rule.tests.invalid.length, 0);
    expect(result).toMatchObject({ passed: cases, failed: 0 });
    expect(result.output).toContain(`${cases} passed, 0 failed`);
  });
});

describe('every catalog code seen in evidence is explained by some rule', () => {
  const failure = (code: string, kind: 'activation-error' | 'kms-request'): Fact =>
    ({
      kind, machine: 'PC01', time: '2026-10-02T08:00:00.000Z', source: { file: 'Application.xml', recordId: 1 },
      hresult: code, context: 'event 8198', message: null, activationId: null, kmsHost: 'kms01', minimumCount: 25,
    }) as unknown as Fact;

  it.each([...SEED_CODES, ...SUPPLEMENTARY_CODES])('%s in an activation error', (code) => {
    const { machines } = evaluate([{ name: 'PC01', facts: [failure(code, 'activation-error')] }], rules, catalog);
    const findings = machines[0]!.findings.filter((f) => f.code === code);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.evidence).toEqual([{ file: 'Application.xml', recordId: 1 }]);
  });

  it.each(SEED_CODES.filter((code) => code.startsWith('0xC004F')))('%s in a 12288 KMS request', (code) => {
    const { machines } = evaluate([{ name: 'PC01', facts: [failure(code, 'kms-request')] }], rules, catalog);
    expect(machines[0]!.findings.some((f) => f.code === code && !f.recovered)).toBe(true);
  });
});

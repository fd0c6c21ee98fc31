/**
 * The generic rule tester: every shipped rule's own valid and invalid cases.
 */
import { describe, expect, it } from '@jest/globals';
import { loadRules, testRules } from '../../src/engine/index.js';
import { checkInvalidCase, runTestCase } from '../../src/engine/tester.js';
import { RULES_DIR } from '../../src/paths.js';
import { fixtureCatalog } from './catalog-fixture.js';

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

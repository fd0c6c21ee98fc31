/**
 * Every counterexample a fuzz run ever found (fixtures/fuzz/<target>-<hash>.bin,
 * params in the .json next to it) replayed through the same invariants.
 */
import { describe, expect, it } from '@jest/globals';
import { CHECKS } from './checks.js';
import { savedCases } from './harness.js';

const cases = savedCases();

describe('fuzz regressions (fixtures/fuzz/)', () => {
  it('every saved case names a known target', () => {
    expect(cases.filter((c) => !(c.target in CHECKS)).map((c) => c.name)).toEqual([]);
  });

  for (const saved of cases) {
    it(saved.name, async () => {
      await CHECKS[saved.target]!(saved);
    });
  }
});

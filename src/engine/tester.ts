/**
 * The generic rule tester (like ESLint's RuleTester): every rule carries
 * `tests.valid` (facts that must not trigger it) and `tests.invalid` (facts that
 * must, with the findings expected). `activation-doctor rules test` runs them.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Fact } from '../model/facts.js';
import type { Finding } from '../model/report.js';
import { evaluate, type MachineInput } from './evaluate.js';
import type { ExpectedFinding, Rule, RuleTestCase } from './types.js';

const TEST_MACHINE = 'PC01';

export interface RuleTestResult {
  passed: number;
  failed: number;
  output: string;
}

type Located = Finding & { machine: string | null };

/** Complete a test case's partial facts into machines the engine can evaluate. */
function testCaseMachines(rule: Rule, testCase: RuleTestCase): MachineInput[] {
  const machines = new Map<string, Fact[]>();
  testCase.facts.forEach((partial, index) => {
    const machine = typeof partial.machine === 'string' ? partial.machine : TEST_MACHINE;
    const fact = {
      time: null,
      source: { file: `${rule.id}: ${testCase.name}`, line: index + 1 },
      ...partial,
      machine,
    } as unknown as Fact;
    machines.set(machine, [...(machines.get(machine) ?? []), fact]);
  });
  return [...machines].map(([name, facts]) => ({ name, facts }));
}

export function runTestCase(rule: Rule, testCase: RuleTestCase, catalog: Catalog): Located[] {
  const result = evaluate(testCaseMachines(rule, testCase), [rule], catalog);
  const located: Located[] = result.fleetFindings.map((finding) => ({ ...finding, machine: null }));
  for (const machine of result.machines) {
    for (const finding of machine.findings) located.push({ ...finding, machine: machine.name });
  }
  return located.filter((finding) => finding.ruleId === rule.id);
}

function matches(actual: Located, expected: ExpectedFinding): boolean {
  if (expected.machine !== undefined && actual.machine !== expected.machine) return false;
  if (expected.code !== undefined && actual.code !== expected.code) return false;
  if (expected.severity !== undefined && actual.severity !== expected.severity) return false;
  if (expected.recovered !== undefined && actual.recovered !== expected.recovered) return false;
  if (expected.titleIncludes !== undefined && !actual.title.includes(expected.titleIncludes)) return false;
  if (expected.causeIncludes !== undefined && !actual.cause.includes(expected.causeIncludes)) return false;
  if (expected.resolutionIncludes !== undefined && !actual.resolution.includes(expected.resolutionIncludes)) return false;
  if (expected.nextCommand !== undefined && actual.nextCommand !== expected.nextCommand) return false;
  if (expected.runOnCommand !== undefined && (actual.runOn?.command ?? null) !== expected.runOnCommand) return false;
  return true;
}

function describe(finding: Located): string {
  const command = finding.nextCommand ? ` | next: ${finding.nextCommand}` : '';
  const runOn = finding.runOn ? ` | on ${finding.runOn.machines.join(', ')}: ${finding.runOn.command}` : '';
  return `${finding.machine ?? 'fleet'} ${finding.severity} ${finding.code ?? '-'}${finding.recovered ? ' recovered' : ''}: ${finding.title} | ${finding.cause}${command}${runOn}`;
}

/** Why an invalid case failed, or null when every expected finding was produced and nothing else. */
export function checkInvalidCase(actual: Located[], expected: ExpectedFinding[]): string | null {
  const unused = [...actual];
  for (const want of expected) {
    const index = unused.findIndex((finding) => matches(finding, want));
    if (index < 0) {
      const got = actual.length ? actual.map(describe).join('\n      ') : 'no finding';
      return `expected ${JSON.stringify(want)}\n      got ${got}`;
    }
    unused.splice(index, 1);
  }
  if (unused.length) return `unexpected finding(s):\n      ${unused.map(describe).join('\n      ')}`;
  return null;
}

export function testRules(rules: Rule[], catalog: Catalog): RuleTestResult {
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  const record = (rule: Rule, kind: string, testCase: RuleTestCase, problem: string | null) => {
    if (problem === null) {
      passed++;
      lines.push(`  ok    ${rule.id} ${kind}: ${testCase.name}`);
    } else {
      failed++;
      lines.push(`  FAIL  ${rule.id} ${kind}: ${testCase.name}\n      ${problem}`);
    }
  };
  for (const rule of rules) {
    for (const testCase of rule.tests.valid) {
      const actual = safeRun(rule, testCase, catalog);
      const problem = typeof actual === 'string' ? actual : actual.length ? `expected no finding, got:\n      ${actual.map(describe).join('\n      ')}` : null;
      record(rule, 'valid', testCase, problem);
    }
    for (const testCase of rule.tests.invalid) {
      const actual = safeRun(rule, testCase, catalog);
      record(rule, 'invalid', testCase, typeof actual === 'string' ? actual : checkInvalidCase(actual, testCase.findings));
    }
  }
  lines.push(`${passed} passed, ${failed} failed (${rules.length} rules)`);
  return { passed, failed, output: lines.join('\n') };
}

function safeRun(rule: Rule, testCase: RuleTestCase, catalog: Catalog): Located[] | string {
  try {
    return runTestCase(rule, testCase, catalog);
  } catch (error) {
    return `the engine threw: ${(error as Error).message}`;
  }
}

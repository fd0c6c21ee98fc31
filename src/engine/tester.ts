/**
 * The generic rule tester (like ESLint's RuleTester): every rule carries
 * `tests.valid` (facts that must not trigger it) and `tests.invalid` (facts that
 * must, with the findings expected). `activation-doctor rules test` runs them.
 */
import type { Catalog } from '../catalog/catalog.js';
import { t } from '../i18n/index.js';
import { displayWidth, padToWidth } from '../i18n/width.js';
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
  // A rule's own cases quote its English messages.
  const result = evaluate(testCaseMachines(rule, testCase), [rule], catalog, { lang: 'en' });
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

/** One finding on one line: where, severity and code as the rule file writes them, then its (English) text. */
function describe(finding: Located): string {
  const command = finding.nextCommand ? ` | ${t('ruleTest.next', { command: finding.nextCommand })}` : '';
  const runOn = finding.runOn ? ` | ${t('ruleTest.runOn', { machines: finding.runOn.machines.join(', '), command: finding.runOn.command })}` : '';
  const recovered = finding.recovered ? ` ${t('ruleTest.recovered')}` : '';
  return `${finding.machine ?? t('ruleTest.fleet')} ${finding.severity} ${finding.code ?? '-'}${recovered}: ${finding.title} | ${finding.cause}${command}${runOn}`;
}

const DETAIL_INDENT = '\n      ';

function findingLines(findings: Located[]): string {
  return findings.map(describe).join(DETAIL_INDENT);
}

/** Why an invalid case failed, or null when every expected finding was produced and nothing else. */
export function checkInvalidCase(actual: Located[], expected: ExpectedFinding[]): string | null {
  const unused = [...actual];
  for (const want of expected) {
    const index = unused.findIndex((finding) => matches(finding, want));
    if (index < 0) {
      const got = actual.length ? t('ruleTest.got', { findings: findingLines(actual) }) : t('ruleTest.gotNothing');
      return `${t('ruleTest.expected', { finding: JSON.stringify(want) })}${DETAIL_INDENT}${got}`;
    }
    unused.splice(index, 1);
  }
  if (unused.length) return `${t('ruleTest.unexpected', { count: unused.length })}${DETAIL_INDENT}${findingLines(unused)}`;
  return null;
}

/** Runs every case of every rule; the output is in the language in force (the findings quoted keep the rule's English text, which the cases match). */
export function testRules(rules: Rule[], catalog: Catalog): RuleTestResult {
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  const pass = t('ruleTest.pass');
  const fail = t('ruleTest.fail');
  const statusWidth = Math.max(displayWidth(pass), displayWidth(fail));
  const record = (rule: Rule, kind: 'valid' | 'invalid', testCase: RuleTestCase, problem: string | null) => {
    const status = padToWidth(problem === null ? pass : fail, statusWidth);
    const line = `  ${t('ruleTest.caseLine', { status, rule: rule.id, kind: t(kind === 'valid' ? 'ruleTest.valid' : 'ruleTest.invalid'), name: testCase.name })}`;
    if (problem === null) {
      passed++;
      lines.push(line);
    } else {
      failed++;
      lines.push(`${line}${DETAIL_INDENT}${problem}`);
    }
  };
  for (const rule of rules) {
    for (const testCase of rule.tests.valid) {
      const actual = safeRun(rule, testCase, catalog);
      const problem = typeof actual === 'string' ? actual : actual.length ? `${t('ruleTest.expectedNone')}${DETAIL_INDENT}${findingLines(actual)}` : null;
      record(rule, 'valid', testCase, problem);
    }
    for (const testCase of rule.tests.invalid) {
      const actual = safeRun(rule, testCase, catalog);
      record(rule, 'invalid', testCase, typeof actual === 'string' ? actual : checkInvalidCase(actual, testCase.findings));
    }
  }
  lines.push(t('ruleTest.summary', { passed, failed, rules: rules.length }));
  return { passed, failed, output: lines.join('\n') };
}

function safeRun(rule: Rule, testCase: RuleTestCase, catalog: Catalog): Located[] | string {
  try {
    return runTestCase(rule, testCase, catalog);
  } catch (error) {
    return t('ruleTest.threw', { message: (error as Error).message });
  }
}

/**
 * The diagnosis engine: rules as data (rules/*.yaml) evaluated over facts.
 */
export { RuleLoadError } from './errors.js';
export { loadRules, loadRuleFile, parseRuleText, ruleFiles } from './load.js';
export { evaluate, EVIDENCE_CAP } from './evaluate.js';
export type { EvaluateOptions, EvaluationResult, MachineInput, MachineResult } from './evaluate.js';
export { listRules, renderRulesDoc } from './docs.js';
export { testRules, runTestCase } from './tester.js';
export type { RuleTestResult } from './tester.js';
export type { Rule, RuleTestCase, ExpectedFinding, TestFact } from './types.js';

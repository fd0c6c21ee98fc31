/**
 * The diagnosis engine: rules as data (rules/*.yaml) evaluated over facts.
 */
export { loadRules, parseRuleText } from './load.js';
export { evaluate, EVIDENCE_CAP } from './evaluate.js';
export type { MachineInput } from './evaluate.js';
export { listRules, renderRulesDoc } from './docs.js';
export { testRules } from './tester.js';
export type { Rule } from './types.js';

/**
 * Evaluation: rules × machines → findings and verdicts, plus fleet findings.
 * Everything is linear in the number of facts: facts are indexed per machine
 * and kind once, joins use binary search over time-sorted lists, fleet rules
 * group by a key in one pass.
 */
import type { Catalog } from '../catalog.js';
import type { Fact } from '../facts.js';
import type { Finding, Verdict } from '../types.js';
import {
  buildFinding,
  capEvidence,
  collectEvidence,
  compareFindings,
  findRecovery,
  groupLookup,
  newestTime,
  resolveOverlaps,
  verdictOf,
} from './finding.js';
import { buildGroup, groupFacts, matchFacts, type GroupView } from './group.js';
import { MachineIndex, type FactView } from './machine.js';
import { renderTemplate } from './render.js';
import type { Rule } from './types.js';

export { EVIDENCE_CAP, compareFindings, verdictOf } from './finding.js';

export interface MachineInput {
  name: string;
  facts: Fact[];
}

export interface MachineResult {
  name: string;
  verdict: Verdict;
  findings: Finding[];
}

export interface EvaluationResult {
  machines: MachineResult[];
  fleetFindings: Finding[];
}

export interface EvaluateOptions {
  /** Reference time for machines whose evidence carries no time at all. */
  now?: Date;
}

function evaluateMachineRule(rule: Rule, machine: MachineIndex, catalog: Catalog): Finding[] {
  const matched = matchFacts(rule, machine, catalog);
  if (matched.length === 0) return [];
  const findings: Finding[] = [];
  for (const [key, items] of groupFacts(rule, matched)) {
    const group = buildGroup(rule, key, items, catalog);
    if (!rule.having(group)) continue;
    findings.push(buildFinding({ rule, group, items, catalog }, findRecovery(rule, items, machine, catalog)));
  }
  return findings;
}

function evaluateFleetRule(rule: Rule, machines: MachineIndex[], catalog: Catalog): { fleet: Finding[]; perMachine: Map<string, Finding[]> } {
  const matched = machines.flatMap((machine) => matchFacts(rule, machine, catalog));
  const passing: { group: GroupView; items: FactView[] }[] = [];
  for (const [key, items] of groupFacts(rule, matched)) {
    const group = buildGroup(rule, key, items, catalog);
    if (rule.having(group)) passing.push({ group, items });
  }
  const fleet: Finding[] = [];
  const perMachine = new Map<string, Finding[]>();
  /** Each machine gets the fleet finding with its own evidence. */
  const attach = (finding: Finding, items: FactView[]) => {
    if (!rule.attachToMachines) return;
    const byMachine = new Map<string, FactView[]>();
    for (const item of items) {
      const list = byMachine.get(item.machine.name);
      if (list) list.push(item);
      else byMachine.set(item.machine.name, [item]);
    }
    for (const [name, own] of byMachine) {
      const { machines: _machines, ...shared } = finding;
      const copy: Finding = { ...shared, evidence: collectEvidence(own), time: newestTime(own) };
      const list = perMachine.get(name);
      if (list) list.push(copy);
      else perMachine.set(name, [copy]);
    }
  };
  if (rule.overall) {
    if (!passing.length) return { fleet, perMachine };
    const items = passing.flatMap((entry) => entry.items);
    const overall = buildGroup(rule, '', items, catalog);
    overall.set('groups', passing.length);
    if (!rule.overall(overall)) return { fleet, perMachine };
    const template = rule.messages.group;
    const summary = template
      ? passing.map((entry) => renderTemplate(template, (name) => groupLookup(entry.group, name))).join('; ')
      : undefined;
    const finding = buildFinding({ rule, group: overall, items, catalog, groupSummary: summary }, null);
    fleet.push(finding);
    attach(finding, items);
    return { fleet, perMachine };
  }
  for (const { group, items } of passing) {
    const finding = buildFinding({ rule, group, items, catalog }, null);
    fleet.push(finding);
    attach(finding, items);
  }
  return { fleet, perMachine };
}


export function evaluate(machines: MachineInput[], rules: Rule[], catalog: Catalog, opts: EvaluateOptions = {}): EvaluationResult {
  const indexes = mergeMachines(machines).map(({ name, facts }) => new MachineIndex(name, facts, opts.now));
  const machineRules = rules.filter((rule) => rule.scope === 'machine');
  const fleetRules = rules.filter((rule) => rule.scope === 'fleet');
  const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
  const fleetFindings: Finding[] = [];
  const attached = new Map<string, Finding[]>();
  for (const rule of fleetRules) {
    const { fleet, perMachine } = evaluateFleetRule(rule, indexes, catalog);
    fleetFindings.push(...fleet);
    for (const [name, list] of perMachine) attached.set(name, [...(attached.get(name) ?? []), ...list]);
  }
  const results = indexes.map((machine) => {
    const own = machineRules.flatMap((rule) => evaluateMachineRule(rule, machine, catalog));
    const findings = resolveOverlaps([...own, ...(attached.get(machine.name) ?? [])], rulesById).map(capEvidence).sort(compareFindings);
    return { name: machine.name, verdict: verdictOf(findings), findings };
  });
  return { machines: results, fleetFindings: fleetFindings.map(capEvidence).sort(compareFindings) };
}

/** Machines are compared case-insensitively; the same name twice is one machine. */
function mergeMachines(machines: MachineInput[]): MachineInput[] {
  const merged = new Map<string, MachineInput>();
  for (const machine of machines) {
    const key = machine.name.toUpperCase();
    const existing = merged.get(key);
    if (existing) existing.facts = existing.facts.concat(machine.facts);
    else merged.set(key, { name: machine.name, facts: [...machine.facts] });
  }
  return [...merged.values()];
}


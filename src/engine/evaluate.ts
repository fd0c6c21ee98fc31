/**
 * Evaluation: rules × machines → findings and verdicts, plus fleet findings.
 * Everything is linear in the number of facts: facts are indexed per machine
 * and kind once, joins use binary search over time-sorted lists, fleet rules
 * group by a key in one pass.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Fact } from '../model/facts.js';
import type { Finding } from '../model/report.js';
import { compareFindings } from '../pipeline/assemble.js';
import {
  buildFinding,
  capEvidence,
  collectEvidence,
  findRecovery,
  groupLookup,
  newestTime,
  resolveOverlaps,
} from './finding.js';
import { buildGroup, groupFacts, matchFacts, type GroupView } from './group.js';
import { MachineIndex, type FactView } from './machine.js';
import { renderTemplate } from './render.js';
import type { Rule } from './types.js';
import { currentLanguage, joinGroups, localizeCatalog, localizeRules, withLanguage, type Language } from '../i18n/index.js';

export { EVIDENCE_CAP } from './finding.js';

export interface MachineInput {
  name: string;
  facts: Fact[];
}

interface MachineResult {
  name: string;
  /** In report order (pipeline/assemble.ts decides the order and the verdict). */
  findings: Finding[];
}

export interface EvaluationResult {
  machines: MachineResult[];
  fleetFindings: Finding[];
}

export interface EvaluateOptions {
  /** Reference time for machines whose evidence carries no time at all. */
  now?: Date;
  /** Language of the findings' text (default: the language in force, see src/i18n). */
  lang?: Language;
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

interface FleetResult {
  fleet: Finding[];
  perMachine: Map<string, Finding[]>;
}

interface PassingGroup {
  group: GroupView;
  items: FactView[];
}

function evaluateFleetRule(rule: Rule, machines: MachineIndex[], catalog: Catalog): FleetResult {
  const result: FleetResult = { fleet: [], perMachine: new Map() };
  const passing = passingGroups(rule, machines, catalog);
  if (!rule.overall) {
    for (const { group, items } of passing) report(rule, result, group, items, catalog);
    return result;
  }
  if (!passing.length) return result;
  const items = passing.flatMap((entry) => entry.items);
  const overall = buildGroup(rule, '', items, catalog);
  overall.set('groups', passing.length);
  if (!rule.overall(overall)) return result;
  const template = rule.messages.group;
  const summary = template
    ? joinGroups(passing.map((entry) => renderTemplate(template, (name) => groupLookup(entry.group, name))))
    : undefined;
  report(rule, result, overall, items, catalog, summary);
  return result;
}

function passingGroups(rule: Rule, machines: MachineIndex[], catalog: Catalog): PassingGroup[] {
  const matched = machines.flatMap((machine) => matchFacts(rule, machine, catalog));
  const passing: PassingGroup[] = [];
  for (const [key, items] of groupFacts(rule, matched)) {
    const group = buildGroup(rule, key, items, catalog);
    if (rule.having(group)) passing.push({ group, items });
  }
  return passing;
}

/** One fleet finding about the group's `subject` facts; with attachToMachines, a copy per machine with its own evidence. */
function report(rule: Rule, result: FleetResult, group: GroupView, items: FactView[], catalog: Catalog, groupSummary?: string): void {
  const subject = rule.subject ? items.filter((item) => rule.subject!(item)) : items;
  if (!subject.length) return;
  const finding = buildFinding({ rule, group, items: subject, catalog, groupSummary }, null);
  result.fleet.push(finding);
  if (!rule.attachToMachines) return;
  const byMachine = new Map<string, FactView[]>();
  for (const item of subject) {
    const list = byMachine.get(item.machine.name);
    if (list) list.push(item);
    else byMachine.set(item.machine.name, [item]);
  }
  const { machines: _machines, ...shared } = finding;
  for (const [name, own] of byMachine) {
    const copy: Finding = { ...shared, evidence: collectEvidence(own), time: newestTime(own) };
    const list = result.perMachine.get(name);
    if (list) list.push(copy);
    else result.perMachine.set(name, [copy]);
  }
}


export function evaluate(machines: MachineInput[], rules: Rule[], catalog: Catalog, opts: EvaluateOptions = {}): EvaluationResult {
  const lang = opts.lang ?? currentLanguage();
  return withLanguage(lang, () => evaluateIn(machines, localizeRules(rules, lang), localizeCatalog(catalog, lang), opts));
}

function evaluateIn(machines: MachineInput[], rules: Rule[], catalog: Catalog, opts: EvaluateOptions): EvaluationResult {
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
    return { name: machine.name, findings };
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


/**
 * Findings: text from templates and the catalog, evidence, recovery, ordering,
 * verdicts, and one explanation per code and machine.
 */
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import type { Fact, LicenseFact, SourceRef } from '../model/facts.js';
import { EVALUATION_COMMAND, evaluationResolution, forOffice, forOfficeProse, isEvaluationFact, isOfficeFact, mentionsVolumeActivation } from './advice.js';
import type { Finding } from '../model/report.js';
import { compareFindings } from '../pipeline/assemble.js';
import { readPath } from './fields.js';
import { contextPhrase } from './event-context.js';
import { findingCode, newestFirst, newestItem, type GroupView } from './group.js';
import { FactView, type MachineIndex } from './machine.js';
import { formatValue, isUnknown, renderComplete, renderTemplate, templatePlaceholders } from './render.js';
import type { Rule } from './types.js';
import { joinSentences, t, withLanguage } from '../i18n/index.js';

export const EVIDENCE_CAP = 20;
const MACHINE_LIST_CAP = 100;

export interface FindingParts {
  rule: Rule;
  group: GroupView;
  items: FactView[];
  catalog: Catalog;
  groupSummary?: string;
}

export function buildFinding({ rule, group, items, catalog, groupSummary }: FindingParts, recoveredBy: Fact | null): Finding {
  const newest = newestItem(items);
  const code = findingCode(rule, newest);
  const entry = code ? catalog.get(code) : undefined;
  const machines = [...new Set(items.map((item) => item.machine.name))].sort();
  const lookup = templateLookup(rule, group, { code, entry, newest, machines, groupSummary, recoveredBy, group });
  const render = (template: string | undefined) => (template === undefined ? undefined : renderTemplate(template, lookup));
  const recovered = recoveredBy !== null;
  const recoveredNote = recovered ? render(rule.messages.recovered) ?? t('finding.recoveredNote', { when: formatValue(lookup('recoveredAt')) }) : '';
  const ownCommand = rule.messages.nextCommand === undefined ? null : renderComplete(rule.messages.nextCommand, lookup);
  const advice = adviceFor(
    render(rule.messages.resolution) ?? (entry ? resolutionText(entry) : ''),
    // a rule whose command is for other machines never falls back to the catalog's (that one is for this machine)
    rule.messages.runOnCommand !== undefined ? ownCommand : ownCommand ?? entry?.resolution.find((step) => step.command)?.command ?? null,
    subjectFacts(newest),
  );
  const finding: Finding = {
    ruleId: rule.id,
    severity: recovered ? 'info' : rule.severity,
    code,
    title: render(rule.messages.title) ?? entry?.title ?? rule.title,
    cause: joinSentences([render(rule.messages.cause) ?? entry?.causes[0] ?? entry?.message ?? rule.description, recoveredNote]),
    resolution: advice.resolution,
    nextCommand: advice.nextCommand,
    time: newestTime(items),
    recovered,
    evidence: collectEvidence(items),
  };
  const runOn = otherMachinesCommand(rule, lookup);
  if (runOn) finding.runOn = runOn;
  if (rule.scope === 'fleet') finding.machines = machines.slice(0, MACHINE_LIST_CAP);
  return finding;
}

/** The newest fact and the facts joined to it: what the advice is about. */
function subjectFacts(newest: FactView): Fact[] {
  return [newest.fact, ...newest.joinedFacts()];
}

/** The command for the machine the finding is listed under, right for its product. */
function adviceFor(resolution: string, nextCommand: string | null, facts: readonly Fact[]): { resolution: string; nextCommand: string | null } {
  if (facts.some(isOfficeFact)) {
    return { resolution: forOfficeProse(resolution), nextCommand: nextCommand === null ? null : forOffice(nextCommand, true) };
  }
  if (facts.some(isEvaluationFact) && mentionsVolumeActivation(resolution, nextCommand)) {
    return { resolution: evaluationResolution(), nextCommand: EVALUATION_COMMAND };
  }
  return { resolution, nextCommand };
}

/** A finding about other machines: which ones, and the command to run there (never in nextCommand). */
function otherMachinesCommand(rule: Rule, lookup: (name: string) => unknown): Finding['runOn'] | null {
  const template = rule.messages.runOnCommand;
  if (template === undefined) return null;
  const command = renderComplete(template, lookup);
  if (command === null) return null;
  const names = rule.messages.runOnMachines;
  const named = names !== undefined && templatePlaceholders(names).every((name) => !isUnknown(lookup(name)));
  // names as the evidence writes them, split on the ", " formatValue joins lists with
  const machines = named ? withLanguage('en', () => renderTemplate(names, lookup)).split(/,\s*/).filter(Boolean) : [t('advice.unnamedKmsHost')];
  return { machines, command };
}

/** Placeholder values: specials, then the group's aggregates, the newest fact, and its joined facts. */
function templateLookup(rule: Rule, group: GroupView, context: SpecialContext): (name: string) => unknown {
  return (name) => {
    const special = specialValue(name, context);
    if (special !== undefined) return special;
    if (group.has(name)) return group.get(name);
    const own = context.newest.get(name);
    if (own !== undefined) return own;
    for (const join of rule.joins) {
      const joined = context.newest.get(`${join.as}.${name}`);
      if (joined !== undefined && joined !== null) return joined;
    }
    return undefined;
  };
}

interface SpecialContext {
  code: string | null;
  entry: CatalogEntry | undefined;
  newest: FactView;
  machines: string[];
  groupSummary: string | undefined;
  recoveredBy: Fact | null;
  group: GroupView;
}

function specialValue(name: string, context: SpecialContext): unknown {
  switch (name) {
    case 'code':
      return context.code;
    case 'context':
      return contextPhrase(context.newest.fact);
    case 'catalog.title':
      return context.entry?.title ?? null;
    case 'catalog.message':
      return context.entry?.message ?? null;
    case 'catalog.cause':
      return context.entry?.causes[0] ?? context.entry?.message ?? null;
    case 'machine':
      return context.newest.machine.name;
    case 'productName':
      return productName(context.newest.fact);
    case 'product':
      return namedProduct(context.newest) ?? t('finding.thisProduct');
    case 'activateCommand':
      return subjectFacts(context.newest).some(isOfficeFact) ? 'cscript ospp.vbs /act' : 'cscript slmgr.vbs /ato';
    case 'historyCommand':
      return subjectFacts(context.newest).some(isOfficeFact) ? 'cscript ospp.vbs /dhistorykms' : null;
    case 'statusCommand':
      return subjectFacts(context.newest).some(isOfficeFact) ? 'cscript ospp.vbs /dstatus' : 'cscript slmgr.vbs /dlv';
    case 'machineList': {
      const shown = context.machines.slice(0, 10).join(', ');
      const more = context.machines.length - 10;
      return more > 0 ? t('finding.machineListMore', { shown, more }) : shown;
    }
    case 'seen':
      return describeSeen(context.group);
    case 'groupSummary':
      return context.groupSummary ?? null;
    case 'recoveredAt': {
      if (!context.recoveredBy) return null;
      const ms = context.newest.machine.timeOf(context.recoveredBy);
      return ms === null ? describeSource(context.recoveredBy.source) : new Date(ms).toISOString();
    }
    default:
      return undefined;
  }
}

function describeSeen(group: GroupView): string {
  const count = group.get('count') as number;
  const first = group.get('firstTime') as string | null;
  const last = group.get('lastTime') as string | null;
  const products = failedProducts(group);
  if (group.items.every((item) => item.fact.time === null)) return describeTimeless(group, count, products);
  if (!first || !last) return t('finding.seenNoTime', { count, products });
  return first === last
    ? t('finding.seenAt', { count, products, last: formatValue(last) })
    : t('finding.seenBetween', { count, products, first: formatValue(first), last: formatValue(last) });
}

/**
 * The product the evidence names: its own license fact, else a license block of the
 * same machine with the same activation id, else the machine's only installed product.
 */
function namedProduct(newest: FactView): string | null {
  const facts = subjectFacts(newest);
  const own = facts.find((fact): fact is LicenseFact => fact.kind === 'license' && fact.product !== null);
  if (own) return own.product;
  // slmgr's `Activating <product> (…)` line and ospp /act blocks name the product on the failure itself
  const failure = facts.find((fact) => fact.kind === 'activation-error' && fact.product);
  if (failure?.kind === 'activation-error' && failure.product) return failure.product;
  const ids = new Set(facts.map((fact) => readPath(fact, 'activationId')).filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase()));
  const licenses = newest.machine.factsOf(['license']).filter((fact): fact is LicenseFact => fact.kind === 'license' && fact.keyInstalled !== false && fact.product !== null);
  const same = licenses.find((fact) => fact.activationId !== null && ids.has(fact.activationId.toLowerCase()));
  if (same) return same.product;
  // the machine's only installed product, when nothing contradicts it (no other activation id, same product family)
  const office = facts.some(isOfficeFact);
  const candidates = licenses.filter((fact) => isOfficeFact(fact) === office && (fact.activationId === null || ids.size === 0));
  const products = new Set(candidates.map((fact) => fact.product));
  return products.size === 1 && licenses.length === candidates.length ? [...products][0]! : null;
}

/** ` for <product> and <product>` when failures name their products (slmgr's Activating line, ospp /act blocks). */
function failedProducts(group: GroupView): string {
  const products = [...new Set(group.items.map((item) => (item.fact.kind === 'activation-error' ? item.fact.product : null)).filter((p): p is string => !!p))];
  if (products.length === 0) return '';
  const shown = products.slice(0, 3);
  const more = products.length - shown.length;
  const head = shown.length === 1 ? shown[0]! : t('finding.productListLast', { list: shown.slice(0, -1).join(t('punctuation.listSeparator')), last: shown[shown.length - 1]! });
  return t('finding.forProducts', { list: more > 0 ? t('finding.productListMore', { shown: head, more }) : head });
}

/** The product a license fact is about, for the start of a sentence: never "unknown". */
function productName(fact: Fact): string {
  if (fact.kind !== 'license') return t('finding.theProduct');
  return fact.product ?? (fact.channel ? t('finding.theChannelProduct', { channel: fact.channel }) : t('finding.theProduct'));
}

/** Saved text has no time of its own; slmgr's trusted time is the machine's local clock, shown as printed. */
function describeTimeless(group: GroupView, count: number, products: string): string {
  for (const item of group.items) {
    const fact = item.fact;
    if (fact.kind === 'license' && (fact.trustedTimeText || fact.trustedTime)) {
      return t('finding.seenTrustedTime', { count, products, trustedTime: fact.trustedTimeText ?? fact.trustedTime ?? '' });
    }
  }
  return t('finding.seenNoTime', { count, products });
}

function describeSource(source: SourceRef): string {
  return source.line !== undefined ? `${source.file} line ${source.line}` : source.file;
}

function resolutionText(entry: CatalogEntry): string {
  return entry.resolution
    .map((step, index) => `${index + 1}. ${step.step}${step.command ? ` (${step.command})` : ''}`)
    .join(' ');
}

/** Evidence of the matched facts and the facts they were joined with, newest first, deduplicated (capped later). */
export function collectEvidence(items: FactView[]): SourceRef[] {
  const facts: { fact: Fact; ms: number | null }[] = [];
  for (const item of items) {
    facts.push({ fact: item.fact, ms: item.machine.timeOf(item.fact) });
    for (const joined of item.joinedFacts()) facts.push({ fact: joined, ms: item.machine.timeOf(joined) });
  }
  facts.sort(newestFirst);
  const seen = new Set<string>();
  const evidence: SourceRef[] = [];
  for (const { fact } of facts) {
    const key = sourceKey(fact.source);
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push(fact.source);
  }
  return evidence;
}

/** The evidence list is capped for the report; `moreEvidence` says how many were left out. */
export function capEvidence(finding: Finding): Finding {
  if (finding.evidence.length > EVIDENCE_CAP) {
    finding.moreEvidence = finding.evidence.length - EVIDENCE_CAP;
    finding.evidence = finding.evidence.slice(0, EVIDENCE_CAP);
  }
  return finding;
}

/** A success newer than the group's newest evidence (same product when both name one). */
export function findRecovery(rule: Rule, items: FactView[], machine: MachineIndex, catalog: Catalog): Fact | null {
  if (!rule.recovery) return null;
  const newest = newestItem(items).fact;
  const activationId = readPath(newest, 'activationId');
  for (const candidate of machine.factsOf(rule.recovery.kinds)) {
    if (!isLater(candidate, newest, machine)) continue;
    const otherId = readPath(candidate, 'activationId');
    if (activationId && otherId && String(activationId).toLowerCase() !== String(otherId).toLowerCase()) continue;
    if (rule.recovery.where(new FactView(candidate, machine, [], catalog))) return candidate;
  }
  return null;
}

/** Later in time, or later in the same file when neither has a time. */
function isLater(candidate: Fact, reference: Fact, machine: MachineIndex): boolean {
  const a = machine.timeOf(candidate);
  const b = machine.timeOf(reference);
  if (a !== null && b !== null) return a > b;
  if (a !== null || b !== null) return false;
  const sameFile = candidate.source.file === reference.source.file;
  return sameFile && candidate.source.line !== undefined && reference.source.line !== undefined && candidate.source.line > reference.source.line;
}

export function newestTime(items: FactView[]): string | null {
  const newest = newestItem(items);
  const ms = newest.machine.timeOf(newest.fact);
  return ms === null ? null : new Date(ms).toISOString();
}

export function groupLookup(group: GroupView, name: string): unknown {
  if (group.has(name)) return group.get(name);
  const newest = newestItem(group.items);
  return newest.get(name);
}

/**
 * One explanation per code and machine: a fallback finding gives way to a non-fallback
 * finding with the same code, and a finding gives way to one whose rule `supersedes`
 * its rule. The first finding that stays for the code absorbs the evidence of those dropped.
 */
export function resolveOverlaps(findings: Finding[], rulesById: ReadonlyMap<string, Rule>): Finding[] {
  const byCode = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!finding.code) continue;
    const list = byCode.get(finding.code);
    if (list) list.push(finding);
    else byCode.set(finding.code, [finding]);
  }
  const dropped = new Set<Finding>();
  for (const group of byCode.values()) {
    if (group.length < 2) continue;
    const losers = group.filter((finding) => group.some((other) => other !== finding && replaces(other, finding, rulesById)));
    if (losers.length === group.length) continue;
    const winner = group.filter((finding) => !losers.includes(finding)).sort(compareFindings)[0]!;
    for (const loser of losers) {
      dropped.add(loser);
      absorbEvidence(winner, loser);
    }
  }
  return findings.filter((finding) => !dropped.has(finding));
}

function replaces(winner: Finding, loser: Finding, rulesById: ReadonlyMap<string, Rule>): boolean {
  if (winner.ruleId === loser.ruleId) return false;
  const winnerRule = rulesById.get(winner.ruleId);
  const loserRule = rulesById.get(loser.ruleId);
  if (!winnerRule || !loserRule) return false;
  return (loserRule.fallback && !winnerRule.fallback) || winnerRule.supersedes.includes(loser.ruleId);
}

function sourceKey(ref: SourceRef): string {
  return `${ref.file}\u0000${ref.line ?? ''}\u0000${ref.recordId ?? ''}`;
}

function absorbEvidence(winner: Finding, loser: Finding): void {
  const seen = new Set(winner.evidence.map(sourceKey));
  for (const ref of loser.evidence) {
    const key = sourceKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    winner.evidence.push(ref);
  }
}

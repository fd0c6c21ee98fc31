/**
 * Merge per-shard JSON reports into one fleet report. Facts are regrouped by
 * machine and every rule runs again, so cross-machine findings (a CMID shared
 * by machines in different shards) appear as if the fleet had been scanned at once.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Fact } from '../model/facts.js';
import type { FileReport, Finding, Report } from '../model/report.js';
import type { Catalog } from '../catalog/catalog.js';
import { evaluate, type Rule } from '../engine/index.js';
import { groupByMachine } from './machines.js';
import { buildReport, fleetInventory, machineDrafts, rebuildReport, type MachineDraft } from './assemble.js';
import { compareStrings } from '../input/discover.js';
import { DataFileError, systemReason } from '../data/errors.js';
import { schemaProblems } from '../data/schema.js';
import { currentLanguage, t, withLanguage, type Language } from '../i18n/index.js';

/** V8's longest string is just under 512 MiB of UTF-16 units; a JSON text read whole must fit in it. */
const MAX_SHARD_BYTES = 500 * 1024 ** 2;

/** A shard written by `scan --format json`; a DataFileError names the file and the first field at fault. */
export function readReportFile(path: string): Report {
  const size = readableSize(path);
  if (size > MAX_SHARD_BYTES) {
    throw new DataFileError(path, '', t('dataFile.shardTooLarge', { size: Math.round((size / 1024 ** 3) * 10) / 10, limit: MAX_SHARD_BYTES / 1024 ** 2 }));
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DataFileError(path, '', t('dataFile.cannotRead', { reason: systemReason(error) }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(path, '', t('merge.notJson', { problem: jsonProblem(text, error) }));
  }
  if (!isReport(parsed)) throw new DataFileError(path, '', t('merge.notReport'));
  const [first, ...more] = schemaProblems('report', parsed);
  if (first) {
    const rest = more.length > 0 ? t('merge.moreProblems', { count: more.length }) : '';
    throw new DataFileError(path, first.field, `${first.problem}${rest}`);
  }
  return parsed;
}

/** Where JSON.parse gave up, as line and column; its own (English) words only for what it says without a position. */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /\bposition (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    return t('dataFile.json.at', { line, column: before.length - before.lastIndexOf('\n') });
  }
  if (/end of JSON input/.test(message)) return t('dataFile.json.truncated');
  const token = /Unexpected token '(.+?)'/.exec(message);
  if (token) return t('dataFile.json.unexpected', { token: token[1]! });
  return t('dataFile.json.other', { message });
}

/** The size of a shard, or the DataFileError that says why it cannot be read (missing, denied, a folder). */
function readableSize(path: string): number {
  const cannotRead = (reason: string) => new DataFileError(path, '', t('dataFile.cannotRead', { reason }));
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    throw cannotRead(systemReason(error));
  }
  if (info.isDirectory()) throw cannotRead(t('dataFile.os.isFolder'));
  return info.size;
}

function isReport(value: unknown): value is Report {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Report>;
  return candidate.schemaVersion === 1 && Array.isArray(candidate.files) && Array.isArray(candidate.machines);
}

/** Every rule runs again, so the merged report is in `lang` whatever language the shards were written in. */
export function mergeReports(shards: readonly Report[], rules: Rule[], catalog: Catalog, now?: Date, lang: Language = currentLanguage()): Report {
  const filesByPath = new Map<string, FileReport>();
  for (const shard of shards) for (const file of shard.files) if (!filesByPath.has(file.path)) filesByPath.set(file.path, file);
  const facts: Fact[] = shards.flatMap((shard) => shard.machines.flatMap((machine) => machine.facts));
  const machines = groupByMachine(dedupeFacts(facts));
  const evaluation = evaluate(machines, rules, catalog, { now, lang });
  const files = [...filesByPath.values()].sort((a, b) => compareStrings(a.path, b.path));
  // identity warnings and notes are written in the merge's language, not in the shards'
  const drafts = withLanguage(lang, () => [...machineDrafts(machines, evaluation), ...leftOutByWindow(shards, machines)]);
  drafts.sort((a, b) => compareStrings(a.name.toUpperCase(), b.name.toUpperCase()) || compareStrings(a.name, b.name));
  return withPolicyFindings(buildReport(files, drafts, evaluation.fleetFindings, fleetInventory(machines), lang), shards);
}

/**
 * Machines a shard's time window left without facts, and no other shard has facts for: kept, never
 * dropped. The window is said again in the merge's language; a shard written before reports kept the
 * window (a note only) keeps its note as written.
 */
function leftOutByWindow(shards: readonly Report[], machines: readonly { name: string }[]): MachineDraft[] {
  const named = new Set(machines.map((machine) => machine.name.toUpperCase()));
  const left: MachineDraft[] = [];
  for (const shard of shards) {
    for (const machine of shard.machines) {
      if (machine.facts.length > 0 || (!machine.outsideWindow && !machine.note) || named.has(machine.name.toUpperCase())) continue;
      named.add(machine.name.toUpperCase());
      const why = machine.outsideWindow ? { outsideWindow: machine.outsideWindow } : { note: machine.note };
      left.push({ name: machine.name, files: machine.files, facts: [], findings: [], ...why });
    }
  }
  return left;
}

/**
 * A `check --policy` report's policy findings come from the policy, not from
 * the rules run again here: without them a failing image would merge as ok.
 */
function withPolicyFindings(report: Report, shards: readonly Report[]): Report {
  const byMachine = new Map<string, Finding[]>();
  const seen = new Set<string>();
  for (const shard of shards) {
    for (const machine of shard.machines) {
      for (const finding of machine.findings) {
        if (!finding.ruleId.startsWith(POLICY_RULE_PREFIX)) continue;
        const key = `${machine.name.toUpperCase()}\0${finding.ruleId}\0${finding.cause}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = byMachine.get(machine.name.toUpperCase()) ?? [];
        list.push(finding);
        byMachine.set(machine.name.toUpperCase(), list);
      }
    }
  }
  if (byMachine.size === 0) return report;
  const machines = report.machines.map((machine) => ({ ...machine, findings: [...machine.findings, ...(byMachine.get(machine.name.toUpperCase()) ?? [])] }));
  return rebuildReport(report, machines);
}

const POLICY_RULE_PREFIX = 'policy/';

/** The same file scanned in two shards must not count twice. */
function dedupeFacts(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((fact) => {
    const key = `${fact.source.file}\0${fact.source.line ?? ''}\0${fact.source.recordId ?? ''}\0${fact.kind}\0${fact.machine}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Merge per-shard JSON reports into one fleet report. Facts are regrouped by
 * machine and every rule runs again, so cross-machine findings (a CMID shared
 * by machines in different shards) appear as if the fleet had been scanned at once.
 */
import { readFileSync } from 'node:fs';
import type { Fact } from '../model/facts.js';
import type { FileReport, Report } from '../model/report.js';
import type { Catalog } from '../catalog/catalog.js';
import { evaluate, type Rule } from '../engine/index.js';
import { groupByMachine } from './machines.js';
import { buildReport, fleetInventory, machineDrafts } from './assemble.js';
import { compareStrings } from '../input/discover.js';
import { validateReport } from '../report/schema.js';
import { currentLanguage, t, type Language } from '../i18n/index.js';

export function readReportFile(path: string): Report {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(t('merge.notJson', { problem: error instanceof Error ? error.message : String(error) }));
  }
  if (!isReport(parsed)) throw new Error(t('merge.notReport'));
  const errors = validateReport(parsed);
  if (errors.length > 0) throw new Error(t('merge.schema', { errors: `${errors.slice(0, 3).join('; ')}${errors.length > 3 ? '; …' : ''}` }));
  return parsed;
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
  return buildReport(files, machineDrafts(machines, evaluation), evaluation.fleetFindings, fleetInventory(machines), lang);
}

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

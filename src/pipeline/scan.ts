/**
 * Orchestration: discover → sniff/decode → parse → facts → group by machine → rules → findings → report.
 */
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import pLimit from 'p-limit';
import type { Fact } from '../model/facts.js';
import type { FileReport, Finding, Report } from '../model/report.js';
import { discover, type DiscoveredFile } from '../input/discover.js';
import { readFileEvidence, type FileEvidence, type ReadOptions } from '../input/read.js';
import { evaluate } from '../engine/index.js';
import type { Rule } from '../engine/index.js';
import type { Catalog } from '../catalog/catalog.js';
import { groupByMachine } from './machines.js';
import { buildReport, fleetInventory, machineDrafts, type MachineDraft } from './assemble.js';
import { filterFacts, filterMachines, type FactFilter } from './filter.js';

export interface ScanOptions extends ReadOptions {
  /** Files read at once. */
  jobs?: number;
  /** Name for text files that sit directly in a scanned root (CONTRACT: --machine NAME). */
  machineName?: string;
  filter?: FactFilter;
  rules: Rule[];
  catalog: Catalog;
  now?: Date;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  machines: number;
  errors: number;
}

export interface ScanResult {
  report: Report;
  /** Arguments that matched no file. */
  missing: string[];
}

export async function scan(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const { files, missing } = await discover(paths);
  const named = options.machineName ? files.map((file) => nameRootFile(file, options.machineName!)) : files;
  const { fileReports, facts } = await readAll(named, options);
  const all = groupByMachine(options.machineName ? facts : nameTextByEvents(named, fileReports, facts));
  const window = { since: options.filter?.since, until: options.filter?.until };
  const machines = window.since || window.until ? all.map((machine) => ({ ...machine, facts: filterFacts(machine.facts, window) })) : all;
  const evaluation = evaluate(machines.filter((machine) => machine.facts.length > 0), options.rules, options.catalog, { now: options.now });
  const drafts = machineDrafts(machines, evaluation).map((draft, i) => (draft.facts.length === 0 ? outsideWindow(draft, all[i]!.facts, window) : draft));
  // --only chooses what is reported; the rules saw the whole fleet (a clone's twin may be filtered out)
  const patterns = options.filter?.machines ?? [];
  const shown = filterMachines(drafts, patterns);
  const report = buildReport(fileReports, shown, fleetFindingsAbout(evaluation.fleetFindings, shown, patterns), fleetInventory(machines));
  return { report, missing };
}

/** A machine whose every fact lies outside --since/--until stays in the report, saying so (it never vanishes silently). */
function outsideWindow(draft: MachineDraft, facts: readonly Fact[], window: { since?: string; until?: string }): MachineDraft {
  const times = facts.map((fact) => fact.time).filter((time): time is string => time !== null).sort();
  const range = times.length ? ` (its evidence runs from ${times[0]} to ${times[times.length - 1]})` : '';
  const bounds = [window.since ? `--since ${window.since}` : '', window.until ? `--until ${window.until}` : ''].filter(Boolean).join(' and ');
  return {
    ...draft,
    files: [...new Set(facts.map((fact) => fact.source.file))].sort(),
    note: `All ${facts.length} fact(s) of this machine are outside the time window (${bounds})${range}; nothing was checked. Widen the window or collect newer evidence.`,
  };
}

/** With --only, the fleet findings that involve a machine shown. */
function fleetFindingsAbout(findings: Finding[], shown: readonly MachineDraft[], patterns: readonly string[]): Finding[] {
  if (patterns.length === 0) return findings;
  const names = new Set(shown.map((machine) => machine.name.toUpperCase()));
  return findings.filter((finding) => (finding.machines ?? []).some((name) => names.has(name.toUpperCase())));
}

/** `--machine NAME` names the files given by name and those that sit directly in a scanned root. */
function nameRootFile(file: DiscoveredFile, name: string): DiscoveredFile {
  return file.givenDirectly || file.atRoot ? { ...file, machineHint: name, machineFromFileName: false } : file;
}

/**
 * Text names no machine: a text file named after its folder joins the machine that
 * event exports in the same folder name, when they name exactly one (the folder
 * `PC01` and `<Computer>PC01.corp.example</Computer>`, or a case folder holding one
 * computer's export). A file named after itself (a flat folder) keeps its name.
 */
function nameTextByEvents(files: DiscoveredFile[], reports: FileReport[], facts: Fact[]): Fact[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const kindByPath = new Map(reports.map((report) => [report.path, report.kind]));
  const eventMachinesByFolder = new Map<string, Set<string>>();
  for (const fact of facts) {
    const kind = kindByPath.get(fact.source.file);
    if (kind !== 'event-xml' && kind !== 'clixml' && kind !== 'evtx') continue;
    const folder = dirname(byPath.get(fact.source.file)?.absPath ?? fact.source.file);
    const names = eventMachinesByFolder.get(folder) ?? new Set<string>();
    names.add(fact.machine);
    eventMachinesByFolder.set(folder, names);
  }
  return facts.map((fact) => {
    const file = byPath.get(fact.source.file);
    const kind = kindByPath.get(fact.source.file);
    if (!file || file.machineFromFileName || fact.machine !== file.machineHint || kind === 'event-xml' || kind === 'clixml' || kind === 'evtx') return fact;
    const names = eventMachinesByFolder.get(dirname(file.absPath));
    if (!names) return fact;
    const distinct = new Set([...names].map((name) => name.toUpperCase()));
    return distinct.size === 1 ? { ...fact, machine: [...names][0]! } : fact;
  });
}

async function readAll(
  files: DiscoveredFile[],
  options: ScanOptions,
): Promise<{ fileReports: FileReport[]; facts: Fact[] }> {
  const limit = pLimit(Math.max(1, options.jobs ?? availableParallelism()));
  const progress: ScanProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, machines: 0, errors: 0 };
  const machinesSeen = new Set<string>();
  const results = await Promise.all(
    files.map((file) =>
      limit(async () => {
        const result = detach(await readFileEvidence(file, options));
        progress.filesDone++;
        progress.bytesDone += file.size;
        if (result.report.status === 'error') progress.errors++;
        for (const fact of result.facts) machinesSeen.add(fact.machine.toUpperCase());
        progress.machines = machinesSeen.size;
        options.onProgress?.({ ...progress });
        return result;
      }),
    ),
  );
  const fileReports = results.map((result) => result.report);
  const facts = results.flatMap((result) => result.facts);
  return { fileReports, facts };
}

/**
 * Strings cut from a file's text (slices, regex captures) can keep the whole
 * decoded text alive; a structured clone gives every kept fact its own strings,
 * so memory holds facts, never file contents.
 */
function detach(evidence: FileEvidence): FileEvidence {
  return evidence.facts.length ? { report: evidence.report, facts: structuredClone(evidence.facts) } : evidence;
}


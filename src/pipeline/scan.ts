/**
 * Orchestration: discover → sniff/decode → parse → facts → group by machine → rules → findings → report.
 */
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import pLimit from 'p-limit';
import type { Fact } from '../model/facts.js';
import type { FileReport, Finding, MachineReport, Report } from '../model/report.js';
import { discover, type DiscoveredFile } from '../input/discover.js';
import { readFileEvidence, type FileEvidence, type ReadOptions } from '../input/read.js';
import { evaluate } from '../engine/index.js';
import type { Rule } from '../engine/index.js';
import type { Catalog } from '../catalog/catalog.js';
import { groupByMachine } from './machines.js';
import { buildReport, machineReports } from './assemble.js';
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

/** What the scan is doing: finding files, reading them, or running the rules. */
export type ScanPhase = 'finding' | 'reading' | 'rules';

export interface ScanProgress {
  phase: ScanPhase;
  /** Files read so far (while finding: files found so far). */
  filesDone: number;
  /** Files to read (0 while finding). */
  filesTotal: number;
  bytesDone: number;
  /** Distinct machines named by the evidence read so far. */
  machines: number;
  /** Files that could not be read (status `error`), not findings. */
  errors: number;
  /** Rules being run (phase `rules`). */
  rules?: number;
}

export interface ScanResult {
  report: Report;
  /** Arguments that matched no file. */
  missing: string[];
}

export async function scan(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  let found = 0;
  const onFound = options.onProgress ? () => options.onProgress!({ phase: 'finding', filesDone: ++found, filesTotal: 0, bytesDone: 0, machines: 0, errors: 0 }) : undefined;
  const { files, missing } = await discover(paths, onFound);
  const named = options.machineName ? files.map((file) => nameRootFile(file, options.machineName!)) : files;
  const { fileReports, facts, progress } = await readAll(named, options);
  const timely = options.filter ? filterFacts(facts, { since: options.filter.since, until: options.filter.until }) : facts;
  const machines = groupByMachine(options.machineName ? timely : nameTextByEvents(named, fileReports, timely));
  options.onProgress?.({ ...progress, phase: 'rules', machines: machines.length, rules: options.rules.length });
  const evaluation = evaluate(machines, options.rules, options.catalog, { now: options.now });
  // --only chooses what is reported; the rules saw the whole fleet (a clone's twin may be filtered out)
  const patterns = options.filter?.machines ?? [];
  const shown = filterMachines(machineReports(machines, evaluation), patterns);
  return { report: buildReport(fileReports, shown, fleetFindingsAbout(evaluation.fleetFindings, shown, patterns)), missing };
}

/** With --only, the fleet findings that involve a machine shown. */
function fleetFindingsAbout(findings: Finding[], shown: readonly MachineReport[], patterns: readonly string[]): Finding[] {
  if (patterns.length === 0) return findings;
  const names = new Set(shown.map((machine) => machine.name.toUpperCase()));
  return findings.filter((finding) => (finding.machines ?? []).some((name) => names.has(name.toUpperCase())));
}

/** `--machine NAME` names the files given by name and those that sit directly in a scanned root. */
function nameRootFile(file: DiscoveredFile, name: string): DiscoveredFile {
  return file.machineFromFileName || file.givenDirectly ? { ...file, machineHint: name, machineFromFileName: false } : file;
}

/**
 * A text file directly in a scanned root is named after itself (`PC01.txt`), unless
 * event exports beside it name exactly one machine: then it is that machine's
 * (`scan evidence/PC01` with Application.xml and slmgr-dlv.txt is one machine).
 */
function nameTextByEvents(files: DiscoveredFile[], reports: FileReport[], facts: Fact[]): Fact[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const kindByPath = new Map(reports.map((report) => [report.path, report.kind]));
  const eventMachinesByFolder = new Map<string, Set<string>>();
  for (const fact of facts) {
    const kind = kindByPath.get(fact.source.file);
    if (kind !== 'event-xml' && kind !== 'clixml') continue;
    const folder = dirname(byPath.get(fact.source.file)?.absPath ?? fact.source.file);
    const names = eventMachinesByFolder.get(folder) ?? new Set<string>();
    names.add(fact.machine);
    eventMachinesByFolder.set(folder, names);
  }
  return facts.map((fact) => {
    const file = byPath.get(fact.source.file);
    if (!file?.machineFromFileName || fact.machine !== file.machineHint) return fact;
    const names = eventMachinesByFolder.get(dirname(file.absPath));
    if (!names) return fact;
    const distinct = new Set([...names].map((name) => name.toUpperCase()));
    return distinct.size === 1 ? { ...fact, machine: [...names][0]! } : fact;
  });
}

async function readAll(
  files: DiscoveredFile[],
  options: ScanOptions,
): Promise<{ fileReports: FileReport[]; facts: Fact[]; progress: ScanProgress }> {
  const limit = pLimit(Math.max(1, options.jobs ?? availableParallelism()));
  const progress: ScanProgress = { phase: 'reading', filesDone: 0, filesTotal: files.length, bytesDone: 0, machines: 0, errors: 0 };
  options.onProgress?.({ ...progress });
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
  return { fileReports, facts, progress };
}

/**
 * Strings cut from a file's text (slices, regex captures) can keep the whole
 * decoded text alive; a structured clone gives every kept fact its own strings,
 * so memory holds facts, never file contents.
 */
function detach(evidence: FileEvidence): FileEvidence {
  return evidence.facts.length ? { report: evidence.report, facts: structuredClone(evidence.facts) } : evidence;
}


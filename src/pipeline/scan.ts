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
import { FUTURE_TOLERANCE_MS } from '../engine/machine.js';
import { effectiveTimeMs } from '../engine/fields.js';
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
  const { fileReports, facts: read } = await readAll(named, options);
  const facts = withoutRepeatedEvents(read, fileReports);
  const timely = options.filter ? filterFacts(facts, { since: options.filter.since, until: options.filter.until }) : facts;
  const machines = groupByMachine(options.machineName ? timely : nameTextByEvents(named, fileReports, timely));
  fileMachinesFromFacts(fileReports, machines);
  const evaluation = evaluate(machines, options.rules, options.catalog, { now: options.now });
  // --only chooses what is reported; the rules saw the whole fleet (a clone's twin may be filtered out)
  const patterns = options.filter?.machines ?? [];
  const shown = filterMachines(machineReports(machines, evaluation), patterns);
  return { report: buildReport(fileReports, shown, fleetFindingsAbout(evaluation.fleetFindings, shown, patterns)), missing };
}

/** A file names the machine its facts ended in (after naming text by events and merging spellings), not the one it was read as. */
function fileMachinesFromFacts(reports: FileReport[], machines: ReturnType<typeof groupByMachine>): void {
  const byFile = new Map<string, { name: string; line: number }[]>();
  for (const machine of machines) {
    for (const fact of machine.facts) {
      const list = byFile.get(fact.source.file) ?? [];
      if (!list.some((entry) => entry.name === machine.name)) list.push({ name: machine.name, line: fact.source.line ?? 0 });
      byFile.set(fact.source.file, list);
    }
  }
  for (const report of reports) {
    const names = byFile.get(report.path);
    if (!names || names.length === 0) continue;
    const same = names.find((entry) => entry.name.toUpperCase() === report.machine?.toUpperCase());
    report.machine = same ? same.name : [...names].sort((a, b) => a.line - b.line)[0]!.name;
  }
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
): Promise<{ fileReports: FileReport[]; facts: Fact[] }> {
  const limit = pLimit(Math.max(1, options.jobs ?? availableParallelism()));
  const horizonMs = (options.now ?? new Date()).getTime() + FUTURE_TOLERANCE_MS;
  const progress: ScanProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, machines: 0, errors: 0 };
  const machinesSeen = new Set<string>();
  const results = await Promise.all(
    files.map((file) =>
      limit(async () => {
        const result = detach(await readFileEvidence(file, options));
        collapseRepeatedFacts(result);
        noteFutureTimes(result, horizonMs);
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
 * An export appended to itself (`>>` in a scheduled task), or the same log
 * exported twice, repeats events: the same record id and time on one machine
 * is one event, however often it was read. Counted once; the files say so.
 */
function withoutRepeatedEvents(facts: Fact[], reports: FileReport[]): Fact[] {
  const seen = new Set<string>();
  const ordinal = new Map<string, number>();
  const repeatsByFile = new Map<string, number>();
  const kept = facts.filter((fact) => {
    const { recordId, file } = fact.source;
    if (recordId === undefined || fact.time === null) return true;
    // one event may give several facts of a kind: the nth of them in its event is the nth in its repeats
    const inFile = `${file}\0${fact.source.line ?? ''}\0${recordId}\0${fact.kind}`;
    const nth = ordinal.get(inFile) ?? 0;
    ordinal.set(inFile, nth + 1);
    const key = `${fact.machine.toUpperCase()}\0${fact.provider ?? ''}\0${fact.eventId ?? ''}\0${recordId}\0${fact.time}\0${fact.kind}\0${nth}`;
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    repeatsByFile.set(file, (repeatsByFile.get(file) ?? 0) + 1);
    return false;
  });
  for (const report of reports) {
    const repeats = repeatsByFile.get(report.path);
    if (!repeats) continue;
    report.problems.push({
      code: 'duplicate-events',
      message: `${repeats} ${repeats === 1 ? 'entry repeats an event' : 'entries repeat events'} already read (same machine, record id and time): counted once`,
    });
  }
  return kept;
}

/**
 * A text file that repeats one block thousands of times (a looping script, a
 * paste gone wrong) would hold thousands of identical facts: memory and the
 * report would grow with the repetition, not with what is known. Facts equal
 * in everything but their line are kept once; the file says how many were folded.
 */
function collapseRepeatedFacts(evidence: FileEvidence): void {
  if (evidence.facts.length < 2) return;
  const seen = new Set<string>();
  let folded = 0;
  let firstLine: number | undefined;
  evidence.facts = evidence.facts.filter((fact) => {
    if (fact.source.recordId !== undefined) return true; // events: repeats are handled by record id across files
    const { source, ...rest } = fact;
    const key = JSON.stringify(rest);
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    folded++;
    firstLine ??= source.line;
    return false;
  });
  if (folded === 0) return;
  evidence.report.facts = evidence.facts.length;
  evidence.report.problems.push({
    code: 'facts-collapsed',
    message: `${folded} ${folded === 1 ? 'entry repeats' : 'entries repeat'} an earlier one exactly (first at line ${firstLine ?? '?'}): kept once`,
    ...(firstLine !== undefined ? { line: firstLine } : {}),
  });
}

/** Times after the scan are not trusted by the rules (engine/machine.ts trustedTimes): say so on the file. */
function noteFutureTimes(evidence: FileEvidence, horizonMs: number): void {
  let count = 0;
  let example: string | null = null;
  for (const fact of evidence.facts) {
    const ms = effectiveTimeMs(fact);
    if (ms === null || ms <= horizonMs) continue;
    count++;
    example ??= fact.time;
  }
  if (count === 0) return;
  evidence.report.problems.push({
    code: 'future-time',
    message: `${count} ${count === 1 ? 'entry carries a time' : 'entries carry times'} after the scan (${example ?? 'a future date'}): the clock was wrong, so ${count === 1 ? 'it is' : 'they are'} placed by record id instead`,
  });
}

/**
 * Strings cut from a file's text (slices, regex captures) can keep the whole
 * decoded text alive; a structured clone gives every kept fact its own strings,
 * so memory holds facts, never file contents.
 */
function detach(evidence: FileEvidence): FileEvidence {
  return evidence.facts.length ? { report: evidence.report, facts: structuredClone(evidence.facts) } : evidence;
}


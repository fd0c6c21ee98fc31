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
import { FUTURE_TOLERANCE_MS } from '../engine/machine.js';
import { effectiveTimeMs } from '../engine/fields.js';
import type { Rule } from '../engine/index.js';
import type { Catalog } from '../catalog/catalog.js';
import { groupByMachine, MACHINE_OPTION } from './machines.js';
import { buildReport, fleetInventory, machineDrafts, outsideWindow, type MachineDraft } from './assemble.js';
import { currentLanguage, formatInstant, t, withLanguage, type Language } from '../i18n/index.js';
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
  /** Language of the findings' text and of the messages about files (default: the language in force). */
  lang?: Language;
  onProgress?: (progress: ScanProgress) => void;
}

/** What the scan is doing: finding files, reading them, or running the rules. */
type ScanPhase = 'finding' | 'reading' | 'rules';

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
  // messages about files are written while they are read: the language holds through every await of the scan
  return withLanguage(options.lang, () => scanIn(paths, options));
}

async function scanIn(paths: readonly string[], options: ScanOptions): Promise<ScanResult> {
  let found = 0;
  const onFound = options.onProgress ? () => options.onProgress!({ phase: 'finding', filesDone: ++found, filesTotal: 0, bytesDone: 0, machines: 0, errors: 0 }) : undefined;
  const { files, missing } = await discover(paths, onFound);
  const named = options.machineName ? files.map((file) => nameRootFile(file, options.machineName!)) : files;
  const { fileReports, facts: read, progress } = await readAll(named, options);
  const facts = withoutRepeatedEvents(read, fileReports);
  const byEvents = options.machineName ? { facts, warnings: new Map<string, Finding[]>() } : nameTextByEvents(named, fileReports, facts);
  const all = groupByMachine(byEvents.facts);
  fileMachinesFromFacts(fileReports, all);
  const window = { since: options.filter?.since, until: options.filter?.until };
  const machines = window.since || window.until ? all.map((machine) => ({ ...machine, facts: filterFacts(machine.facts, window) })) : all;
  const lang = options.lang ?? currentLanguage();
  options.onProgress?.({ ...progress, phase: 'rules', machines: machines.length, rules: options.rules.length });
  const evaluation = evaluate(machines.filter((machine) => machine.facts.length > 0), options.rules, options.catalog, { now: options.now, lang });
  const drafts = machineDrafts(machines, evaluation)
    .map((draft, i) => (draft.facts.length === 0 ? leftOutByWindow(draft, all[i]!.facts, window) : draft))
    .map((draft) => ({ ...draft, findings: [...draft.findings, ...(byEvents.warnings.get(draft.name.toUpperCase()) ?? [])] }));
  // --only chooses what is reported; the rules saw the whole fleet (a clone's twin may be filtered out)
  const patterns = options.filter?.machines ?? [];
  const shown = filterMachines(drafts, patterns);
  const report = buildReport(fileReports, shown, fleetFindingsAbout(evaluation.fleetFindings, shown, patterns), fleetInventory(machines), lang);
  return { report, missing };
}

/** A machine whose every fact lies outside --since/--until stays in the report, saying so (it never vanishes silently). */
function leftOutByWindow(draft: MachineDraft, facts: readonly Fact[], window: { since?: string; until?: string }): MachineDraft {
  return { ...draft, files: [...new Set(facts.map((fact) => fact.source.file))].sort(), outsideWindow: outsideWindow(facts, window) };
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
function fleetFindingsAbout(findings: Finding[], shown: readonly MachineDraft[], patterns: readonly string[]): Finding[] {
  if (patterns.length === 0) return findings;
  const names = new Set(shown.map((machine) => machine.name.toUpperCase()));
  return findings.filter((finding) => (finding.machines ?? []).some((name) => names.has(name.toUpperCase())));
}

/** `--machine NAME` names the files given by name and those that sit directly in a scanned root. */
function nameRootFile(file: DiscoveredFile, name: string): DiscoveredFile {
  return file.givenDirectly || file.atRoot ? { ...file, machineHint: name, machineFromFileName: false } : file;
}

/** The computers one folder's event exports name: per upper-case name, its spelling, files and time span. */
type FolderComputers = Map<string, { name: string; files: Set<string>; first: string | null; last: string | null }>;

const EVENT_KINDS = new Set(['event-xml', 'clixml', 'evtx']);

/**
 * Text names no machine: a text file named after its folder joins the computer
 * that event exports in the same folder name, when they name one (the folder `PC01`
 * and `<Computer>PC01.corp.example</Computer>`, a case folder holding one computer's
 * export, or one computer renamed during the log: the newest name). When they name
 * several computers, the text stays under the folder's name and that machine gets a
 * warning naming the files. A file named after itself (a flat folder) keeps its name.
 */
function nameTextByEvents(files: DiscoveredFile[], reports: FileReport[], facts: Fact[]): { facts: Fact[]; warnings: Map<string, Finding[]> } {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const kindByPath = new Map(reports.map((report) => [report.path, report.kind]));
  const byFolder = new Map<string, FolderComputers>();
  for (const fact of facts) {
    if (!EVENT_KINDS.has(kindByPath.get(fact.source.file) ?? '')) continue;
    const folder = dirname(byPath.get(fact.source.file)?.absPath ?? fact.source.file);
    const computers: FolderComputers = byFolder.get(folder) ?? new Map();
    byFolder.set(folder, computers);
    const key = fact.machine.toUpperCase();
    const seen = computers.get(key) ?? { name: fact.machine, files: new Set<string>(), first: null, last: null };
    seen.files.add(fact.source.file);
    if (fact.time !== null) {
      if (seen.first === null || fact.time < seen.first) seen.first = fact.time;
      if (seen.last === null || fact.time > seen.last) seen.last = fact.time;
    }
    computers.set(key, seen);
  }
  const warnings = new Map<string, Finding[]>();
  const named = facts.map((fact) => {
    const file = byPath.get(fact.source.file);
    if (!file || file.machineFromFileName || fact.machine !== file.machineHint || EVENT_KINDS.has(kindByPath.get(fact.source.file) ?? '')) return fact;
    const computers = byFolder.get(dirname(file.absPath));
    if (!computers) return fact;
    const computer = folderComputer(computers);
    if (computer !== null) return { ...fact, machine: computer };
    const key = fact.machine.toUpperCase();
    if (!warnings.has(key)) warnings.set(key, [severalComputers(fact.machine, computers)]);
    return fact;
  });
  return { facts: named, warnings };
}

/** The one computer a folder's events name, or the newest name of one computer renamed within one log; null for several computers. */
function folderComputer(computers: FolderComputers): string | null {
  const seen = [...computers.values()];
  if (seen.length === 1) return seen[0]!.name;
  const files = new Set(seen.flatMap((entry) => [...entry.files]));
  if (files.size !== 1 || seen.some((entry) => entry.first === null || entry.last === null)) return null;
  seen.sort((a, b) => (a.first! < b.first! ? -1 : a.first! > b.first! ? 1 : 0));
  const sequential = seen.every((entry, i) => i === 0 || seen[i - 1]!.last! <= entry.first!);
  return sequential ? seen[seen.length - 1]!.name : null;
}

function severalComputers(machine: string, computers: FolderComputers): Finding {
  const listed = [...computers.values()]
    .map((entry) => t('note.identity.computerFiles', { name: entry.name, files: [...entry.files].sort().join(t('punctuation.listSeparator')) }))
    .join(t('note.identity.valueSeparator'));
  const evidence = [...new Set([...computers.values()].flatMap((entry) => [...entry.files]))].sort().map((file) => ({ file }));
  return {
    ruleId: 'machine-identity-conflict',
    severity: 'warning',
    code: null,
    title: t('note.identity.severalTitle', { machine, count: computers.size }),
    cause: t('note.identity.severalCause', { machine, count: computers.size, listed }),
    resolution: t('note.identity.resolution', { option: MACHINE_OPTION }),
    nextCommand: null,
    time: null,
    recovered: false,
    evidence,
  };
}

async function readAll(
  files: DiscoveredFile[],
  options: ScanOptions,
): Promise<{ fileReports: FileReport[]; facts: Fact[]; progress: ScanProgress }> {
  const limit = pLimit(Math.max(1, options.jobs ?? availableParallelism()));
  const horizonMs = (options.now ?? new Date()).getTime() + FUTURE_TOLERANCE_MS;
  const progress: ScanProgress = { phase: 'reading', filesDone: 0, filesTotal: files.length, bytesDone: 0, machines: 0, errors: 0 };
  options.onProgress?.({ ...progress });
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
  return { fileReports, facts, progress };
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
      message: t('problem.duplicateEvents', { count: repeats }),
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
    message: t('problem.factsCollapsed', { count: folded, line: firstLine !== undefined ? String(firstLine) : '?' }),
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
    message: example !== null ? t('problem.futureTime', { count, time: formatInstant(example) }) : t('problem.futureTimeUndated', { count }),
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


/**
 * Orchestration: discover → sniff/decode → parse → facts → group by machine → rules → findings → report.
 */
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { Fact } from './facts.js';
import type { FileReport, MachineReport, Report } from './types.js';
import { discover, type DiscoveredFile } from './input/discover.js';
import { readFileEvidence, type FileEvidence, type ReadOptions } from './input/read.js';
import { evaluate } from './engine/index.js';
import type { Rule } from './engine/index.js';
import type { Catalog } from './catalog.js';
import { groupByMachine } from './group.js';
import { buildReport } from './report-model.js';
import { filterFacts, type FactFilter } from './filter.js';

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
  const named = options.machineName ? files.map((file) => renameRootFile(file, paths, options.machineName!)) : files;
  const { fileReports, facts } = await readAll(named, options);
  const kept = options.filter ? filterFacts(facts, options.filter) : facts;
  const machines = groupByMachine(kept);
  const evaluation = evaluate(machines, options.rules, options.catalog, { now: options.now });
  const machineReports: MachineReport[] = machines.map((machine, index) => ({
    name: machine.name,
    verdict: evaluation.machines[index]?.verdict ?? 'ok',
    files: machine.files,
    facts: machine.facts,
    findings: evaluation.machines[index]?.findings ?? [],
  }));
  return { report: buildReport(fileReports, machineReports, evaluation.fleetFindings), missing };
}

/** `--machine NAME` names the machine of files that sit directly in a scanned root or were named directly. */
function renameRootFile(file: DiscoveredFile, roots: readonly string[], name: string): DiscoveredFile {
  const direct = roots.some((root) => root === file.path) || !/[\\/]/.test(relativeToRoot(file.path, roots));
  return direct ? { ...file, machineHint: name } : file;
}

function relativeToRoot(path: string, roots: readonly string[]): string {
  for (const root of roots) {
    if (path.startsWith(root) && path.length > root.length) return path.slice(root.length).replace(/^[\\/]+/, '');
  }
  return path;
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

export { buildReport };

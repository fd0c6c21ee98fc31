/**
 * Assemble the Report (CONTRACT.md) from file reports, machines and fleet findings.
 */
import type { FileReport, FileStatus, Finding, MachineReport, Report, ReportSummary, Verdict } from '../model/report.js';
import { compareStrings } from '../input/discover.js';
import { TOOL_VERSION } from '../data/version.js';
import type { MachineFacts } from './machines.js';

/** Pair each machine's facts with its evaluation by name (case-insensitive), never by position. */
export function machineReports(
  machines: readonly MachineFacts[],
  evaluation: { machines: { name: string; verdict: Verdict; findings: Finding[] }[] },
): MachineReport[] {
  const evaluated = new Map(evaluation.machines.map((machine) => [machine.name.toUpperCase(), machine]));
  return machines.map((machine) => {
    const result = evaluated.get(machine.name.toUpperCase());
    return { name: machine.name, verdict: result?.verdict ?? 'ok', files: machine.files, facts: machine.facts, findings: result?.findings ?? [] };
  });
}

export function buildReport(files: FileReport[], machines: MachineReport[], fleetFindings: Finding[]): Report {
  const sortedFiles = [...files].sort((a, b) => compareStrings(a.path, b.path));
  return {
    schemaVersion: 1,
    tool: { name: 'activation-doctor', version: TOOL_VERSION },
    files: sortedFiles,
    machines,
    fleetFindings,
    summary: summarize(sortedFiles, machines, fleetFindings),
  };
}

function summarize(files: FileReport[], machines: MachineReport[], fleetFindings: Finding[]): ReportSummary {
  const filesByStatus: Record<FileStatus, number> = { parsed: 0, partial: 0, skipped: 0, error: 0 };
  for (const file of files) filesByStatus[file.status]++;
  const machinesByVerdict: Record<Verdict, number> = { ok: 0, warning: 0, failing: 0 };
  for (const machine of machines) machinesByVerdict[machine.verdict]++;
  const open = machines.flatMap((machine) => machine.findings).concat(fleetFindings).filter((finding) => !finding.recovered);
  return {
    files: files.length,
    machines: machines.length,
    errors: open.filter((finding) => finding.severity === 'error').length,
    warnings: open.filter((finding) => finding.severity === 'warning').length,
    infos: machines.flatMap((machine) => machine.findings).concat(fleetFindings).filter((finding) => finding.severity === 'info' || finding.recovered).length,
    filesByStatus,
    machinesByVerdict,
  };
}

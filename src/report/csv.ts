/**
 * Spreadsheets: a row per finding, or per machine (the fleet inventory) with
 * `--rows machines`. RFC 4180 quoting, formula-looking cells neutralised.
 */
import type { Report } from '../model/report.js';
import { findingRows, formatEvidence } from './common.js';
import type { RowKind } from './formats.js';
import { machineRows, MACHINE_COLUMNS } from './rows.js';

const FINDING_HEADER = ['scope', 'machine', 'verdict', 'severity', 'recovered', 'ruleId', 'code', 'title', 'cause', 'resolution', 'nextCommand', 'time', 'evidence', 'runOn'];

/** Characters a spreadsheet reads as the start of a formula (or that hide one behind them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell that a spreadsheet would run as a formula gets a leading `'`, so it shows as text. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) || FORMULA_START.test(cell.trimStart()) ? `'${cell}` : cell;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
export function quoteCsv(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  return quoteCsv(neutraliseFormula(String(value)));
}

function findingTable(report: Report): (string | number | boolean | null)[][] {
  return findingRows(report).map(({ scope, machine, verdict, finding }) => [
    scope,
    machine,
    verdict,
    finding.severity,
    finding.recovered,
    finding.ruleId,
    finding.code,
    finding.title,
    finding.cause,
    finding.resolution,
    finding.nextCommand,
    finding.time,
    finding.evidence.map(formatEvidence).join('; '),
    finding.runOn ? `${finding.runOn.machines.join(' ')}: ${finding.runOn.command}` : null,
  ]);
}

function machineTable(report: Report): (string | number | null)[][] {
  return machineRows(report).map((row) => MACHINE_COLUMNS.map((column) => row[column]));
}

export function renderCsv(report: Report, rows: RowKind = 'findings'): string {
  const table = rows === 'machines' ? [[...MACHINE_COLUMNS], ...machineTable(report)] : [FINDING_HEADER, ...findingTable(report)];
  return table.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

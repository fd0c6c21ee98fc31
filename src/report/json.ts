/**
 * `json` is exactly the Report (CONTRACT.md); `jsonl` is one finding per line for
 * SIEM ingestion, or one machine per line with `--rows machines`.
 */
import type { Report } from '../model/report.js';
import { findingRows } from './common.js';
import type { RowKind } from './formats.js';
import { machineRows } from './rows.js';
import { jsonPieces } from './stream.js';

export function renderJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/**
 * The text of renderJson() piece by piece, down to one fact at a time (stream.ts),
 * so a report is written without ever holding it, or one machine of it, as one string.
 */
export function* jsonChunks(report: Report): Generator<string> {
  yield* jsonPieces(report);
  yield '\n';
}

/** Each line stands alone: the machine and its verdict travel with the finding; `record` says what the line is. */
export function renderJsonl(report: Report, rows: RowKind = 'findings'): string {
  const lines =
    rows === 'machines'
      ? machineRows(report).map((row) => JSON.stringify({ tool: report.tool.name, record: 'machine', ...row }))
      : findingRows(report).map(({ scope, machine, verdict, finding }) =>
          JSON.stringify({
            tool: report.tool.name,
            scope,
            machine,
            verdict,
            ruleId: finding.ruleId,
            severity: finding.severity,
            code: finding.code,
            title: finding.title,
            cause: finding.cause,
            resolution: finding.resolution,
            nextCommand: finding.nextCommand,
            ...(finding.runOn ? { runOn: finding.runOn } : {}),
            time: finding.time,
            recovered: finding.recovered,
            evidence: finding.evidence,
          }),
        );
  return lines.map((line) => `${line}\n`).join('');
}

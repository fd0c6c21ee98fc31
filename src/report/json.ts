/**
 * `json` is exactly the Report (CONTRACT.md); `jsonl` is one finding per line for
 * SIEM ingestion, or one machine per line with `--rows machines`.
 */
import type { Report } from '../model/report.js';
import { findingRows } from './common.js';
import type { RowKind } from './formats.js';
import { machineRows } from './rows.js';

export function renderJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/**
 * The text of renderJson() piece by piece (one machine, file or finding at a time),
 * so a fleet's report is written without holding all of it as one string.
 */
export function* jsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? ',' : '';
    if (!Array.isArray(value) || value.length === 0) {
      yield `  ${JSON.stringify(key)}: ${indented(value, '  ')}${comma}\n`;
      continue;
    }
    yield `  ${JSON.stringify(key)}: [\n`;
    for (const [position, item] of value.entries()) yield `    ${indented(item, '    ')}${position < value.length - 1 ? ',' : ''}\n`;
    yield `  ]${comma}\n`;
  }
  yield '}\n';
}

/** JSON.stringify(value, null, 2) as it reads nested at `pad` (strings in JSON hold no raw line breaks). */
function indented(value: unknown, pad: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${pad}`);
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

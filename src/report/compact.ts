/**
 * One line per finding for grep and editors, in the shape of ESLint's `unix`
 * formatter and of compiler messages (`file:line: message`), so vim's quickfix,
 * VS Code problem matchers and `grep 0xC004F074` work on it:
 *
 *   fleet/PC03/Application.xml:7: error: PC03: 0xC004F074 The KMS host … did not answer [kms-request-no-response]
 *
 * The place is the finding's first evidence (a finding without evidence names
 * its machine instead); a recovered failure says `recovered` where the severity goes.
 */
import type { Report } from '../model/report.js';
import { findingRows } from './common.js';
import { terminalSafe } from './text.js';

function oneLine(value: string): string {
  return terminalSafe(value.replace(/[\r\n]+/g, ' '));
}

export function renderCompact(report: Report): string {
  const lines = findingRows(report).map(({ machine, finding }) => {
    const ref = finding.evidence[0];
    const place = ref ? (ref.line !== undefined ? `${ref.file}:${ref.line}` : ref.file) : (machine ?? 'fleet');
    const level = finding.recovered ? 'recovered' : finding.severity;
    const owner = machine ?? (finding.machines?.length ? `fleet (${finding.machines.join(', ')})` : 'fleet');
    const code = finding.code ? `${finding.code} ` : '';
    return oneLine(`${place}: ${level}: ${owner}: ${code}${finding.title} [${finding.ruleId}]`);
  });
  return lines.map((line) => `${line}\n`).join('');
}

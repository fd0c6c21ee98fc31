/**
 * Our own reports saved inside the evidence tree (`scan fleet > fleet/report.txt`)
 * quote error codes and event lines; read back as evidence they would invent
 * findings. Every output format has a mark that evidence does not carry.
 */
export type OwnReportFormat = 'text' | 'json' | 'jsonl' | 'csv' | 'markdown' | 'sarif' | 'junit' | 'html';

const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

const MARKS: ReadonlyArray<readonly [OwnReportFormat, RegExp]> = [
  ['junit', /^\s*(?:<\?xml[^>]*>\s*)?<testsuites\s+name="activation-doctor"/],
  ['html', /^\s*<!DOCTYPE html>[^]*?(?:activation-doctor|<title>Activation report)/i],
  ['sarif', /^\s*\{\s*"\$schema":\s*"[^"]*sarif[^]{0,2048}?"name":\s*"activation-doctor"/],
  ['json', /^\s*\{\s*"schemaVersion":\s*\d+,\s*"tool":\s*\{\s*"name":\s*"activation-doctor"/],
  ['jsonl', /^\s*\{"tool":"activation-doctor"/],
  ['csv', /^\uFEFF?scope,machine,verdict,severity,/],
  ['markdown', /^\s*#+ activation-doctor report/],
  // a finding heading (`  ERROR      0xC004F074 title [rule-id]`) with its `Cause:` under it, or the summary block
  ['text', /^ {2}(?:ERROR|WARNING|INFO|RECOVERED) {2,}\S.*\[[a-z0-9][a-z0-9-]*\]\r?\n(?: {13}.*\r?\n){0,3} {13}Cause: /m],
  ['text', /^ {2}Files: \d+ \(\d+ parsed, \d+ partial, \d+ skipped, \d+ error\)/m],
  ['text', /^activation-doctor: \d+ machines \(\d+ failing, \d+ warning, \d+ ok\)/m],
];

/** The format of our own report this text starts like, or null. */
export function ownReportFormat(head: string): OwnReportFormat | null {
  const text = head.replace(ANSI_ESCAPE, '');
  for (const [format, mark] of MARKS) if (mark.test(text)) return format;
  return null;
}

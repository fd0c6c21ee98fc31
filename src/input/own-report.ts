/**
 * Our own reports saved inside the evidence tree (`scan fleet > fleet/report.txt`)
 * quote error codes and event lines; read back as evidence they would invent
 * findings. Every output format has a mark that evidence does not carry.
 */
import { LANGUAGES } from '../i18n/index.js';
import { uiMessages } from '../i18n/messages.js';

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

let translatedMarks: ReadonlyArray<readonly [OwnReportFormat, RegExp]> | null = null;

/**
 * The text and Markdown marks in every language a report can be written in (a
 * report saved with `--lang de` quotes codes just the same), built from the
 * message files the reports are written with, once.
 */
function marksInEveryLanguage(): ReadonlyArray<readonly [OwnReportFormat, RegExp]> {
  if (translatedMarks) return translatedMarks;
  const others = LANGUAGES.filter((language) => language !== 'en').map((language) => uiMessages(language));
  const words = (id: string): string => alternatives(others.map((messages) => messages.get(id)));
  const filled = (id: string): string =>
    alternatives(
      others.map((messages) => messages.get(id)),
      (text) => text.replace(/\\\{\w+\\\}/g, '\\d+'),
    );
  translatedMarks = [
    ['text', new RegExp(`^ {2}\\S.*\\[[a-z0-9][a-z0-9-]*\\]\\r?\\n(?: {13}.*\\r?\\n){0,3} {13}(?:${words('label.cause')})\\s`, 'm')],
    ['text', new RegExp(`^ {2}(?:${filled('text.summaryFiles')})`, 'm')],
    ['markdown', new RegExp(`^\\s*#+ (?:${words('markdown.heading')})\\s*$`, 'm')],
  ];
  return translatedMarks;
}

/** `a|b|c` of the texts given, each escaped for a regular expression (then shaped by `shape`). */
function alternatives(texts: ReadonlyArray<string | undefined>, shape: (escaped: string) => string = (escaped) => escaped): string {
  const present = texts.filter((text): text is string => typeof text === 'string' && text.trim() !== '');
  return [...new Set(present)].map((text) => shape(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('|') || '(?!)';
}

/** The format of our own report this text starts like, or null. */
export function ownReportFormat(head: string): OwnReportFormat | null {
  const text = head.replace(ANSI_ESCAPE, '');
  for (const [format, mark] of MARKS) if (mark.test(text)) return format;
  for (const [format, mark] of marksInEveryLanguage()) if (mark.test(text)) return format;
  return null;
}

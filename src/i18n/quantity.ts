/**
 * Quantities in messages about input files: byte offsets and line numbers,
 * sizes and time budgets, written as the language in force writes them.
 * (Intl formats are made only when a problem is written in a language other
 * than English: creating one costs 20–40 ms at startup.)
 */
import { currentLanguage, t } from './index.js';
import { intlLocale, type Language } from './languages.js';

const groupedFormats = new Map<Language, Intl.NumberFormat>();

/**
 * `18,220,031` (English), `18.220.031` (German): a byte offset or line number in a
 * message about a file, grouped so that it can be read; the `byte` and `line`
 * fields of the problem keep the plain number for scripts.
 */
export function formatOffset(n: number): string {
  const rounded = Math.round(n);
  const language = currentLanguage();
  if (language === 'en' || language === 'qps') return String(rounded).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let format = groupedFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 0 });
    groupedFormats.set(language, format);
  }
  return format.format(rounded);
}

/** A size limit: `4 GiB`, `1.5 MiB` (`1,5 MiB` in German), `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return t('problem.unit.gib', { size: oneDecimal(bytes / 1024 ** 3) });
  if (bytes >= 1024 ** 2) return t('problem.unit.mib', { size: oneDecimal(bytes / 1024 ** 2) });
  if (bytes >= 1024) return t('problem.unit.kib', { size: Math.round(bytes / 1024) });
  return t('problem.unit.bytes', { count: bytes });
}

/** A time budget in seconds, up to milliseconds: `30 s`, `0.25 s` (`0,25 s` in German). */
export function formatSeconds(ms: number): string {
  const seconds = Number((ms / 1000).toFixed(3));
  const language = currentLanguage();
  const text =
    language === 'en' || language === 'qps' ? String(seconds) : seconds.toLocaleString(intlLocale(language), { maximumFractionDigits: 3, useGrouping: false });
  return t('problem.unit.seconds', { seconds: text });
}

/** Whole numbers as they are, others to one decimal (the message formatter writes the separator). */
function oneDecimal(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toFixed(1));
}

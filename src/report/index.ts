/** Rendering of a Report in every output format, plus the one-line summary for stderr. */
import type { Report } from '../model/report.js';
import { formatDefinition, type OutputFormat, type RenderOptions } from './formats.js';
import { jsonChunks } from './json.js';
import { isLanguage, t, withLanguage } from '../i18n/index.js';

export { FORMATS, OUTPUT_FORMATS, ROW_KINDS, formatForFile, formatsHelp, isOutputFormat } from './formats.js';
export type { FormatDefinition, OutputFormat, RenderOptions, RowKind } from './formats.js';

/** In `opts.lang`, else the report's own `lang`, else the language in force. */
export function render(report: Report, format: OutputFormat, opts: RenderOptions): string {
  const lang = opts.lang ?? (report.lang && isLanguage(report.lang) ? report.lang : undefined);
  return withLanguage(lang, () => formatDefinition(format).render(report, opts));
}

/**
 * The report in pieces to write one after another: JSON (which carries every
 * fact) is never built as one string; the other formats hold findings only.
 */
export function* renderPieces(report: Report, format: OutputFormat, opts: RenderOptions): Generator<string> {
  if (format === 'json') {
    yield* jsonChunks(report);
    return;
  }
  const text = render(report, format, opts);
  yield text.endsWith('\n') ? text : `${text}\n`;
}

/** One greppable line for stderr. */
export function summaryLine(report: Report): string {
  const s = report.summary;
  const v = s.machinesByVerdict;
  const f = s.filesByStatus;
  return t('summary.line', {
    machines: s.machines,
    failing: v.failing,
    warning: v.warning,
    unknown: v.unknown,
    ok: v.ok,
    errors: s.errors,
    warnings: s.warnings,
    parsed: f.parsed,
    partial: f.partial,
    skipped: f.skipped,
    error: f.error,
  });
}


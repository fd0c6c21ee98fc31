/** Rendering of a Report in every output format, plus the one-line summary for stderr. */
import type { Catalog } from '../catalog/catalog.js';
import type { Report } from '../model/report.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { jsonChunks, renderJson, renderJsonl } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type OutputFormat = 'text' | 'json' | 'jsonl' | 'csv' | 'markdown' | 'sarif' | 'junit' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'jsonl', 'csv', 'markdown', 'sarif', 'junit', 'html'];

export interface RenderOptions {
  /** ANSI colour in `text` (the CLI decides: a TTY and no NO_COLOR). */
  color: boolean;
  /** Rule metadata for `sarif`. */
  catalog?: Catalog;
  /** The rules' own titles by rule id, for `sarif` rule descriptions and the top causes. */
  ruleTitles?: ReadonlyMap<string, string>;
  /** Line width for `text` (default 80). */
  width?: number;
}

export function render(report: Report, format: OutputFormat, opts: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: opts.color, width: opts.width, ruleTitles: opts.ruleTitles });
    case 'json':
      return renderJson(report);
    case 'jsonl':
      return renderJsonl(report);
    case 'csv':
      return renderCsv(report);
    case 'markdown':
      return renderMarkdown(report, opts.ruleTitles);
    case 'sarif':
      return renderSarif(report, opts.catalog, opts.ruleTitles);
    case 'junit':
      return renderJunit(report);
    case 'html':
      return renderHtml(report, opts.ruleTitles);
  }
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
  return (
    `activation-doctor: ${s.machines} machines (${v.failing} failing, ${v.warning} warning, ${v.unknown} unknown, ${v.ok} ok), ` +
    `${s.errors} errors, ${s.warnings} warnings; files: ${f.parsed} parsed, ${f.partial} partial, ${f.skipped} skipped, ${f.error} error`
  );
}


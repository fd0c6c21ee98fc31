/**
 * The one list of output formats: name, file extension, what it is for, and how
 * it renders. The CLI's choices and help text and the golden tests derive from it.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Report } from '../model/report.js';
import type { FailOn } from '../pipeline/exit-code.js';
import { renderCompact } from './compact.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonl } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { t, type Language } from '../i18n/index.js';

export const ROW_KINDS = ['findings', 'machines'] as const;
/** What a row of `csv` and `jsonl` stands for. */
export type RowKind = (typeof ROW_KINDS)[number];

export interface RenderOptions {
  /** ANSI colour in `text` (the CLI decides: a TTY and no NO_COLOR). */
  color: boolean;
  /** Rule metadata for `sarif`. */
  catalog?: Catalog;
  /** The rules' own titles by rule id, for `sarif` rule descriptions and the top causes. */
  ruleTitles?: ReadonlyMap<string, string>;
  /** Line width for `text` (default 80). */
  width?: number;
  /** The exit-code threshold: `junit` fails exactly the machines it counts (default `error`). */
  failOn?: FailOn;
  /** The exit code counts unknown machines too (`check`, `--fail-on-unknown`): so does `junit`. */
  failOnUnknown?: boolean;
  /** `csv` and `jsonl`: a row per finding (default) or per machine. */
  rows?: RowKind;
  /** When the report was made (ISO), for the `html` header; omitted in golden files. */
  generatedAt?: string;
  /** The paths the run was given, for the `html` header. */
  inputs?: readonly string[];
  /** The command's arguments without its output options (`check --policy x evidence/`), for the `markdown` footer. */
  command?: readonly string[];
  /** Language of labels and summaries (default: the report's own `lang`, else the language in force). */
  lang?: Language;
}

export interface FormatDefinition {
  name: string;
  /** File extension for `-o` and the golden files, without the dot. */
  extension: string;
  /** Who reads it and where, for `--help` and the README. */
  description: string;
  render: (report: Report, options: RenderOptions) => string;
}

export const FORMATS = [
  { name: 'text', extension: 'txt', description: 'a terminal: machines, then each cause once with its machines', render: (r, o) => renderText(r, o) },
  {
    name: 'compact',
    extension: 'compact.txt',
    description: 'grep and editors: one line per finding, file:line: severity: machine: code title [rule]',
    render: (r) => renderCompact(r),
  },
  { name: 'json', extension: 'json', description: 'scripts: the whole report (schema/report.schema.json)', render: (r) => renderJson(r) },
  {
    name: 'jsonl',
    extension: 'jsonl',
    description: 'SIEMs: one JSON object per finding, or per machine with --rows machines',
    render: (r, o) => renderJsonl(r, o.rows),
  },
  {
    name: 'csv',
    extension: 'csv',
    description: 'spreadsheets: a row per finding, or per machine (inventory) with --rows machines',
    render: (r, o) => renderCsv(r, o.rows),
  },
  {
    name: 'markdown',
    extension: 'md',
    description: 'pull-request and issue comments: summary first, details folded, under 65,536 characters',
    render: (r, o) => renderMarkdown(r, o),
  },
  { name: 'sarif', extension: 'sarif', description: 'code scanning (SARIF 2.1.0)', render: (r, o) => renderSarif(r, o.catalog, o.ruleTitles) },
  {
    name: 'junit',
    extension: 'xml',
    description: 'CI test tabs: one test case per machine, failed as --fail-on counts it',
    render: (r, o) => renderJunit(r, o.failOn ?? 'error', o.failOnUnknown ?? false),
  },
  {
    name: 'html',
    extension: 'html',
    description: 'people and phones: one self-contained page, failing machines first, filter by cause',
    render: (r, o) => renderHtml(r, o),
  },
] as const satisfies readonly FormatDefinition[];

export type OutputFormat = (typeof FORMATS)[number]['name'];
export const OUTPUT_FORMATS: readonly OutputFormat[] = FORMATS.map((format) => format.name);

export function formatDefinition(name: OutputFormat): FormatDefinition {
  return FORMATS.find((format) => format.name === name)!;
}

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** The format a file name asks for (`report.html` → html, `fleet.sarif` → sarif), by the longest matching extension. */
export function formatForFile(path: string): OutputFormat | null {
  const name = path.toLowerCase();
  const matches = FORMATS.filter((format) => name.endsWith(`.${format.extension}`)).sort((a, b) => b.extension.length - a.extension.length);
  return matches[0]?.name ?? null;
}

/** `--help` text: one line per format. */
export function formatsHelp(): string {
  const width = Math.max(...FORMATS.map((format) => format.name.length));
  return FORMATS.map((format) => `  ${format.name.padEnd(width)}  ${t(`format.${format.name}`)}`).join('\n');
}

/**
 * `activation-doctor explain`: the catalog entry for each code given, in any
 * spelling or inside a pasted line.
 */
import { nextCommand, type ActivationType, type Catalog, type CatalogEntry } from './catalog.js';
import { extractCodes, normalizeHresult } from '../model/codes.js';
import { describeFacility } from './facility.js';
import { t } from '../i18n/index.js';
import { padToWidth, displayWidth } from '../i18n/width.js';

export interface ExplainOptions {
  format: 'text' | 'json';
  list?: boolean;
  catalog: Catalog;
}

export interface ExplainResult {
  /** For stdout: the entries, and what the facility of an unknown code suggests. */
  output: string;
  /** For stderr: arguments in which no code was found. */
  errors: string;
  /** 0 all known; 1 a code is not in the catalog; 2 an argument held no code (bad input). */
  exitCode: 0 | 1 | 2;
}

/** A code that is not in the catalog, with what its facility suggests. */
export interface UnknownCode {
  code: string;
  facility: string;
}

interface Lookup {
  entries: CatalogEntry[];
  unknown: UnknownCode[];
  /** Arguments in which no code at all was found. */
  unreadable: string[];
}

/** `activationType.kms-client` … in messages/<lang>/ui.yaml. */
function activationTypeLabel(type: ActivationType): string {
  return t(`activationType.${type}`);
}

export function explain(args: string[], opts: ExplainOptions): ExplainResult {
  if (opts.list) return listCatalog(opts);
  if (args.every((arg) => arg.trim() === '')) {
    return { output: '', errors: `${t('explain.noCode')}\n`, exitCode: 2 };
  }
  const lookup = lookUp(withoutSluiPrefix(args), opts.catalog);
  const output = opts.format === 'json' ? renderJson(lookup) : renderText(lookup);
  const errors = lookup.unreadable.map((arg) => `${t('explain.unreadable', { text: JSON.stringify(arg) })}\n`).join('');
  const exitCode = lookup.unreadable.length > 0 ? 2 : lookup.unknown.length > 0 ? 1 : 0;
  return { output, errors, exitCode };
}

/**
 * Microsoft's articles show codes as `slui.exe 0x2a 0xC004F074` (the command that
 * displays the error text): `slui` and the `0x2a` after it are not codes.
 */
function withoutSluiPrefix(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.trim();
    const inline = /^slui(?:\.exe)?\s+0x2a\b\s*/i.exec(arg);
    if (inline) {
      out.push(arg.slice(inline[0].length));
      continue;
    }
    if (/^slui(?:\.exe)?$/i.test(arg)) {
      if (/^0x2a$/i.test(args[i + 1]?.trim() ?? '')) i++;
      continue;
    }
    out.push(args[i]!);
  }
  return out;
}

/**
 * A whole argument that is a code on its own. Plain small decimals (`5`, `41760`) do not
 * count: in an unquoted paste of a 12288 record they are counters, not codes.
 */
function standaloneCode(arg: string): string | null {
  const code = normalizeHresult(arg);
  if (code === null) return null;
  const text = arg.trim();
  const explicitlyHex = /^(?:0x|&h)/i.test(text) || /^[0-9a-f]{8}$/i.test(text);
  const errorRangeDecimal = text.startsWith('-') || Number.parseInt(code.slice(2), 16) >= 0x8000_0000;
  return explicitlyHex || errorRangeDecimal ? code : null;
}

function codesInArgument(arg: string): string[] {
  const single = standaloneCode(arg);
  if (single !== null) return [single];
  // Inside a pasted line, 0x0-style values are status fields (12288 flags), not errors.
  return extractCodes(arg).filter((code) => Number.parseInt(code.slice(2), 16) >= 0x10000);
}

/**
 * Arguments are codes, or pasted lines (quoted, or unquoted and so split into words by
 * the shell). Words without a code are ignored as long as some argument held one; a
 * quoted line without any code is reported.
 */
function lookUp(args: string[], catalog: Catalog): Lookup {
  const lookup: Lookup = { entries: [], unknown: [], unreadable: [] };
  const seen = new Set<string>();
  const wordsWithoutCode: string[] = [];
  for (const arg of args) {
    if (arg.trim() === '') continue;
    const codes = codesInArgument(arg);
    if (codes.length === 0) {
      if (/\s/.test(arg.trim())) lookup.unreadable.push(arg);
      else wordsWithoutCode.push(arg);
    }
    for (const code of codes) {
      if (seen.has(code)) continue;
      seen.add(code);
      const entry = catalog.get(code);
      if (entry) lookup.entries.push(entry);
      else lookup.unknown.push({ code, facility: describeFacility(code) });
    }
  }
  if (seen.size === 0 && wordsWithoutCode.length > 0) lookup.unreadable.push(wordsWithoutCode.join(' '));
  return lookup;
}

function appliesToText(entry: CatalogEntry): string {
  return entry.appliesTo.length === 0 ? t('explain.notStated') : entry.appliesTo.map(activationTypeLabel).join(t('punctuation.listSeparator'));
}

function renderEntryText(entry: CatalogEntry): string {
  const lines: string[] = [];
  const name = entry.name ? `  ${entry.name}` : '';
  const labels = [t('explain.label.message'), t('explain.label.appliesTo'), t('explain.label.coverage')];
  const column = Math.max(13, ...labels.map((label) => displayWidth(label) + 2));
  const field = (label: string, value: string): string => `  ${padToWidth(label, column)}${value}`;
  lines.push(`${entry.code}${name}`, `  ${entry.title}`, '');
  lines.push(field(labels[0]!, entry.message));
  lines.push(field(labels[1]!, appliesToText(entry)));
  if (entry.coverage === 'supplementary') lines.push(field(labels[2]!, t('explain.supplementary')));
  if (entry.causes.length > 0) {
    lines.push('', `  ${t('explain.possibleCauses')}`);
    for (const cause of entry.causes) lines.push(`    - ${cause}`);
  }
  if (entry.resolution.length > 0) {
    lines.push('', `  ${t('explain.resolution')}`);
    entry.resolution.forEach((step, index) => {
      lines.push(`    ${index + 1}. ${step.step}`);
      if (step.command) lines.push(`       > ${step.command}`);
    });
  }
  if (entry.facts && Object.keys(entry.facts).length > 0) {
    lines.push('', `  ${t('explain.facts')}`);
    for (const [key, value] of Object.entries(entry.facts)) lines.push(`    ${key}: ${value}`);
  }
  const next = nextCommand(entry);
  if (next?.command) lines.push('', `  ${t('explain.nextCommand')}  ${next.command}`);
  if (entry.related.length > 0) lines.push('', `  ${t('explain.relatedCodes')}  ${entry.related.join(', ')}`);
  return lines.join('\n');
}

function renderText(lookup: Lookup): string {
  const blocks = lookup.entries.map(renderEntryText);
  for (const unknown of lookup.unknown) {
    blocks.push(`${unknown.code}\n  ${t('explain.notInCatalog')}\n  ${unknown.facility}`);
  }
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

function renderJson(lookup: Lookup): string {
  return `${JSON.stringify({ entries: lookup.entries, unknown: lookup.unknown, unreadable: lookup.unreadable }, null, 2)}\n`;
}

function sortedEntries(catalog: Catalog): CatalogEntry[] {
  return [...catalog.values()].sort((a, b) => a.code.localeCompare(b.code));
}

function listCatalog(opts: ExplainOptions): ExplainResult {
  const entries = sortedEntries(opts.catalog);
  if (opts.format === 'json') return { output: `${JSON.stringify(entries, null, 2)}\n`, errors: '', exitCode: 0 };
  const rows = entries.map((entry) => [entry.code, appliesToText(entry), entry.message]);
  const heads = [t('explain.column.code'), t('explain.column.appliesTo'), t('explain.column.message')];
  const typesWidth = Math.max(displayWidth(heads[1]!), ...rows.map((row) => displayWidth(row[1]!)));
  const format = (row: string[]) => `${padToWidth(row[0]!, 10)}  ${padToWidth(row[1]!, typesWidth)}  ${row[2]}`;
  const header = format(heads);
  const lines = [header, '-'.repeat(displayWidth(header)), ...rows.map(format), '', t('explain.codeCount', { count: entries.length })];
  return { output: `${lines.join('\n')}\n`, errors: '', exitCode: 0 };
}

/**
 * Turn pasted slmgr/ospp text into classified logical lines: paste damage removed
 * (quote and chat prefixes, Markdown fences, indentation, full-width punctuation),
 * 80-column wraps joined back, and each line tagged with what it is.
 */
import type { Hresult } from '../../model/facts.js';
import { ACTIVATING_WORDS, ERROR_WORDS, type FieldKey, type FixedLine, lookupField, lookupFixedLine, XPR_PATTERNS, type XprState } from './labels.js';
import { valueCompleteness } from './complete.js';
import { GUID_ANYWHERE, parseHresult } from './values.js';

export type LineKind =
  | { type: 'blank' }
  | { type: 'banner' }
  | { type: 'prompt'; command: string | null }
  | { type: 'field'; field: FieldKey; label: string; value: string }
  | { type: 'fixed'; fixed: FixedLine }
  | { type: 'error'; code: Hresult | null; message: string | null; afterBanner?: true }
  | { type: 'activating'; product: string | null; activationIdText: string | null }
  | { type: 'xprHeader'; product: string }
  | { type: 'xprState'; state: XprState; dateText: string | null }
  | { type: 'unknownKv'; label: string; value: string }
  | { type: 'other' };

export type { XprState };

export interface Line {
  /** 1-based line number where this logical line starts. */
  lineNo: number;
  /** Cleaned text: prefixes and indentation removed, full-width punctuation folded. */
  text: string;
  kind: LineKind;
  /** Console columns of the line with its indentation, before cleaning (for wrap detection). */
  width: number;
  indent: number;
  trailingSpace: boolean;
  /** The last physical line of the input, when it had no line break after it. */
  endsInput: boolean;
  /** How many wrapped physical lines were joined onto this one. */
  joined?: number;
}

/** A console wraps at 80 columns; a line this long may continue on the next one. */
const WRAP_CANDIDATE_WIDTH = 70;
/** No slmgr value spans more than a few console lines; longer runs are not wraps (and joining them is quadratic). */
const MAX_WRAP_JOINS = 4;

/** `[12:44, 18/3/2026] Name: ` (WhatsApp), `[2026-03-18 12:44] Name: `, `18/03/2026, 12:44 - Name: `; an empty message has no space after the colon. */
const CHAT_PREFIXES = [
  /^\[\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?,\s*\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\]\s*[^:[\]]{1,40}?:(?:\s|$)/,
  /^\[\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]\s*[^:[\]]{1,40}?:(?:\s|$)/,
  /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?\s+-\s+[^:]{1,40}?:(?:\s|$)/,
];

const BANNER = [
  /^Microsoft\s*\(R\)\s*Windows Script Host/i,
  /^Windows Script Host$/i,
  /\(C\)\s*Microsoft Corp/i,
  /^Copyright\s*\(C\)/i,
];

const PROMPT = [
  /^(?:PS\s+)?[A-Za-z]:\\[^>\n]*>\s*(.*)$/,
  /^\[[A-Za-z]:\\[^\]]*\]\s*[$#>]\s*(.*)$/,
  /^[\w.-]+@[\w.-]+:[^$#]*[$#]\s*(.*)$/,
];
const BARE_COMMAND = /^(?:[$#>]\s*)?(?:cscript(?:\.exe)?\s+(?:\/\/\w+\s+)*)?(?:[^\s]*[\\/])?(slmgr|ospp)(?:\.vbs)?(?:\s+(.*))?$/i;


/** Cheap pre-checks that let most lines skip the regex lists below. */
const MAYBE_BANNER = /Script Host|\(C\)|Copyright/i;
const MAYBE_PROMPT = /\\|@|slmgr|ospp/i;

const ERROR_AFTER_BANNER = new RegExp(`(?:${ERROR_WORDS.join('|')})\\s*:\\s*(0x[0-9a-f]{1,8}\\b.*)$`, 'iu');
const ERROR_LINE = new RegExp(`^(?:${ERROR_WORDS.join('|')})\\s*(?::|\\s(?=0x))\\s*(.*)$`, 'iu');
// `(?<!\s)` keeps `\s*` from re-scanning a long run of spaces at every step of `.*?` (quadratic).
const NAME_AND_GUID = new RegExp(String.raw`^(.*?)(?<!\s)\s*\((${GUID_ANYWHERE.source})\)`, 'i');
const ACTIVATING_PREFIX = new RegExp(`^(?:${ACTIVATING_WORDS.join('|')})\\s+(.*)$`, 'iu');

interface PhysicalLine {
  lineNo: number;
  content: string;
  width: number;
  indent: number;
  trailingSpace: boolean;
  endsInput: boolean;
}

export function splitLines(text: string): Line[] {
  const raw = text.split(/\r\n|\r|\n/);
  const endsWithBreak = raw.length > 1 && raw[raw.length - 1] === '';
  if (endsWithBreak) raw.pop();
  const lines: Line[] = [];
  let blanksSinceContent = 0;
  raw.forEach((rawLine, index) => {
    const physical = cleanPhysicalLine(rawLine, index + 1, index === raw.length - 1 && !endsWithBreak);
    const kind = classify(physical.content);
    const previous = lastContentLine(lines);
    const canJoin = previous !== undefined && (previous.joined ?? 0) < MAX_WRAP_JOINS;
    if (kind.type === 'other' && canJoin && blanksSinceContent <= 2 && continues(previous, physical)) {
      joinInto(lines, previous, physical);
      blanksSinceContent = 0;
      return;
    }
    lines.push({ lineNo: physical.lineNo, text: physical.content, kind, width: physical.width, indent: physical.indent, trailingSpace: physical.trailingSpace, endsInput: physical.endsInput });
    blanksSinceContent = kind.type === 'blank' ? blanksSinceContent + 1 : 0;
  });
  return lines;
}

function lastContentLine(lines: Line[]): Line | undefined {
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
    if (lines[i].kind.type !== 'blank') return lines[i];
  }
  return undefined;
}

/** Is `next` the rest of `previous`, cut by an 80-column console or a two-line `/ato` message? */
function continues(previous: Line, next: PhysicalLine): boolean {
  if (next.content === '') return false;
  const kind = previous.kind;
  const type = kind.type;
  if (kind.type === 'activating' && kind.activationIdText === null) {
    // zh-hans/003: `正在激活 Windows(R), EnterpriseS edition` / `(*-*-*-*-*)...`
    return /^\([^()]*\)\s*(?:\.{2,}|…)?$/.test(next.content);
  }
  if (previous.width < WRAP_CANDIDATE_WIDTH) return false;
  if (kind.type === 'field' && valueCompleteness(kind.field, kind.value) === true) return false;
  return type === 'field' || type === 'unknownKv' || type === 'error' || type === 'activating' || type === 'other';
}

function joinInto(lines: Line[], previous: Line, next: PhysicalLine): void {
  const space = previous.trailingSpace || next.indent > previous.indent || previous.kind.type === 'activating' ? ' ' : '';
  const text = previous.text + space + next.content;
  const index = lines.lastIndexOf(previous);
  lines.splice(index, lines.length - index, {
    ...previous,
    text,
    kind: classify(text),
    width: next.width,
    trailingSpace: next.trailingSpace,
    endsInput: next.endsInput,
    joined: (previous.joined ?? 0) + 1,
  });
}

const NON_ASCII = /[^\x00-\x7f]/;
/** First characters of a quote (`>`) or chat (`[12:44, …]`, `18/03/2026, 12:44 - `) prefix. */
const PREFIX_START = /^\s*[>[\d]/;

function cleanPhysicalLine(rawLine: string, lineNo: number, endsInput: boolean): PhysicalLine {
  const hasNonAscii = NON_ASCII.test(rawLine);
  let line = hasNonAscii ? rawLine.replace(/[\u200b-\u200d\ufeff]/g, '').replace(/[\u00a0\u3000]/g, ' ') : rawLine;
  // A console wrap that cuts at a space leaves exactly one at the end of the line;
  // forum editors add two or more to every line, which says nothing about the cut.
  const trailingSpace = /\S\s$/.test(line);
  line = line.trimEnd();
  if (PREFIX_START.test(line)) line = stripPastePrefixes(line);
  const indent = indentation(line);
  const width = hasNonAscii ? displayWidth(line) : line.length;
  let content = line.trim();
  if (content.includes('`') || content.startsWith('~~~')) {
    if (/^(```|~~~)/.test(content)) content = '';
    content = content.replace(/^`+\s*/, '').replace(/\s*`+$/, '');
  }
  if (hasNonAscii) content = content.replace(/：/g, ':').replace(/（/g, '(').replace(/）/g, ')');
  return { lineNo, content, width, indent, trailingSpace, endsInput };
}

/** Console columns: East Asian wide characters take two (a zh/ja console wraps after 40 of them). */
function displayWidth(line: string): number {
  let width = 0;
  for (const char of line) {
    const code = char.codePointAt(0) ?? 0;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

function indentation(line: string): number {
  let width = 0;
  for (const char of line) {
    if (char === ' ') width++;
    else if (char === '\t') width += 4;
    else break;
  }
  return width;
}

function stripPastePrefixes(line: string): string {
  let current = line;
  for (let guard = 0; guard < 6; guard++) {
    const quote = /^\s*>[ \t]?/.exec(current);
    if (quote) {
      current = current.slice(quote[0].length);
      continue;
    }
    const trimmed = current.trimStart();
    const chat = CHAT_PREFIXES.map((re) => re.exec(trimmed)).find((m) => m !== null);
    if (chat) {
      current = trimmed.slice(chat[0].length);
      continue;
    }
    break;
  }
  return current;
}

function classify(content: string): LineKind {
  if (content === '') return { type: 'blank' };
  if (MAYBE_BANNER.test(content) && BANNER.some((re) => re.test(content))) {
    // Two lines joined by a paste: `… All rights reserved.Error: 0xC004F074 …`.
    const joinedError = ERROR_AFTER_BANNER.exec(content);
    return joinedError ? { ...(readError(joinedError[1]!) as Extract<LineKind, { type: 'error' }>), afterBanner: true } : { type: 'banner' };
  }
  const prompt = MAYBE_PROMPT.test(content) ? readPrompt(content) : null;
  if (prompt) return prompt;
  // Fixed lines have no colon, or one at the very end: skip the lookup for `label: value`.
  const innerColon = content.indexOf(':');
  const fixed = innerColon < 0 || innerColon >= content.length - 1 ? lookupFixedLine(content) : null;
  if (fixed) return { type: 'fixed', fixed };
  const error = ERROR_LINE.exec(content);
  if (error) return readError(error[1]);
  const activating = readActivating(content);
  if (activating) return activating;
  for (const [re, state] of XPR_PATTERNS.maybe.test(content) ? XPR_PATTERNS.patterns : []) {
    const match = re.exec(content);
    if (match) return { type: 'xprState', state, dateText: match[1].trim() || null };
  }
  const colon = content.indexOf(':');
  if (colon > 0) {
    const label = content.slice(0, colon).trim();
    const value = content.slice(colon + 1).trim();
    const field = lookupField(label);
    // ospp's `LICENSE STATUS:  ---LICENSED---` has the same label as slmgr's `License Status:`.
    if (field === 'licenseStatus' && /^-{2,}/.test(value)) return { type: 'field', field: 'osppStatus', label, value };
    if (field) return { type: 'field', field, label, value };
    if (value === '' && /\bedition$|\(R\)|^Office \d+,/i.test(label)) return { type: 'xprHeader', product: label };
    if (label.length <= 70 && /\p{L}/u.test(label) && !/^https?$/i.test(label)) return { type: 'unknownKv', label, value };
  }
  return { type: 'other' };
}

function readPrompt(content: string): LineKind | null {
  for (const re of PROMPT) {
    const match = re.exec(content);
    if (match) return { type: 'prompt', command: commandName(match[1]) };
  }
  if (BARE_COMMAND.test(content)) return { type: 'prompt', command: commandName(content) };
  return null;
}

/** `cscript //nologo C:\Windows\System32\slmgr.vbs /dlv all` → `slmgr /dlv`. */
function commandName(commandLine: string): string | null {
  const match = BARE_COMMAND.exec(commandLine.trim());
  if (!match) return null;
  const tool = match[1].toLowerCase();
  const option = /(?:^|\s)([/-][\w-]+)/.exec(match[2] ?? '')?.[1];
  return option ? `${tool} ${option.toLowerCase().replace(/^-/, '/')}` : tool;
}

function readError(rest: string): LineKind {
  const code = /^0x[0-9a-f]+\b/i.test(rest) ? parseHresult(rest) : null;
  const message = (code ? rest.replace(/^0x[0-9a-f]+\s*/i, '') : rest).trim();
  return { type: 'error', code, message: message === '' ? null : message };
}

/**
 * The text before a trailing `...` or `…` (and the spaces around it), or null
 * without one. A loop, not `/(?:\.{2,}|…)\s*$/`: that pattern is quadratic on a long run of dots.
 */
function withoutEllipsis(text: string): string | null {
  const trimmed = text.trimEnd();
  if (trimmed.endsWith('…')) return trimmed.slice(0, -1).trimEnd();
  let start = trimmed.length;
  while (start > 0 && trimmed[start - 1] === '.') start--;
  return trimmed.length - start >= 2 ? trimmed.slice(0, start).trimEnd() : null;
}

function readActivating(content: string): LineKind | null {
  const prefixed = ACTIVATING_PREFIX.exec(content);
  const hasEllipsis = withoutEllipsis(content) !== null;
  // Languages we have no word for still print `<name> (<ActivationID>)` and end with `...`.
  if (!prefixed && !hasEllipsis) return null;
  const guidInParens = NAME_AND_GUID.exec(content);
  if (!prefixed && !guidInParens) return null;
  if (prefixed && content.includes(':')) return null;
  if (!prefixed && guidInParens) {
    return { type: 'activating', product: guidInParens[1].trim() || null, activationIdText: guidInParens[2] };
  }
  const text = prefixed ? prefixed[1] : content;
  const body = withoutEllipsis(text) ?? text;
  const parens = /^(.*?)(?<!\s)\s*\(([^()]*)\)\s*$/.exec(body);
  const product = (parens ? parens[1] : body).trim();
  return { type: 'activating', product: product === '' ? null : product, activationIdText: parens ? parens[2].trim() : null };
}

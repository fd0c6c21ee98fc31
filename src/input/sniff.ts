/**
 * Sniff: decide a file's kind and encoding from its first bytes, never from its name.
 */
import type { FileKind, FileProblemCode, TextEncoding } from '../model/report.js';
import { decodeText, detectTextEncoding } from './codepage.js';
import { classifyText } from '../parsers/slmgr/index.js';
import { ownReportFormat } from './own-report.js';
import { utf16Start } from './encoding-switch.js';
import { looksLikeEventText } from '../parsers/events/text/index.js';
import { t } from '../i18n/index.js';

export const SNIFF_BYTES = 64 * 1024;

export interface SniffResult {
  kind: FileKind;
  encoding: TextEncoding | null;
  /** Why the file is not evidence, when it is not. */
  reason?: string;
  /** Stable code of the reason (FileProblemCode). */
  code?: FileProblemCode;
}

const EVTX_SIGNATURE = Buffer.from('ElfFile\0', 'latin1');

export function sniff(head: Buffer): SniffResult {
  if (head.length === 0) return { kind: 'empty', encoding: null, reason: t('problem.emptyFile'), code: 'empty-file' };
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return {
      kind: 'binary',
      encoding: 'binary',
      reason: t('problem.gzip'),
      code: 'gzip-compressed',
    };
  }
  if (head.subarray(0, EVTX_SIGNATURE.length).equals(EVTX_SIGNATURE)) {
    return { kind: 'evtx', encoding: 'binary' };
  }
  const encoding = detectEncoding(head);
  if (encoding === 'binary') {
    return { kind: 'binary', encoding, reason: t('problem.binary'), code: 'binary-content' };
  }
  const text = decodeText(head, encoding);
  const ownFormat = ownReportFormat(text);
  if (ownFormat) {
    return {
      kind: 'unknown',
      encoding,
      reason: t('problem.ownReport', { format: ownFormat }),
      code: 'own-report',
    };
  }
  const xmlKind = classifyXml(text);
  if (xmlKind) return { kind: xmlKind, encoding };
  // Event Viewer's "Copy details as text" ends with an Event Xml section: the text reader reads the whole paste.
  if (looksLikeEventText(text)) return { kind: 'event-text', encoding };
  if (EVENT_AFTER_PREAMBLE.test(text)) return { kind: 'event-xml', encoding };
  const textKind = classifyText(text);
  if (textKind) return { kind: textKind, encoding };
  return {
    kind: 'unknown',
    encoding,
    reason: t('problem.notEvidence'),
    code: 'not-evidence',
  };
}

export function detectEncoding(head: Buffer): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (startsUtf8ThenUtf16(head)) return 'utf-8';
  const utf16 = detectBomlessUtf16(head);
  if (utf16) return utf16;
  if (looksBinary(head)) return 'binary';
  return detectTextEncoding(head);
}

/** A text part, then UTF-16LE appended (PowerShell 5 `>>`): read as UTF-8, the reader switches where the UTF-16 starts. */
function startsUtf8ThenUtf16(head: Buffer): boolean {
  const start = utf16Start(head);
  if (start < 8 || looksBinary(head.subarray(0, start))) return false;
  const tail = head.subarray(head[start] === 0xff ? start + 2 : start, start + 4098);
  return tail.length >= 4 && detectBomlessUtf16(tail) === 'utf-16le';
}

/** UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte. */
function detectBomlessUtf16(head: Buffer): TextEncoding | null {
  const sample = Math.min(head.length, 4096) & ~1;
  if (sample < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (head[i] === 0) zeroEven++;
    if (head[i + 1] === 0) zeroOdd++;
  }
  const pairs = sample / 2;
  if (zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.05) return 'utf-16be';
  return null;
}

/** NUL bytes or many control characters in what should be 8-bit text. */
function looksBinary(head: Buffer): boolean {
  const sample = head.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  }
  return control > sample.length * 0.05;
}

/**
 * An event element at the start of a line, after other text: `evtxexport -f xml`
 * prints its version line first, and a saved console session has a prompt.
 */
const EVENT_AFTER_PREAMBLE = /(?:^|\n)[ \t]*<(?:Events>|Event\s+xmlns=['"]http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event['"])/;

/**
 * A version banner or a prompt line (at most two lines) before the events is an export
 * streamed as XML; a longer preamble (Event Viewer's "Copy details as text" header and
 * description) is left to the event text reader.
 */
function eventsAfterShortPreamble(text: string): boolean {
  const match = EVENT_AFTER_PREAMBLE.exec(text);
  if (!match) return false;
  const preamble = text
    .slice(0, match.index)
    .split('\n')
    .filter((line) => line.trim() !== '');
  return preamble.length <= 2;
}

function classifyXml(text: string): FileKind | null {
  const start = text.replace(/^[\s\uFEFF]+/, '');
  if (!start.startsWith('<')) return eventsAfterShortPreamble(text) ? 'event-xml' : null;
  if (/<Objs\b[^>]*powershell/i.test(text) || /<Objects>\s*<Object\b/.test(text)) return 'clixml';
  if (/<(?:[A-Za-z_][\w.-]*:)?Events?[\s>]/.test(text)) return 'event-xml';
  return null;
}

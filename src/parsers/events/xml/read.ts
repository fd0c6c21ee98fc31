/**
 * Event log ingestion: a stream of event XML bytes (any export shape, UTF-8 or
 * UTF-16) → activation facts, at disk speed and with flat memory.
 */
import type { Fact } from '../../../model/facts.js';
import type { ParseContext, ParseResult, Problem } from '../../../model/report.js';
import { EventCutter, type CutterSummary, type EventCandidate } from './cutter.js';
import type { EventEncoding } from './encoding.js';
import { isHandledEventId, PROVIDER_NEEDLES, recordSink } from '../event-facts.js';
import { parseXmlElement, XmlError } from './element.js';
import { recordFromEventElement, type EventRecord } from '../record.js';
import { oversizedHexCodes } from '../../../model/codes.js';
import { t } from '../../../i18n/index.js';
import { formatOffset } from '../../../i18n/quantity.js';
import { clixmlAdvice } from './clixml.js';

export { readClixml } from './clixml.js';

export interface EventReadLimits {
  /** Default 4 MiB: a larger single element is reported and skipped. */
  maxEventBytes?: number;
  /**
   * Hand each record read to this instead of turning it into facts
   * (`activation-doctor events`): activation providers' records, or every
   * record with `all`.
   */
  onRecord?: (record: EventRecord) => void;
  all?: boolean;
}

const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * The XML reader's answer when handed a binary .evtx (the orchestrator sends those to readEvtx),
 * in English; the reader writes it in the language in force (message `problem.xml.evtxAdvice`).
 */
export const EVTX_ADVICE = 'binary .evtx, not event XML: read it with readEvtx (`activation-doctor scan` and `events` read .evtx files directly)';


/** At most this many per-event problems are listed; the rest are counted in one line. */
const MAX_EVENT_PROBLEMS = 50;

const HEAD_BYTES = 4096;

class EventProblems {
  readonly list: Problem[] = [];
  private overflow = 0;

  add(problem: Problem): void {
    if (this.list.length < MAX_EVENT_PROBLEMS) this.list.push(problem);
    else this.overflow++;
  }

  finish(): Problem[] {
    if (this.overflow > 0) this.list.push({ code: 'more-problems', message: t('problem.xml.moreEvents', { count: this.overflow, shown: formatOffset(this.overflow) }) });
    return this.list;
  }
}

const EVENT_ID_PATTERN = /<(?:\w+:)?EventID(?:\s[^>]*)?>\s*(\d{1,10})\s*</g;

/**
 * A cheap look before the full parse: false only when EventIDs are present and
 * none is one we read (a candidate can hold two events when one was cut off).
 */
function mayHoldHandledEvent(text: string): boolean {
  EVENT_ID_PATTERN.lastIndex = 0;
  let sawId = false;
  for (let match = EVENT_ID_PATTERN.exec(text); match; match = EVENT_ID_PATTERN.exec(text)) {
    sawId = true;
    if (isHandledEventId(Number(match[1]) & 0xffff)) return true;
  }
  return !sawId;
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
  if (count > 0) return count;
  for (let i = text.indexOf('\r'); i >= 0 && i < end; i = text.indexOf('\r', i + 1)) if (text[i + 1] !== '\n') count++;
  return count;
}

/** Index of the last `<Event` start tag after the first one, or -1. */
function lastInnerEventStart(text: string): number {
  let last = -1;
  const pattern = /<Event[\s>/]/g;
  pattern.lastIndex = 1;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) last = m.index;
  return last;
}

function describeXmlError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The `<Binary>` hex blob of 12288/12289/1040 is never read, and the XML parser
 * walks text one character at a time: leave it out before parsing.
 */
function withoutBinaryPayload(text: string): string {
  return text.replace(/<Binary>[0-9A-Fa-f\s]*<\/Binary>/g, '<Binary/>');
}

/** Parses one candidate into facts, recovering from an earlier event that was cut off. */
function readCandidate(candidate: EventCandidate, sink: (record: EventRecord) => void, problems: EventProblems, prefilter: boolean): void {
  if (prefilter && !mayHoldHandledEvent(candidate.text)) return;
  let text = candidate.text;
  let line = candidate.line;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const element = parseXmlElement(withoutBinaryPayload(text));
      const record = recordFromEventElement(element, line);
      if (record) {
        sink(record);
        for (const code of record.data.flatMap((value) => oversizedHexCodes(value))) {
          problems.add({ code: 'unsupported-value', message: t('problem.xml.wideCode', { line: formatOffset(line), value: code.value }), line });
        }
      }
      return;
    } catch (error) {
      const kind = error instanceof XmlError ? error.kind : 'syntax';
      const inner = kind === 'doctype' || kind === 'depth' || attempt > 0 ? -1 : lastInnerEventStart(text);
      if (inner > 0) {
        problems.add({
          code: 'truncated',
          message: t('problem.xml.eventCut', { line: formatOffset(line), byte: formatOffset(candidate.byte) }),
          line,
          byte: candidate.byte,
        });
        line += countLines(text, inner);
        text = text.slice(inner);
        continue;
      }
      const reason = kind === 'doctype' ? t('problem.xml.doctypeInEvent') : describeXmlError(error);
      problems.add({
        code: 'event-unreadable',
        message: t('problem.xml.eventUnreadable', { line: formatOffset(line), reason }),
        line,
        byte: candidate.byte,
      });
      return;
    }
  }
}

function decodeHead(head: Buffer, encoding: EventEncoding): string {
  if (head.subarray(0, 7).toString('latin1') === 'ElfFile') return 'ElfFile';
  if (encoding === 'utf-8') return head.toString('utf8');
  const even = head.subarray(0, head.length & ~1);
  return (encoding === 'utf-16be' ? Buffer.from(even).swap16() : even).toString('utf16le');
}

function notAnEventLogReason(head: string, totalBytes: number): string {
  if (totalBytes === 0 || head.replace(/^\uFEFF/, '').trim() === '') return t('problem.emptyNoEvents');
  if (head.startsWith('ElfFile')) return t('problem.xml.evtxAdvice');
  if (head.includes('schemas.microsoft.com/powershell/2004/04') || /<Objects[\s>]/.test(head)) {
    return t('problem.xml.clixmlNotEvents', { advice: clixmlAdvice() });
  }
  return t('problem.xml.noEvent');
}

/**
 * Reads event XML from byte chunks (BOM included; the given encoding wins over
 * any `encoding=` declaration). Never throws on bad input.
 */
export async function readEventXml(
  chunks: AsyncIterable<Buffer>,
  encoding: EventEncoding,
  ctx: ParseContext,
  limits: EventReadLimits = {},
): Promise<ParseResult> {
  const facts: Fact[] = [];
  const eventProblems = new EventProblems();
  const maxEventBytes = limits.maxEventBytes && limits.maxEventBytes > 0 ? limits.maxEventBytes : DEFAULT_MAX_EVENT_BYTES;
  const onRecord = limits.onRecord;
  const sink = recordSink(limits, ctx.file, ctx.defaultMachine, facts);
  const needles = onRecord && limits.all ? null : PROVIDER_NEEDLES;
  const cutter = new EventCutter(encoding, needles, maxEventBytes, (candidate) =>
    readCandidate(candidate, sink, eventProblems, !onRecord),
  );
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let totalBytes = 0;
  const readProblems: Problem[] = [];
  try {
    for await (const chunk of chunks) {
      totalBytes += chunk.length;
      if (headLength < HEAD_BYTES) {
        headChunks.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - headLength)));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      cutter.push(chunk);
      if (cutter.stopped) break;
    }
  } catch (error) {
    readProblems.push({ code: 'read-stopped', message: t('problem.xml.readStopped', { byte: formatOffset(totalBytes), reason: describeXmlError(error) }), byte: totalBytes });
  }
  let summary: CutterSummary;
  try {
    summary = cutter.end();
  } catch (error) {
    readProblems.push({ code: 'read-stopped', message: t('problem.xml.endUnchecked', { reason: describeXmlError(error) }) });
    summary = { sawCompleteEvent: false, sawEventStart: true, partial: true, refused: null, totalBytes, problems: [] };
  }
  const problems = [...readProblems, ...summary.problems, ...eventProblems.finish()].sort(
    (a, b) => (a.byte ?? Number.MAX_SAFE_INTEGER) - (b.byte ?? Number.MAX_SAFE_INTEGER),
  );
  const partial = summary.partial || readProblems.length > 0 || eventProblems.list.length > 0;
  if (!summary.sawEventStart) {
    const head = Buffer.concat(headChunks);
    const headText = decodeHead(head, encoding);
    return summary.refused
      ? { facts, problems, partial: false, skippedReason: summary.refused, skippedCode: 'doctype-refused' }
      : { facts, problems, partial: false, skippedReason: notAnEventLogReason(headText, totalBytes) };
  }
  if (summary.refused && !summary.sawCompleteEvent) {
    return { facts, problems, partial: false, skippedReason: summary.refused, skippedCode: 'doctype-refused' };
  }
  return { facts, problems, partial };
}

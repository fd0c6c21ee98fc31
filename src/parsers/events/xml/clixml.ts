/**
 * PowerShell object exports of event records: `Export-Clixml` (`<Objs>` of
 * `<Obj>` property bags) and `ConvertTo-Xml` (`<Objects>` of `<Object>`).
 * Records whose property values survived serialization become facts; a file
 * whose values were cut off by the serialization depth is skipped with advice.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Fact } from '../../../model/facts.js';
import type { ParseContext, ParseResult, Problem } from '../../../model/report.js';
import type { EventEncoding } from './encoding.js';
import { recordSink } from '../event-facts.js';
import { child, parseXmlElement, type XmlElement } from './element.js';
import type { EventRecord } from '../record.js';
import { parseSystemTime } from '../values.js';
import { t } from '../../../i18n/index.js';
import { formatOffset } from '../../../i18n/quantity.js';

const DEFAULT_MAX_RECORD_CHARS = 4 * 1024 * 1024;
const MAX_LISTED_PROBLEMS = 50;

/** How to export a log the tool can read, in the language in force (the commands as they are). */
export function clixmlAdvice(): string {
  return t('problem.clixml.advice', {
    xml: '`wevtutil qe Application /f:xml > app.xml`',
    powershell: '`Get-WinEvent -LogName Application | ForEach-Object { $_.ToXml() } | Out-File app.xml`',
  });
}

/** Decodes UTF-8 / UTF-16LE / UTF-16BE byte chunks into text, across chunk boundaries. */
class ChunkDecoder {
  private readonly decoder: StringDecoder;
  private oddByte: Buffer | null = null;
  private first = true;
  constructor(private readonly encoding: EventEncoding) {
    this.decoder = new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
  }

  write(chunk: Buffer): string {
    let bytes = chunk;
    if (this.encoding === 'utf-16be') {
      if (this.oddByte) bytes = Buffer.concat([this.oddByte, bytes]);
      const even = bytes.length & ~1;
      this.oddByte = even < bytes.length ? Buffer.from(bytes.subarray(even)) : null;
      bytes = Buffer.from(bytes.subarray(0, even)).swap16();
    }
    let text = this.decoder.write(bytes);
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  end(): string {
    return this.decoder.end();
  }
}

type Layout = 'clixml' | 'convertto-xml';

interface PropertyBag {
  values: Map<string, XmlElement>;
}

/** Named properties of one record in either layout. */
function propertyBag(record: XmlElement, layout: Layout): PropertyBag {
  const values = new Map<string, XmlElement>();
  if (layout === 'clixml') {
    for (const group of record.children) {
      if (group.name !== 'Props' && group.name !== 'MS') continue;
      for (const property of group.children) {
        const name = property.attrs['N'];
        if (name && !values.has(name)) values.set(name, property);
      }
    }
  } else {
    for (const property of record.children) {
      const name = property.attrs['Name'];
      if (property.name === 'Property' && name && !values.has(name)) values.set(name, property);
    }
  }
  return { values };
}

function textOf(bag: PropertyBag, ...names: string[]): string | null {
  for (const name of names) {
    const element = bag.values.get(name);
    if (element && element.name !== 'Nil') return element.text.trim();
  }
  return null;
}

function integerOf(bag: PropertyBag, ...names: string[]): number | null {
  const text = textOf(bag, ...names);
  return text !== null && /^-?\d{1,15}$/.test(text) ? Number(text) : null;
}

/**
 * Insertion-string values: `Properties` (EventLogRecord: list of EventProperty
 * with a `Value`) or `ReplacementStrings` (Get-EventLog). null when the values
 * were not serialized (only the type name is left).
 */
function insertionStrings(bag: PropertyBag, layout: Layout): string[] | null {
  const replacement = bag.values.get('ReplacementStrings');
  if (replacement) {
    const list = layout === 'clixml' ? child(replacement, 'LST') : replacement;
    return (list?.children ?? []).map((item) => item.text);
  }
  const properties = bag.values.get('Properties');
  if (!properties) return null;
  const items = layout === 'clixml' ? (child(properties, 'LST')?.children ?? []) : properties.children;
  const values: string[] = [];
  for (const item of items) {
    const value =
      layout === 'clixml'
        ? child(item, 'Props')?.children.find((p) => p.attrs['N'] === 'Value')
        : item.children.find((p) => p.attrs['Name'] === 'Value');
    if (!value) return items.length === 0 ? [] : null;
    values.push(value.name === 'Nil' ? '' : value.text);
  }
  return values;
}

interface RecordOutcome {
  record: EventRecord | null;
  hasValues: boolean;
  regionalTime: boolean;
}

function recordFromObject(element: XmlElement, layout: Layout, line: number): RecordOutcome {
  const bag = propertyBag(element, layout);
  const provider = textOf(bag, 'ProviderName', 'Source');
  const id = integerOf(bag, 'Id', 'EventID');
  const data = insertionStrings(bag, layout);
  const timeText = textOf(bag, 'TimeCreated', 'TimeGenerated');
  const time = parseSystemTime(timeText);
  const instanceId = integerOf(bag, 'InstanceId');
  const qualifiers = integerOf(bag, 'Qualifiers') ?? (instanceId !== null ? (instanceId >>> 16) & 0xffff || null : null);
  const outcome: RecordOutcome = { record: null, hasValues: data !== null, regionalTime: timeText !== null && time === null };
  // Without the insertion strings a record cannot say anything about activation.
  if (!provider || id === null || data === null) return outcome;
  outcome.record = {
    provider,
    eventId: id & 0xffff,
    qualifiers,
    time,
    recordId: integerOf(bag, 'RecordId', 'Index'),
    computer: textOf(bag, 'MachineName'),
    channel: textOf(bag, 'LogName'),
    level: integerOf(bag, 'Level'),
    systemTime: timeText,
    data,
    dataNames: null,
    message: null,
    line,
  };
  return outcome;
}

/** Longer than `<Objects ` / `<Objs>`: a root tag split across two chunks is still seen. */
const ROOT_TAG_OVERLAP = 16;

/** Kept between chunks when no tag is open: longer than `</Object>`. */
const END_TAG_TAIL = 16;
/** A record start tag longer than this is not one (bounds what waits for the next chunk). */
const MAX_START_TAG_CHARS = 4096;

/** Cuts top-level `<Obj>` / `<Object>` records out of a growing text buffer. */
class RecordCutter {
  private pending = '';
  private line = 1;
  private layout: Layout | null = null;
  private tagPattern: RegExp | null = null;

  constructor(private readonly onRecord: (text: string, line: number, layout: Layout) => void, private readonly maxChars: number, private readonly onOversized: (line: number) => void) {}

  get detectedLayout(): Layout | null {
    return this.layout;
  }

  push(text: string): void {
    this.pending += text;
    if (!this.layout) this.detectLayout(text.length);
    if (!this.tagPattern || !this.layout) {
      if (this.pending.length > 64 * 1024) this.drop(this.pending.length - 1024);
      return;
    }
    const pattern = this.tagPattern;
    pattern.lastIndex = 0;
    let depth = 0;
    let recordStart = -1;
    let consumed = 0;
    for (let m = pattern.exec(this.pending); m; m = pattern.exec(this.pending)) {
      const tag = m[0];
      if (tag.startsWith('</')) {
        if (depth === 0) continue;
        depth--;
        if (depth === 0 && recordStart >= 0) {
          const end = m.index + tag.length;
          this.line += countLineFeeds(this.pending, consumed, recordStart);
          this.onRecord(this.pending.slice(recordStart, end), this.line, this.layout);
          this.line += countLineFeeds(this.pending, recordStart, end);
          consumed = end;
          recordStart = -1;
        }
      } else if (!tag.endsWith('/>')) {
        if (depth === 0) recordStart = m.index;
        depth++;
      }
    }
    const keepFrom = recordStart >= 0 ? recordStart : Math.max(consumed, this.unfinishedTagStart());
    if (recordStart >= 0 && this.pending.length - recordStart > this.maxChars) {
      this.line += countLineFeeds(this.pending, consumed, recordStart);
      this.onOversized(this.line);
      this.line += countLineFeeds(this.pending, recordStart, this.pending.length);
      this.pending = '';
      return;
    }
    this.line += countLineFeeds(this.pending, consumed, keepFrom);
    this.pending = this.pending.slice(keepFrom);
  }

  /** Text left over at the end (an unfinished record means the file was cut). */
  leftover(): { text: string; line: number } {
    return { text: this.pending, line: this.line };
  }

  /**
   * Where the text that must wait for the next chunk starts: a start tag cut by the
   * chunk boundary (`<Object Type="System.Diag`) is kept whole, or its record is lost.
   */
  private unfinishedTagStart(): number {
    const tail = this.pending.length - END_TAG_TAIL;
    const lastOpen = this.pending.lastIndexOf('<');
    if (lastOpen < 0 || lastOpen < this.pending.lastIndexOf('>')) return tail;
    return Math.min(tail, Math.max(lastOpen, this.pending.length - MAX_START_TAG_CHARS));
  }

  private drop(count: number): void {
    this.line += countLineFeeds(this.pending, 0, count);
    this.pending = this.pending.slice(count);
  }

  /**
   * Looks at the new text only (plus a root tag's length before it): rescanning all
   * pending text per chunk is quadratic. Text before the root is dropped, so records
   * before it are ignored however the file is chunked.
   */
  private detectLayout(added: number): void {
    const recentStart = Math.max(0, this.pending.length - added - ROOT_TAG_OVERLAP);
    const root = /<(Objs|Objects)[\s>]/.exec(this.pending.slice(recentStart));
    if (!root) return;
    if (root[1] === 'Objs') {
      this.layout = 'clixml';
      this.tagPattern = /<\/Obj>|<Obj(?=[\s>/])[^>]*>/g;
    } else {
      this.layout = 'convertto-xml';
      this.tagPattern = /<\/Object>|<Object(?=[\s>/])[^>]*>/g;
    }
    this.drop(recentStart + root.index);
  }
}

function countLineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Reads a PowerShell `Export-Clixml` or `ConvertTo-Xml` file of event records.
 * Same contract as readEventXml: never throws on bad input.
 */
export async function readClixml(
  chunks: AsyncIterable<Buffer>,
  encoding: EventEncoding,
  ctx: ParseContext,
  limits: { maxEventBytes?: number; onRecord?: (record: EventRecord) => void; all?: boolean } = {},
): Promise<ParseResult> {
  const facts: Fact[] = [];
  const sink = recordSink(limits, ctx.file, ctx.defaultMachine, facts);
  const problems: Problem[] = [];
  let records = 0;
  let recordsWithValues = 0;
  let regionalTimes = 0;
  let unreadable = 0;
  const cutter = new RecordCutter(
    (text, line, layout) => {
      records++;
      if (/<!DOCTYPE/i.test(text)) throw new ClixmlRefused(line);
      try {
        const outcome = recordFromObject(parseXmlElement(text), layout, line);
        if (outcome.hasValues) recordsWithValues++;
        if (outcome.regionalTime) regionalTimes++;
        if (outcome.record) sink(outcome.record);
      } catch (error) {
        unreadable++;
        if (unreadable <= MAX_LISTED_PROBLEMS) {
          problems.push({ code: 'event-unreadable', message: t('problem.clixml.recordUnreadable', { line: formatOffset(line), reason: (error as Error).message }), line });
        }
      }
    },
    limits.maxEventBytes ?? DEFAULT_MAX_RECORD_CHARS,
    (line) => problems.push({ code: 'event-too-large', message: t('problem.clixml.recordTooLarge', { line: formatOffset(line) }), line }),
  );
  const decoder = new ChunkDecoder(encoding);
  try {
    let carried = '';
    for await (const chunk of chunks) {
      const text = decoder.write(chunk);
      // A DOCTYPE split across two chunks is still refused.
      const searched = carried + text;
      if (/<!DOCTYPE/i.test(searched)) throw new ClixmlRefused(null);
      carried = searched.slice(-DOCTYPE_CARRY);
      cutter.push(text);
    }
    cutter.push(decoder.end());
  } catch (error) {
    if (error instanceof ClixmlRefused) {
      problems.push({ code: 'doctype-refused', message: error.message, ...(error.line !== null ? { line: error.line } : {}) });
      return { facts: [], problems, partial: false, skippedReason: error.message, skippedCode: 'doctype-refused' };
    }
    problems.push({ code: 'read-stopped', message: t('problem.clixml.readStopped', { reason: (error as Error).message }) });
    return { facts, problems, partial: true };
  }
  if (unreadable > MAX_LISTED_PROBLEMS) problems.push({ code: 'more-problems', message: t('problem.clixml.moreRecords', { count: unreadable - MAX_LISTED_PROBLEMS, shown: formatOffset(unreadable - MAX_LISTED_PROBLEMS) }) });
  if (regionalTimes > 0) {
    problems.push({ code: 'regional-time', message: t('problem.clixml.regionalTime', { count: regionalTimes, shown: formatOffset(regionalTimes) }) });
  }
  const layout = cutter.detectedLayout;
  const leftover = cutter.leftover();
  const cut = /<Obj(ect)?[\s>]/.test(leftover.text);
  if (cut) {
    problems.push({ code: 'truncated', message: t('problem.clixml.truncated', { record: formatOffset(records), line: formatOffset(leftover.line) }), line: leftover.line });
  }
  if (!layout) {
    return { facts, problems, partial: false, skippedReason: t('problem.clixml.noRoot') };
  }
  if (records > 0 && recordsWithValues === 0 && facts.length === 0) {
    return {
      facts,
      problems,
      partial: false,
      skippedReason: t('problem.clixml.valuesCut', { exporter: layout === 'clixml' ? 'Export-Clixml' : 'ConvertTo-Xml', advice: clixmlAdvice() }),
    };
  }
  if (records === 0) {
    return { facts, problems, partial: cut, skippedReason: t('problem.clixml.noRecords', { advice: clixmlAdvice() }) };
  }
  return { facts, problems, partial: cut };
}

const DOCTYPE_CARRY = '<!DOCTYPE'.length - 1;

class ClixmlRefused extends Error {
  constructor(readonly line: number | null) {
    super(t('problem.clixml.doctypeRefused'));
  }
}

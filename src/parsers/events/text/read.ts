/**
 * Event text → facts, through the one EventRecord model and event-facts.ts, so the
 * same event gives the same facts as its XML. Event Viewer's XML view pasted as
 * text (collapse markers, quotes, fences) goes to the XML reader; JSON to json.ts;
 * every other shape to records.ts. A text is evidence only when an activation
 * event's structure (or a 0xC004xxxx code under an activation provider) is in it.
 */
import type { Fact } from '../../../model/facts.js';
import type { ParseContext, ParseResult, Problem } from '../../../model/report.js';
import { factsFromEvent } from '../event-facts.js';
import { type EventRecord, UNSHOWN_FAILURE_ID } from '../record.js';
import { readEventXml } from '../xml/read.js';
import { parseSlmgrText } from '../../slmgr/index.js';
import { cleanLines, type TextLine, withoutEventXml } from './clean.js';
import { jsonValues, looksLikeJson, looksLikeLogMonitorLines, shownFromJson, shownFromLogMonitorLines } from './json.js';
import { shownEvents } from './records.js';
import type { ShownEvent } from './shown.js';
import { structureOf, type Structure } from './structure.js';
import { t } from '../../../i18n/index.js';

const DEFAULT_PROVIDER = 'Microsoft-Windows-Security-SPP';
const MAYBE_EVENT_TEXT = /0x|AppId|Security-SPP|Licensing-SLC|Protection Platform|<Event/i;
const LICENSING_CODE = /(?<![0-9a-z_])0x(C004[0-9a-f]{4})(?![0-9a-z_])/i;
/** An `<Event>` element with its System part: the XML view (or a `Copy details` Event Xml section) is in the text. */
const EVENT_XML = /<Event[\s>][\s\S]*<System>/;

/** Why a text is not event text, in the language in force. */
export function notEventText(): string {
  return t('problem.text.notEventText');
}

/** Events in the text (sync: the sniffer's check and the reader share it) and the text no event covers. */
function eventsInText(lines: TextLine[]): { records: EventRecord[]; shown: number; rest: string | null } {
  const textLines = withoutEventXml(lines);
  const json = looksLikeJson(textLines);
  const shown = json
    ? jsonValues(textLines)
        .map(({ line, value }) => shownFromJson(line, value))
        .filter((e): e is ShownEvent => e !== null)
    : looksLikeLogMonitorLines(textLines)
      ? shownFromLogMonitorLines(textLines)
      : shownEvents(textLines);
  const records = shown
    .filter((event) => !event.hasXml)
    .map(toRecord)
    .filter((r): r is EventRecord => r !== null);
  return { records, shown: shown.length, rest: json ? null : textOutside(textLines, shown) };
}

/** The text that is no event's (nor its XML's): a ticket may hold slmgr output beside pasted events. */
function textOutside(lines: TextLine[], shown: ShownEvent[]): string | null {
  const covered = new Uint8Array(lines.length + 2);
  for (const event of shown) {
    const last = Math.min(event.lastLine ?? lines.length, lines.length);
    for (let no = event.line; no <= last; no++) covered[no] = 1;
  }
  const rest = lines.map((line) => (line.xml || covered[line.no] ? '' : line.text));
  return rest.some((line) => line.trim() !== '') ? rest.join('\n') : null;
}

/** Cheap check for the sniffer: does this text hold activation events as text? */
export function looksLikeEventText(text: string): boolean {
  // Every activation event structure holds a code, an AppId or a provider name: most other text stops here.
  if (!MAYBE_EVENT_TEXT.test(text)) return false;
  const lines = cleanLines(text);
  if (hasEventXml(lines)) return true;
  return eventsInText(lines).records.some((record) => factsFromEvent(record, '', '').length > 0);
}

function hasEventXml(lines: TextLine[]): boolean {
  const joined = lines.map((l) => l.text).join('\n');
  return EVENT_XML.test(joined) && /Security-SPP|Security-Licensing-SLC|Software Protection Platform Service/.test(joined);
}

export async function readEventText(text: string, ctx: ParseContext): Promise<ParseResult> {
  const lines = cleanLines(text);
  const facts: Fact[] = [];
  const problems: Problem[] = [];
  if (hasEventXml(lines)) {
    const xml = await readEventXml(oneChunk(Buffer.from(lines.map((l) => l.text).join('\n'), 'utf8')), 'utf-8', ctx);
    facts.push(...xml.facts);
    problems.push(...xml.problems.filter(() => xml.facts.length > 0));
  }
  const { records, shown, rest } = eventsInText(lines);
  facts.push(...records.flatMap((record) => factsFromEvent(record, ctx.file, ctx.defaultMachine)));
  // slmgr/ospp output pasted beside the events (same line numbers: blanked lines keep their places).
  if (rest !== null) {
    const slmgr = parseSlmgrText(rest, ctx);
    if (!slmgr.skippedReason) {
      facts.push(...slmgr.facts);
      problems.push(...slmgr.problems);
    }
  }
  facts.sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0));
  if (facts.length === 0) {
    const reason = shown > 0 ? t('problem.text.noActivationEvent') : notEventText();
    return { facts: [], problems: [], partial: false, skippedReason: reason };
  }
  return { facts, problems, partial: false };
}

/**
 * The event records in event text, for `activation-doctor events`: those of
 * embedded event XML and those shown as text (text shows activation events only).
 */
export async function readEventTextRecords(text: string, onRecord: (record: EventRecord) => void, all: boolean): Promise<number> {
  const lines = cleanLines(text);
  let count = 0;
  const take = (record: EventRecord): void => {
    count++;
    onRecord(record);
  };
  if (hasEventXml(lines)) {
    const xml = Buffer.from(lines.map((l) => l.text).join('\n'), 'utf8');
    await readEventXml(oneChunk(xml), 'utf-8', { file: '', defaultMachine: '' }, { onRecord: take, all });
  }
  for (const record of eventsInText(lines).records) take(record);
  return count;
}

async function* oneChunk(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

function toRecord(shown: ShownEvent): EventRecord | null {
  if (shown.otherProvider) return null;
  const structure = structureFor(shown);
  if (!structure) return null;
  return {
    provider: shown.provider ?? DEFAULT_PROVIDER,
    eventId: structure.eventId,
    qualifiers: shown.qualifiers,
    time: shown.time,
    recordId: shown.recordId,
    computer: shown.computer,
    channel: shown.channel,
    level: shown.level,
    systemTime: shown.systemTime,
    data: structure.data,
    dataNames: shown.data ? shown.dataNames : null,
    message: shown.message?.trim() || null,
    line: shown.line,
    inferred: { provider: shown.provider === null, eventId: shown.eventId === null },
  };
}

function structureFor(shown: ShownEvent): Structure | null {
  if (shown.data && shown.eventId !== null) return { eventId: shown.eventId, data: shown.data };
  const message = [shown.message, ...(shown.data ?? [])].filter((part): part is string => part !== null).join('\n');
  const structure = structureOf(message, shown.eventId);
  if (structure) return structure;
  // A licensing code under an activation provider is an activation failure, whatever the message's words.
  const code = shown.provider ? LICENSING_CODE.exec(message)?.[0] : undefined;
  return code ? { eventId: shown.eventId ?? UNSHOWN_FAILURE_ID, data: [code] } : null;
}

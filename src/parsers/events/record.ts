/**
 * The one event record model. Every event reader (streamed event XML, CLIXML,
 * binary .evtx, event text) produces it; event-facts.ts turns records into
 * facts and `activation-doctor events` prints them, so every input shape gives
 * the same facts for the same event.
 */
import { child, type XmlElement } from './xml/element.js';
import { parseSystemTime } from './values.js';

export interface EventRecord {
  provider: string;
  eventId: number;
  qualifiers: number | null;
  /** ISO UTC or null. */
  time: string | null;
  recordId: number | null;
  /** `<Computer>` as written (full name), or null. */
  computer: string | null;
  /** `<Channel>` as written (`Application`, `Key Management Service`), or null. */
  channel: string | null;
  /** `<Level>` (0–5), or null. */
  level: number | null;
  /** TimeCreated/@SystemTime as the source wrote it (up to 7 fractional digits), or null. */
  systemTime: string | null;
  /** Unnamed insertion strings in order (`%1`, `%2`, …); named Data values in document order too. */
  data: string[];
  /** The Name of each Data value, parallel to `data`; null when the event's data is unnamed. */
  dataNames: (string | null)[] | null;
  /** RenderingInfo/Message (localized: shown, never matched). */
  message: string | null;
  /** 1-based line of the record's start (XML and text inputs); 0 where the input has no lines (.evtx). */
  line: number;
  /** Byte offset of the record in its file (binary .evtx), when known. */
  offset?: number;
  /**
   * Event text that does not show the provider or the id: the reader takes them from
   * the message's structure to read its data, and the facts carry neither.
   */
  inferred?: { provider: boolean; eventId: boolean };
}

/** The id event text readers give an activation failure whose id the text does not show (`hr=0x…` alone). */
export const UNSHOWN_FAILURE_ID = 0;

function integerOrNull(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : null;
}

/** Reads System and EventData of a parsed `<Event>`; null when it is not one or has no usable id. */
export function recordFromEventElement(event: XmlElement, line: number): EventRecord | null {
  if (event.name !== 'Event') return null;
  const system = child(event, 'System');
  const provider = child(system, 'Provider')?.attrs['Name']?.trim();
  const eventIdElement = child(system, 'EventID');
  const eventId = integerOrNull(eventIdElement?.text);
  if (!provider || eventId === null) return null;
  const eventData = child(event, 'EventData');
  const dataElements = (eventData?.children ?? []).filter((c) => c.name === 'Data');
  const data = dataElements.map((c) => c.text);
  const names = dataElements.map((c) => c.attrs['Name'] ?? null);
  const message = child(child(event, 'RenderingInfo'), 'Message')?.text.trim() || null;
  const systemTime = child(system, 'TimeCreated')?.attrs['SystemTime'] ?? null;
  return {
    provider,
    eventId: eventId & 0xffff,
    qualifiers: integerOrNull(eventIdElement?.attrs['Qualifiers']),
    time: parseSystemTime(systemTime),
    recordId: integerOrNull(child(system, 'EventRecordID')?.text),
    computer: child(system, 'Computer')?.text.trim() || null,
    channel: child(system, 'Channel')?.text.trim() || null,
    level: integerOrNull(child(system, 'Level')?.text),
    systemTime: systemTime?.trim() || null,
    data,
    dataNames: names.some((name) => name !== null) ? names : null,
    message,
    line,
  };
}

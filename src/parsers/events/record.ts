/**
 * One event reduced to what the fact builders need, independent of how it was
 * written (event XML or a PowerShell CLIXML record).
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
  /** Unnamed insertion strings in order (`%1`, `%2`, …); named Data values in document order too. */
  data: string[];
  /** RenderingInfo/Message (localized: shown, never matched). */
  message: string | null;
  /** 1-based line of the record's start tag. */
  line: number;
}

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
  const data = (eventData?.children ?? []).filter((c) => c.name === 'Data').map((c) => c.text);
  const message = child(child(event, 'RenderingInfo'), 'Message')?.text.trim() || null;
  return {
    provider,
    eventId: eventId & 0xffff,
    qualifiers: integerOrNull(eventIdElement?.attrs['Qualifiers']),
    time: parseSystemTime(child(system, 'TimeCreated')?.attrs['SystemTime']),
    recordId: integerOrNull(child(system, 'EventRecordID')?.text),
    computer: child(system, 'Computer')?.text.trim() || null,
    data,
    message,
    line,
  };
}

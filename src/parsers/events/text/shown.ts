/**
 * What an event's text shows about it: the header fields (provider, id, time,
 * computer, …) where the text has them, and the message or the insertion strings.
 * Every text shape (Event Viewer, wevtutil, Format-List, saved .txt/.csv, JSON) is
 * read into this, then into the one EventRecord model (read.ts).
 */
import { parseRegionalDate } from '../../slmgr/values.js';
import { parseSystemTime } from '../values.js';

export interface ShownEvent {
  /** 1-based line where the event starts. */
  line: number;
  /** The activation provider's full name, when the text shows one. */
  provider: string | null;
  /** The text shows a provider that is not an activation provider: the event is someone else's. */
  otherProvider: boolean;
  eventId: number | null;
  qualifiers: number | null;
  /** ISO UTC; local times without a zone are taken as written (like slmgr's dates). */
  time: string | null;
  systemTime: string | null;
  recordId: number | null;
  computer: string | null;
  channel: string | null;
  level: number | null;
  /** The message text, or null when only insertion strings are given. */
  message: string | null;
  /** The insertion strings, when the source gives them (SIEM JSON). */
  data: string[] | null;
  dataNames: (string | null)[] | null;
  /** The text shows this event's XML too (Event Viewer "Copy details" with its Event Xml section): the XML reader reads it. */
  hasXml: boolean;
  /** The last line of the event's text (1-based), where the shape tells; the rest of a file may be other evidence. */
  lastLine?: number;
}

export function emptyShown(line: number): ShownEvent {
  return {
    line,
    provider: null,
    otherProvider: false,
    eventId: null,
    qualifiers: null,
    time: null,
    systemTime: null,
    recordId: null,
    computer: null,
    channel: null,
    level: null,
    message: null,
    data: null,
    dataNames: null,
    hasXml: false,
  };
}

/** Activation providers by every name a tool shows them with (full name, Event Viewer's short name, the event source name). */
const PROVIDER_NAMES: ReadonlyMap<string, string> = new Map([
  ['microsoft-windows-security-spp', 'Microsoft-Windows-Security-SPP'],
  ['security-spp', 'Microsoft-Windows-Security-SPP'],
  ['microsoft-windows-security-licensing-slc', 'Microsoft-Windows-Security-Licensing-SLC'],
  ['security-licensing-slc', 'Microsoft-Windows-Security-Licensing-SLC'],
  ['office software protection platform service', 'Office Software Protection Platform Service'],
  // Get-EventLog shows the event source name, which is Security-SPP's (its XML says so: EventSourceName).
  ['software protection platform service', 'Microsoft-Windows-Security-SPP'],
]);

/** The full activation provider name for a shown one, or null. */
export function activationProvider(value: string | null | undefined): string | null {
  if (!value) return null;
  return PROVIDER_NAMES.get(value.trim().toLowerCase()) ?? null;
}

/** A provider-ish value that is not an activation provider (`Application Error`, `Microsoft-Windows-Winlogon`). */
export function looksLikeOtherProvider(value: string): boolean {
  const v = value.trim();
  return v !== '' && activationProvider(v) === null && /^[A-Za-z][\w .()-]{1,80}$/.test(v);
}

export function eventIdFrom(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,5}$/.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id <= 65535 ? id : null;
}

export function integerFrom(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

/** An ISO time with a zone is converted to UTC; a regional local time is read as written. */
export function timeFrom(value: string | null | undefined): { time: string | null; systemTime: string | null } {
  if (!value) return { time: null, systemTime: null };
  const v = value.trim();
  const iso = parseSystemTime(v);
  if (iso) return { time: iso, systemTime: /(?:Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : null };
  const regional = parseRegionalDate(v.replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 '));
  return { time: regional.iso, systemTime: null };
}

export function looksLikeTime(value: string): boolean {
  const v = value.trim();
  return parseSystemTime(v) !== null || parseRegionalDate(v).isDate;
}

/**
 * Small value parsers for event payloads: HRESULTs, times, numbers, GUIDs.
 * HRESULT parsing itself lives in src/codes.ts, shared with the text reader and explain.
 */
import { firstHexCode, normalizeHresult } from '../../model/codes.js';
import type { Hresult } from '../../model/facts.js';

/** `0x` + 8 upper hex from `0x0`, `0xc004f074`, `hr=0x…`, `-1073418124` or a plain decimal. */
export function normalizeEventHresult(raw: string | null | undefined): Hresult | null {
  if (raw === null || raw === undefined) return null;
  return normalizeHresult(raw.trim().replace(/^hr\s*=\s*/i, ''));
}

/** The first `0x…` code found anywhere in a string (8198's `hr=0x…`, 1003 blobs). */
export function firstHresultIn(text: string): Hresult | null {
  return firstHexCode(text);
}

/** Non-negative integer, or null for anything else (empty, `(null)`, garbage). */
export function parseCount(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const text = raw.trim();
  if (!/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

/** A GUID without braces, lower case; null for `(null)` or anything that is not one. */
export function parseGuid(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const match = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(raw.trim());
  return match ? detach(match[1]!.toLowerCase()) : null;
}

function isoFromParts(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year, month - 1, day); // Date.UTC reads years 0–99 as 1900–1999: `0026` is not 1926
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.toISOString();
}

/**
 * TimeCreated/@SystemTime: `2023-05-24T01:12:29.467086000Z` (0–9 fractional digits),
 * a missing `Z` (UTC), python-evtx's space separator, or an explicit offset.
 */
export function parseSystemTime(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(raw);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const ms = fraction ? Number((fraction + '00').slice(0, 3)) : 0;
  const iso = isoFromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
  if (!iso || !zone || zone.toUpperCase() === 'Z') return iso;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  return new Date(Date.parse(iso) - offsetMinutes * 60_000).toISOString();
}

/** The KMS payload's client clock `yyyy/M/d H:mm` (UTC, padded or not) as ISO. */
export function parseClientTime(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const match = /^\s*(\d{4})\/(\d{1,2})\/(\d{1,2})[ :](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(raw);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  return isoFromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), s ? Number(s) : 0, 0);
}

/** Copy a string out of a larger parent so kept facts never pin a whole event or chunk. */
export function detach(text: string): string {
  return (' ' + text).slice(1);
}

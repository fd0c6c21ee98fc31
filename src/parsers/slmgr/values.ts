/**
 * Value shapes of slmgr/ospp output. They are never localized, so they carry the
 * parser where a label is unknown: GUIDs, extended PIDs, 5-character keys, `0x`
 * codes, `N <unit> (D <unit>)` pairs, `host:port`, dates.
 */
import type { Hresult } from '../../model/facts.js';
import { firstHexCode } from '../../model/codes.js';
import { parseHostPort as parseSharedHostPort } from '../host.js';
import { AM_MARKERS, PM_MARKERS } from './labels.js';

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
export const GUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const EXTENDED_PID = /^\d{5}-\d{5}-\d{3}-\d{6}-\d{2}-\d{4,5}-\d{4,5}\.\d{4}-(\d{3})(\d{4})$/;
const PARTIAL_KEY = /^[A-Z0-9]{5}$/;
const KEY_CHANNEL = /^(?:Retail(?::[A-Za-z:]+)?|OEM:[A-Z]+|Volume:[A-Z]+|Retail:TB:Eval|Volume:CSVLK)$/;
const CHANNEL_IN_DESCRIPTION = /,\s*([A-Z0-9_:\-. ]+?(?:\([A-Za-z]+\))?)\s*channel\s*\.?$/;

export const KNOWN_APPLICATION_IDS = new Set([
  '55c92734-d682-4d71-983e-d6ec3f16059f', // Windows
  '0ff1ce15-a989-479d-af46-f275c6370663', // Office 2013+
  '59a52881-a989-479d-af46-f275c6370663', // Office 2010
]);

/** `XXXXX`, `*****`, `*-*-*-*-*`, `<redacted>`, `[removed]`: a value the user hid. */
export function isRedacted(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  if (/^<[^>]*(redact|remov|hidden|masked|censor)[^>]*>$/i.test(v)) return true;
  if (/^\[(redacted|removed|hidden|masked)[^\]]*\]$/i.test(v)) return true;
  if (/^\[?(redacted|removed|hidden|masked)\]?$/i.test(v)) return true;
  return /^[xX*#?•●.:/\-\s{}]+$/.test(v) && /[xX*#?•●]/.test(v);
}

/** The value, or null when it is empty or redacted. */
export function present(value: string): string | null {
  const v = value.trim();
  return v === '' || isRedacted(v) ? null : v;
}

export function parseGuid(value: string): string | null {
  const match = GUID.exec(value.trim());
  return match ? match[1].toLowerCase() : null;
}

export function isGuidShaped(value: string): boolean {
  return GUID.test(value.trim());
}

export function isExtendedPid(value: string): boolean {
  return EXTENDED_PID.test(value.trim());
}

/** Key install date from the end of an extended PID (`…-2962025` = day 296 of 2025), as `YYYY-MM-DD`. */
export function installDateFromPid(pid: string | null): Date | null {
  if (!pid) return null;
  const match = EXTENDED_PID.exec(pid.trim());
  if (!match) return null;
  const dayOfYear = Number(match[1]);
  const year = Number(match[2]);
  if (dayOfYear < 1 || dayOfYear > 366 || year < 2000) return null;
  return new Date(Date.UTC(year, 0, dayOfYear));
}

export function isPartialKey(value: string): boolean {
  return PARTIAL_KEY.test(value.trim());
}

export function isKeyChannel(value: string): boolean {
  return KEY_CHANNEL.test(value.trim());
}

/** `Windows(R) Operating System, VOLUME_KMSCLIENT channel` → `VOLUME_KMSCLIENT`; retyped hyphens fixed. */
export function channelFromDescription(description: string): string | null {
  const match = CHANNEL_IN_DESCRIPTION.exec(description.trim());
  if (!match) return null;
  const channel = match[1].trim().replace(/^VOLUME-/, 'VOLUME_');
  return channel === '' ? null : channel;
}

export function looksLikeDescription(value: string): boolean {
  return CHANNEL_IN_DESCRIPTION.test(value.trim());
}

export function looksLikeProductName(value: string): boolean {
  return /\bedition\s*$/i.test(value.trim()) || /^Office \d+,/.test(value.trim());
}

/** `0xC004F074` in any case and length → `0xC004F074`; null when there is none. */
export function parseHresult(text: string): Hresult | null {
  return firstHexCode(text);
}

/** Codes with the severity bit clear (0x4004F040 and kin) are informational, not failures. */
export function isFailureCode(code: Hresult): boolean {
  return parseInt(code.slice(2, 3), 16) >= 8;
}

/**
 * `259197 minute(s) (180 day(s))`, `259197 分钟(180天)`, `  minute(s) (180 day(s))`
 * (redacted): the minutes, or null. `matched` is true when the line has the pair shape.
 */
// A unit is at least one letter, and the spaces around it belong to one group: two `\s*` around an
// optional unit would try every split of a long run of spaces (quadratic time).
const UNIT = String.raw`\p{L}{1,20}\.?(?:\(\p{L}{1,3}\))?`;
const MINUTES_DAYS = new RegExp(String.raw`^(\d*)\s*(?:${UNIT}\s*)?\(\s*(\d+)\s*(?:${UNIT}\s*)?(?:\)\s*)?\.?$`, 'u');

export function parseMinutesDays(value: string): { matched: boolean; minutes: number | null } {
  const match = MINUTES_DAYS.exec(value.trim());
  if (!match) return { matched: false, minutes: null };
  return { matched: true, minutes: match[1] === '' ? null : Number(match[1]) };
}

/** ospp `180 days  (259200 minute(s) before expiring)`: the minutes in the parentheses. */
export function parseOsppGrace(value: string): number | null {
  const match = /\(\s*(\d+)\s*minute/i.exec(value) ?? /^\s*\d+\s*\S+\s*\(\s*(\d+)/.exec(value);
  return match ? Number(match[1]) : null;
}

/** First integer in a value (`120 minutes`, `1001`); null when there is none. */
export function parseInteger(value: string): number | null {
  const match = /-?\d+/.exec(value);
  return match ? Number(match[0]) : null;
}

export function isPlainInteger(value: string): boolean {
  return /^-?\d+$/.test(value.trim());
}

/** `120 minutes`, `120 分钟`, `120 Minuten`: a number followed by one unit word. */
export function isNumberWithUnit(value: string): boolean {
  return /^\d+\s*\p{L}+\.?$/u.test(value.trim());
}

/** `host:port`, `[v6]:port` or a bare host; port null when absent. */
export function parseHostPort(value: string): { host: string | null; port: number | null } | null {
  const parsed = parseSharedHostPort(value);
  if (parsed) return parsed;
  const redactedHost = /^(.+):(\d{1,5})$/.exec(value.trim());
  if (redactedHost && isRedacted(redactedHost[1])) return { host: null, port: Number(redactedHost[2]) };
  return null;
}

export function isHostPort(value: string): boolean {
  return /^(?:\[[0-9a-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/i.test(value.trim());
}

export function isIpAddress(value: string): boolean {
  const v = value.trim();
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v)) return v.split('.').every((p) => Number(p) <= 255);
  return /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?$/i.test(v) && /[0-9a-f]/i.test(v);
}


export interface ParsedDate {
  /** ISO UTC, or null when the text is ambiguous or unreadable. */
  iso: string | null;
  /** The text has a date shape at all. */
  isDate: boolean;
}

/**
 * Read a date as slmgr prints it with the machine's regional format (VBScript
 * GetVarDate): `3/18/2026 12:34:20 PM`, `20/03/2026 12:44:15`, `2020/2/27 11:48:43`,
 * `20.03.2026 12:44:15`, `2026/3/20 下午 12:44:15`.
 *
 * The value is the machine's local wall-clock time with no zone; it is returned as if
 * it were UTC, because the text carries no offset. When day and month could be
 * swapped, `notBefore` (the key install date from the extended PID) picks the reading
 * that is not earlier than it; if that does not decide, the result is null.
 */
export function parseRegionalDate(text: string, notBefore: Date | null = null): ParsedDate {
  let v = text.trim().toLowerCase();
  let meridiem: 'am' | 'pm' | null = null;
  for (const marker of AM_MARKERS) if (v.includes(marker)) { meridiem = 'am'; v = v.replace(marker, ' '); }
  for (const marker of PM_MARKERS) if (v.includes(marker)) { meridiem = 'pm'; v = v.replace(marker, ' '); }
  const match = /^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})\.?(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(v.replace(/\s+/g, ' ').trim());
  if (!match) return { iso: null, isDate: false };
  const [a, b, c] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let hour = match[4] ? Number(match[4]) : 0;
  const minute = match[5] ? Number(match[5]) : 0;
  const second = match[6] ? Number(match[6]) : 0;
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  const separator = /^\d{1,4}([/.\-])/.exec(v)?.[1];
  const readings: { year: number; month: number; day: number }[] = [];
  if (match[1].length === 4) {
    readings.push({ year: a, month: b, day: c });
  } else if (match[3].length === 4) {
    if (separator === '.') readings.push({ year: c, month: b, day: a });
    else {
      readings.push({ year: c, month: a, day: b });
      readings.push({ year: c, month: b, day: a });
    }
  } else {
    return { iso: null, isDate: true };
  }
  const valid = readings
    .map((r) => toUtc(r.year, r.month, r.day, hour, minute, second))
    .filter((d): d is Date => d !== null);
  const distinct = valid.filter((d, i) => valid.findIndex((e) => e.getTime() === d.getTime()) === i);
  if (distinct.length === 1) return { iso: distinct[0].toISOString(), isDate: true };
  if (distinct.length === 0) return { iso: null, isDate: true };
  if (notBefore) {
    const afterInstall = distinct.filter((d) => d.getTime() >= notBefore.getTime());
    if (afterInstall.length === 1) return { iso: afterInstall[0].toISOString(), isDate: true };
  }
  return { iso: null, isDate: true };
}

function toUtc(year: number, month: number, day: number, hour: number, minute: number, second: number): Date | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCMonth() === month - 1 ? date : null;
}

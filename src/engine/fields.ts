/**
 * Reading values out of facts: dotted paths, transforms, computed fields, and
 * the comparisons conditions use.
 */
import type { Fact } from '../model/facts.js';
import type { FieldExpr, Transform, ValueSource } from './types.js';

export const TRANSFORMS: readonly Transform[] = ['lower', 'upper', 'shortname', 'len'];

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Fields the engine computes for every fact; meanings in messages/en/authoring.yaml (docs.rules.computed.*, docs/rules.md). */
export const COMPUTED_FIELDS = ['effectiveTime', 'ageDays', 'clockSkewHours', 'daysToExpiry', 'daysLeft', 'expiresOn', 'evaluationDaysLeft', 'evaluationEndsOn', 'failed'] as const;

export function parseFieldExpr(text: string): { path: string; transforms: string[] } {
  const [path, ...transforms] = text.split('|');
  return { path: path ?? '', transforms };
}

/** First non-null value of the expressions. */
export function firstValue(source: ValueSource, exprs: FieldExpr[]): unknown {
  for (const expr of exprs) {
    const value = readExpr(source, expr);
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

export function readExpr(source: ValueSource, expr: FieldExpr): unknown {
  let value = source.get(expr.path);
  for (let i = 0; i < expr.transforms.length; i++) value = applyTransform(value, expr.transforms[i]!);
  return value;
}

function applyTransform(value: unknown, transform: Transform): unknown {
  if (value === null || value === undefined) return null;
  switch (transform) {
    case 'lower':
      return typeof value === 'string' ? value.toLowerCase() : value;
    case 'upper':
      return typeof value === 'string' ? value.toUpperCase() : value;
    case 'shortname':
      return typeof value === 'string' ? shortMachineName(value) : value;
    case 'len':
      return Array.isArray(value) || typeof value === 'string' ? value.length : null;
  }
}

const shortNames = new Map<string, string>();

/** `kms01.corp.example:1688` → `KMS01`; IP addresses are kept whole. */
export function shortMachineName(name: string): string {
  let short = shortNames.get(name);
  if (short === undefined) {
    short = computeShortName(name);
    if (shortNames.size > 100_000) shortNames.clear();
    shortNames.set(name, short);
  }
  return short;
}

function computeShortName(name: string): string {
  const trimmed = name.trim();
  const bracketed = /^\[(.*)\](:\d+)?$/.exec(trimmed);
  if (bracketed) return (bracketed[1] ?? '').toUpperCase();
  if ((trimmed.match(/:/g) ?? []).length > 1) return trimmed.toUpperCase();
  const host = trimmed.replace(/:\d+$/, '');
  if (/^[\d.]+$/.test(host)) return host;
  return (host.split('.')[0] ?? host).toUpperCase();
}

const pathParts = new Map<string, string[]>();

/** Plain dotted-path read on an object. */
export function readPath(object: unknown, path: string): unknown {
  if (!path.includes('.')) {
    return object !== null && typeof object === 'object' ? (object as Record<string, unknown>)[path] : undefined;
  }
  let parts = pathParts.get(path);
  if (!parts) {
    parts = path.split('.');
    pathParts.set(path, parts);
  }
  let current: unknown = object;
  for (const part of parts) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function timeMs(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Local clocks run from UTC-12 to UTC+14: a local time L was at the earliest L - 14 h in UTC. */
const MAX_LOCAL_AHEAD_OF_UTC_MS = 14 * 3_600_000;

/**
 * A fact's time for ordering. slmgr's `Trusted time` is the machine's local clock
 * (written as if UTC), so it only proves the state was seen no earlier than 14 h
 * before it: a license block counts as later than a failure only when that holds
 * in every time zone.
 */
export function effectiveTimeMs(fact: Fact): number | null {
  const own = timeMs(fact.time);
  if (own !== null) return own;
  const trusted = fact.kind === 'license' ? timeMs(fact.trustedTime) : null;
  return trusted === null ? null : trusted - MAX_LOCAL_AHEAD_OF_UTC_MS;
}

function isFailureHresult(value: unknown): boolean {
  return typeof value === 'string' && /^0x[89A-F][0-9A-F]{7}$/i.test(value);
}

/**
 * Computed fields of a fact. `effectiveMs` is its effective time (already parsed by
 * the caller), `referenceMs` the newest evidence time of its machine.
 */
export function computedField(fact: Fact, name: string, effectiveMs: number | null, referenceMs: number | null, nowMs: number | null = referenceMs): unknown {
  const record = fact as unknown as Record<string, unknown>;
  switch (name) {
    case 'effectiveTime':
      return effectiveMs === null ? null : new Date(effectiveMs).toISOString();
    case 'ageDays':
      return effectiveMs === null || referenceMs === null ? null : (referenceMs - effectiveMs) / DAY_MS;
    case 'clockSkewHours': {
      const client = timeMs(record.clientTime as string | null | undefined);
      const event = fact.time === null ? null : effectiveMs;
      return client === null || event === null ? null : Math.abs(event - client) / HOUR_MS;
    }
    case 'daysToExpiry': {
      const minutes = record.minutesToExpiry;
      return typeof minutes === 'number' ? minutes / 1440 : null;
    }
    case 'failed':
      return isFailureHresult(record.hresult) || isFailureHresult(record.errorCode);
    case 'daysLeft':
      return wholeDaysUntil(record.expiresAt, nowMs);
    case 'expiresOn':
      return datePart(record.expiresAt);
    case 'evaluationDaysLeft':
      return wholeDaysUntil(record.evaluationEndDate, nowMs);
    case 'evaluationEndsOn':
      return datePart(record.evaluationEndDate);
    default:
      return undefined;
  }
}

function wholeDaysUntil(value: unknown, nowMs: number | null): number | null {
  const ms = timeMs(value as string | null | undefined);
  if (ms === null || nowMs === null) return null;
  return Math.max(0, Math.floor((ms - nowMs) / DAY_MS));
}

function datePart(value: unknown): string | null {
  const ms = timeMs(value as string | null | undefined);
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

export { DAY_MS, MINUTE_MS };

/** Case-insensitive equality for strings, numeric equality for numbers and numeric strings. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x !== null && y !== null && x === y;
  }
  return a === b;
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** Ordering for lt/gt: numbers, then ISO times; null when not comparable. */
export function compareValues(a: unknown, b: unknown): number | null {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== null && y !== null) return x - y;
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = timeMs(a);
    const tb = timeMs(b);
    if (ta !== null && tb !== null) return ta - tb;
  }
  return null;
}

type KeysOf<K extends Fact['kind']> = keyof Extract<Fact, { kind: K }>;
/**
 * Compile-time check that every name listed is a key of the fact kind. A field added
 * to facts.ts later is not readable by rules until it is listed here (a rule naming
 * it gets a clear "unknown field" load error).
 */
function fieldsOf<K extends Fact['kind']>() {
  return <const L extends readonly KeysOf<K>[]>(list: L): readonly string[] => list as readonly string[];
}

const BASE = ['kind', 'machine', 'time', 'source', 'provider', 'eventId'] as const;

/** The fields each fact kind carries, so a misspelt field in a rule is a load error. */
export const FIELDS_BY_KIND: Record<Fact['kind'], readonly string[]> = {
  'kms-request': fieldsOf<'kms-request'>()([...BASE, 'hresult', 'statusFlags', 'statusFlagNames', 'kmsHost', 'kmsPort', 'cmid', 'clientTime', 'licenseStatus', 'minutesToExpiry', 'activationId', 'minimumCount', 'expiresAt']),
  'kms-response': fieldsOf<'kms-response'>()([...BASE, 'hresult', 'statusFlags', 'statusFlagNames', 'activated', 'currentCount', 'activationInterval', 'renewalInterval', 'clientTime']),
  'kms-host-request': fieldsOf<'kms-host-request'>()([...BASE, 'hresult', 'minimumCount', 'client', 'cmid', 'clientTime', 'isVirtual', 'licenseStatus', 'minutesToExpiry', 'activationId']),
  'dns-publish': fieldsOf<'dns-publish'>()([...BASE, 'ok', 'hresult', 'domain']),
  'activation-error': fieldsOf<'activation-error'>()([...BASE, 'hresult', 'context', 'message', 'activationId', 'product']),
  'activation-success': fieldsOf<'activation-success'>()([...BASE, 'context', 'product', 'activationId']),
  license: fieldsOf<'license'>()([...BASE, 'origin', 'product', 'description', 'channel', 'keyChannel', 'activationId', 'applicationId', 'extendedPid', 'partialKey', 'keyInstalled', 'licenseStatus', 'notificationReason', 'minutesToExpiry', 'expiryKind', 'evaluationEndDate', 'rearmWindows', 'rearmSku', 'rearmApp', 'trustedTime', 'trustedTimeText', 'activationType', 'kmsClient', 'errorCode', 'serviceVersion', 'truncated', 'expiresAt']),
  'kms-host': fieldsOf<'kms-host'>()([...BASE, 'product', 'channel', 'currentCount', 'port', 'dnsPublishing', 'priority', 'requests']),
  'licensing-status': fieldsOf<'licensing-status'>()([...BASE, 'applicationId', 'skus']),
  rearm: fieldsOf<'rearm'>()([...BASE, 'applicationId', 'skuId', 'remaining']),
  'hardware-change': fieldsOf<'hardware-change'>()([...BASE, 'applicationId', 'skuId']),
};

/**
 * Activation events → typed facts. Keyed on provider + EventID (+ Qualifiers
 * when present), never on Level or the localized message.
 */
import { parseHostPort } from '../host.js';
import {
  licenseStateFromCode,
  unknownLicense,
  type ActivationErrorFact,
  type DnsPublishFact,
  type Fact,
  type HardwareChangeFact,
  type KmsHostRequestFact,
  type KmsRequestFact,
  type KmsResponseFact,
  type LicenseFact,
  type LicenseState,
  type LicensingStatusFact,
  type RearmFact,
  type SourceRef,
} from '../../model/facts.js';
import { type EventRecord, UNSHOWN_FAILURE_ID } from './record.js';
import {
  detach,
  firstHresultIn,
  normalizeEventHresult,
  parseClientTime,
  parseCount,
  parseGuid,
} from './values.js';

/** Providers whose events we read (exact System/Provider/@Name). */
export const ACTIVATION_PROVIDERS: ReadonlySet<string> = new Set([
  'Microsoft-Windows-Security-SPP',
  'Microsoft-Windows-Security-Licensing-SLC',
  'Office Software Protection Platform Service',
  // the legacy event source name, in case a tool (Get-EventLog's Source) reports it as the provider
  'Software Protection Platform Service',
]);

/**
 * Byte-level prefilter needles: each ends a provider name above, so an event
 * qualifies only when one is followed by a quote character.
 */
export const PROVIDER_NEEDLES: readonly string[] = [
  'Microsoft-Windows-Security-SPP',
  'Microsoft-Windows-Security-Licensing-SLC',
  // also the end of 'Office Software Protection Platform Service'
  'Software Protection Platform Service',
];

const INFORMATIONAL = 16384;
const ERROR = 49152;

/** Qualifiers each handled id is written with (message-table key = Qualifiers << 16 | id). */
const EXPECTED_QUALIFIERS: Record<number, number> = {
  12288: INFORMATIONAL,
  12289: INFORMATIONAL,
  12290: INFORMATIONAL,
  12291: INFORMATIONAL,
  12293: INFORMATIONAL,
  12294: INFORMATIONAL,
  12306: INFORMATIONAL,
  8230: INFORMATIONAL,
  8233: INFORMATIONAL,
  1003: INFORMATIONAL,
  1040: INFORMATIONAL,
  8198: ERROR,
  8200: ERROR,
  8208: ERROR,
  1014: ERROR,
};

const STATUS_FLAG_NAMES: readonly [number, string][] = [
  [0x00000008, 'SL_VL_BINDING_STATUS_OTHER_PC'],
  [0x01000000, 'SL_VL_BINDING_ERROR_NO_BINDING_SERVER_REGISTRATION'],
  [0x02000000, 'SL_VL_BINDING_ERROR_INVALID_REGISTRATION_DATA_TYPE'],
  [0x04000000, 'SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT'],
  [0x08000000, 'SL_VL_BINDING_ERROR_NOT_WINDOWS_SLP'],
];

export function statusFlagNames(flags: string | null): string[] {
  if (!flags) return [];
  const value = parseInt(flags.slice(2), 16);
  return STATUS_FLAG_NAMES.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
}

/** `<Computer>` reduced to its first label; IP addresses stay whole. */
export function machineFromComputer(computer: string | null, fallback: string): string {
  if (!computer) return fallback;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(computer) || computer.includes(':')) return detach(computer);
  const label = computer.split('.')[0];
  return label ? detach(label) : fallback;
}

interface Common {
  machine: string;
  time: string | null;
  source: SourceRef;
  provider?: string;
  eventId?: number;
}

function commonFields(event: EventRecord, file: string, defaultMachine: string): Common {
  // .evtx records have no line (0): their record id and byte offset place them
  const source: SourceRef = { file };
  if (event.line > 0) source.line = event.line;
  if (event.recordId !== null) source.recordId = event.recordId;
  const common: Common = {
    machine: machineFromComputer(event.computer, defaultMachine),
    time: event.time,
    source,
    provider: detach(event.provider),
    eventId: event.eventId,
  };
  // What event text does not show stays absent, never guessed.
  if (event.inferred?.provider) delete common.provider;
  if (event.inferred?.eventId) delete common.eventId;
  return common;
}

/** The one-`<Data>` KMS "Info" record split on commas; empty fields become null. */
function infoFields(event: EventRecord): (string | null)[] {
  const info = event.data[0] ?? '';
  return info.split(',').map((field) => {
    const trimmed = field.trim();
    return trimmed === '' ? null : detach(trimmed);
  });
}

/** `Server:Port` of 12288; a value that is not a plain host name (or IP) is not kept. */
function hostAndPort(field: string | null): { host: string | null; port: number | null } {
  const parsed = field ? parseHostPort(field) : null;
  return parsed ?? { host: null, port: null };
}

function kmsRequest(event: EventRecord, common: Common): KmsRequestFact {
  const [hr, flags, server, cmid, clientTime, , status, expiry, activationId, nPolicy] = infoFields(event);
  const statusFlags = normalizeEventHresult(flags);
  const { host, port } = hostAndPort(server ?? null);
  const licenseStatus = licenseStateFromCode(parseCount(status));
  return {
    kind: 'kms-request',
    ...common,
    hresult: normalizeEventHresult(hr),
    statusFlags,
    statusFlagNames: statusFlagNames(statusFlags),
    kmsHost: host,
    kmsPort: port,
    cmid: parseGuid(cmid),
    clientTime: parseClientTime(clientTime),
    licenseStatus,
    minutesToExpiry: parseCount(expiry),
    activationId: parseGuid(activationId),
    minimumCount: parseCount(nPolicy),
    ...expiresAtFrom(common.time, licenseStatus, parseCount(expiry)),
  };
}

/** `expiresAt` from the event time and the minutes left, for a licensed or grace state (others have no clock running). */
function expiresAtFrom(time: string | null, state: LicenseState | null, minutes: number | null): { expiresAt?: string } {
  if (time === null || minutes === null || minutes <= 0 || state === null || state === 'unlicensed' || state === 'notification' || state === 'unknown') return {};
  return { expiresAt: new Date(Date.parse(time) + minutes * 60_000).toISOString() };
}

function kmsResponse(event: EventRecord, common: Common): KmsResponseFact {
  const [hr, flags, bound, , currentCount, activationInterval, renewalInterval, clientTime] = infoFields(event);
  const statusFlags = normalizeEventHresult(flags);
  const boundValue = parseCount(bound);
  return {
    kind: 'kms-response',
    ...common,
    hresult: normalizeEventHresult(hr),
    statusFlags,
    statusFlagNames: statusFlagNames(statusFlags),
    activated: boundValue === null ? null : boundValue !== 0,
    currentCount: parseCount(currentCount),
    activationInterval: parseCount(activationInterval),
    renewalInterval: parseCount(renewalInterval),
    clientTime: parseClientTime(clientTime),
  };
}

function kmsHostRequest(event: EventRecord, common: Common): KmsHostRequestFact {
  const [hr, nPolicy, client, cmid, clientTime, isVirtual, status, expiry, activationId] = infoFields(event);
  const virtualFlag = parseCount(isVirtual);
  return {
    kind: 'kms-host-request',
    ...common,
    hresult: normalizeEventHresult(hr),
    minimumCount: parseCount(nPolicy),
    client: client ?? null,
    cmid: parseGuid(cmid),
    clientTime: parseClientTime(clientTime),
    isVirtual: virtualFlag === null ? null : virtualFlag !== 0,
    licenseStatus: licenseStateFromCode(parseCount(status)),
    minutesToExpiry: parseCount(expiry),
    activationId: parseGuid(activationId),
  };
}

function dnsPublish(event: EventRecord, common: Common): DnsPublishFact {
  const ok = event.eventId === 12294;
  const domain = (ok ? event.data[0] : event.data[1])?.trim();
  return {
    kind: 'dns-publish',
    ...common,
    ok,
    hresult: ok ? null : normalizeEventHresult(event.data[0]),
    domain: domain ? detach(domain) : null,
  };
}

/** `Key=Value;Key=Value` (8198 arguments, 8230 state data) into a case-insensitive map. */
function keyValues(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    map.set(part.slice(0, eq).trim().toLowerCase(), detach(part.slice(eq + 1).trim()));
  }
  return map;
}

const ERROR_CONTEXT: Record<number, string> = {
  8198: 'event 8198 (license activation failed)',
  8200: 'event 8200 (license acquisition failure)',
  8208: 'event 8208 (genuine ticket acquisition failed)',
  1014: 'event 1014 (end user license acquisition failed)',
  12291: 'event 12291 (KMS failed to start)',
  8233: 'event 8233 (rules engine: failed VL activation attempt)',
};

function activationError(event: EventRecord, common: Common): ActivationErrorFact | null {
  const hresult = firstHresultIn(event.data[0] ?? '') ?? normalizeEventHresult(event.data[0]);
  if (!hresult) return null;
  let activationId: string | null = null;
  if (event.eventId === 8198) activationId = parseGuid(keyValues(event.data[1] ?? '').get('skuid'));
  else if (event.eventId === 1014) activationId = parseGuid(event.data[1]);
  else if (event.eventId === 8233) activationId = parseGuid(event.data[2]);
  const message = event.message ? detach(event.message.slice(0, 500)) : null;
  return {
    kind: 'activation-error',
    ...common,
    hresult,
    context: event.inferred?.eventId ? 'activation event (id not shown)' : (ERROR_CONTEXT[event.eventId] ?? `event ${event.eventId}`),
    message,
    activationId,
  };
}

const SL_LICENSING_STATUS: Record<string, LicenseState> = {
  SL_LICENSING_STATUS_UNLICENSED: 'unlicensed',
  SL_LICENSING_STATUS_LICENSED: 'licensed',
  // The rules engine does not say which grace period; do not guess.
  SL_LICENSING_STATUS_IN_GRACE_PERIOD: 'unknown',
  SL_LICENSING_STATUS_NOTIFICATION: 'notification',
};

/** 8230's `GraceEndDate=2023/11/20:01:12:31` as ISO. */
function parseGraceEnd(text: string | undefined): string | null {
  const match = /^(\d{4})\/(\d{1,2})\/(\d{1,2})[: ](\d{1,2}):(\d{2}):(\d{2})$/.exec(text?.trim() ?? '');
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  date.setUTCFullYear(y!, mo! - 1, d!); // Date.UTC reads years 0–99 as 1900–1999
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function ruleEngineState(event: EventRecord, common: Common): LicenseFact | null {
  const raw = event.data[0] ?? '';
  const payload = raw.slice(raw.indexOf('=') + 1);
  const state = keyValues(payload);
  if (state.size === 0) return null;
  const licenseText = state.get('licensestate');
  const keyType = state.get('productkeytype') ?? null;
  const licenseStatus = licenseText ? (SL_LICENSING_STATUS[licenseText.toUpperCase()] ?? 'unknown') : null;
  const graceEnd = parseGraceEnd(state.get('graceenddate'));
  const minutesToExpiry =
    graceEnd && common.time ? Math.max(0, Math.floor((Date.parse(graceEnd) - Date.parse(common.time)) / 60_000)) : null;
  const { provider, eventId, ...base } = common;
  return {
    ...unknownLicense({ ...base, origin: 'event' }, {
      keyChannel: keyType,
      activationId: parseGuid(state.get('skuid')),
      applicationId: parseGuid(state.get('appid')),
      partialKey: state.get('partialproductkey') || null,
      keyInstalled: state.has('partialproductkey') ? true : null,
      licenseStatus,
      minutesToExpiry,
      expiryKind: minutesToExpiry === null ? null : keyType?.toLowerCase().startsWith('volume') ? 'volume' : 'grace',
      errorCode: normalizeEventHresult(state.get('lastconsumptionreason')),
      ...(graceEnd ? { expiresAt: graceEnd } : {}),
    }),
    ...(provider !== undefined ? { provider } : {}),
    ...(eventId !== undefined ? { eventId } : {}),
  };
}

/**
 * 1003's blob: one line per SKU, `N: <SkuId>, a, b [(0 [0xHR, x, y], […])(1 )…]`.
 * A SKU counts as S_OK when any policy group returned 0x00000000, else its first failure.
 */
function licensingStatus(event: EventRecord, common: Common): LicensingStatusFact {
  const skus: LicensingStatusFact['skus'] = [];
  for (const line of (event.data[1] ?? '').split(/\r?\n/)) {
    const head = /^\s*\d+\s*:\s*\{?([0-9a-f-]{36})\}?/i.exec(line);
    if (!head) continue;
    const skuId = parseGuid(head[1]);
    if (!skuId) continue;
    const groupCodes = [...line.matchAll(/\(\s*\d+\s*\[\s*(0x[0-9a-f]{1,8})\s*,/gi)].map((m) => normalizeEventHresult(m[1]));
    const hresult = groupCodes.includes('0x00000000') ? '0x00000000' : (groupCodes[0] ?? null);
    skus.push({ skuId, hresult });
  }
  return { kind: 'licensing-status', ...common, applicationId: parseGuid(event.data[0]), skus };
}

function rearm(event: EventRecord, common: Common): RearmFact {
  return {
    kind: 'rearm',
    ...common,
    applicationId: parseGuid(event.data[0]),
    skuId: parseGuid(event.data[1]),
    remaining: parseCount(event.data[2]),
  };
}

function hardwareChange(event: EventRecord, common: Common): HardwareChangeFact {
  return { kind: 'hardware-change', ...common, applicationId: parseGuid(event.data[0]), skuId: parseGuid(event.data[1]) };
}

/** Is this an EventID we turn into facts (for some activation provider)? */
export function isHandledEventId(eventId: number): boolean {
  return EXPECTED_QUALIFIERS[eventId] !== undefined;
}

/** Is this (provider, id, qualifiers) one we turn into a fact? */
function isActivationEvent(provider: string, eventId: number, qualifiers: number | null): boolean {
  if (!ACTIVATION_PROVIDERS.has(provider)) return false;
  const expected = EXPECTED_QUALIFIERS[eventId];
  if (expected === undefined) return false;
  return qualifiers === null || qualifiers === expected;
}

/** Facts for one event (none for events we do not read). */
export function factsFromEvent(event: EventRecord, file: string, defaultMachine: string): Fact[] {
  const unshownFailure = event.eventId === UNSHOWN_FAILURE_ID && event.inferred?.eventId === true;
  if (!unshownFailure && !isActivationEvent(event.provider, event.eventId, event.qualifiers)) return [];
  const common = commonFields(event, file, defaultMachine);
  let fact: Fact | null;
  switch (event.eventId) {
    case 12288: fact = kmsRequest(event, common); break;
    case 12289: fact = kmsResponse(event, common); break;
    case 12290: fact = kmsHostRequest(event, common); break;
    case 12293:
    case 12294: fact = dnsPublish(event, common); break;
    case 8230: fact = ruleEngineState(event, common); break;
    case 1003: fact = licensingStatus(event, common); break;
    case 12306: fact = rearm(event, common); break;
    case 1040: fact = hardwareChange(event, common); break;
    default: fact = activationError(event, common);
  }
  return fact ? [fact] : [];
}

/**
 * Where a reader sends each record: to `onRecord` (activation records only,
 * unless `all`) for `activation-doctor events`, or into `facts` for a scan.
 */
export function recordSink(
  options: { onRecord?: (record: EventRecord) => void; all?: boolean },
  file: string,
  defaultMachine: string,
  facts: Fact[],
): (record: EventRecord) => void {
  const onRecord = options.onRecord;
  if (onRecord) {
    return (record) => {
      if (options.all || ACTIVATION_PROVIDERS.has(record.provider)) onRecord(record);
    };
  }
  return (record) => {
    for (const fact of factsFromEvent(record, file, defaultMachine)) facts.push(fact);
  };
}

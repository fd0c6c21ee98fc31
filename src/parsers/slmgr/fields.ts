/**
 * A recognised `Label: value` line → the license, KMS client or KMS host field its
 * label names.
 */
import { t } from '../../i18n/index.js';
import type { ActivationErrorFact, KmsClientInfo, KmsHostFact, LicenseFact, LicenseState } from '../../model/facts.js';
import {
  ACTIVATION_TYPE_WORDS,
  ENABLED_WORDS,
  NOT_AVAILABLE_WORDS,
  type FieldKey,
  labelKey,
  LOW_PRIORITY_WORDS,
  lookupStatus,
  NORMAL_PRIORITY_WORDS,
  OSPP_STATUS_TOKENS,
} from './labels.js';
import type { Line } from './lines.js';
import { blockFor, type Block, closeBlock, kmsClientOf, kmsHostOf, type State } from './blocks.js';
import {
  channelFromDescription,
  installDateFromPid,
  isFailureCode,
  isIpAddress,
  parseGuid,
  parseHostPort,
  parseHresult,
  parseInteger,
  parseMinutesDays,
  parseOsppGrace,
  parseRegionalDate,
  present,
} from './values.js';

export function handleField(state: State, line: Line, field: FieldKey, value: string): void {
  if (field === 'serviceVersion') {
    closeBlock(state);
    state.serviceVersion = present(value);
    return;
  }
  // German prints `Verbleibende Windows Rearm-Anzahl` for the SKU count too: a second one in a block is the SKU's.
  if (field === 'rearmWindows' && state.block?.seen.has('rearmWindows') && !state.block.seen.has('rearmSku')) field = 'rearmSku';
  const block = blockFor(state, field, line);
  block.seen.add(field);
  block.lastLineNo = line.lineNo;
  const fact = block.fact;
  switch (field) {
    case 'name':
    case 'osppName':
      fact.product = present(value);
      return;
    case 'description':
    case 'osppDescription':
      fact.description = present(value);
      fact.channel = fact.description ? channelFromDescription(fact.description) : null;
      return;
    case 'activationId':
    case 'osppSkuId':
      fact.activationId = parseGuid(value);
      return;
    case 'applicationId':
      fact.applicationId = parseGuid(value);
      return;
    case 'extendedPid':
      fact.extendedPid = present(value);
      return;
    case 'keyChannel':
      fact.keyChannel = present(value);
      return;
    case 'partialKey':
    case 'osppLast5':
      fact.partialKey = present(value);
      fact.keyInstalled = true;
      return;
    case 'licenseStatus':
      // Office Tool Plus prints ospp tokens after the slmgr label (`许可证状态:  ---未许可---`).
      if (/^\s*-{2,}/.test(value)) fact.licenseStatus = readOsppStatus(value);
      else fact.licenseStatus = lookupStatus(value) ?? (present(value) ? 'unknown' : null);
      return;
    case 'osppStatus':
      fact.licenseStatus = readOsppStatus(value);
      return;
    case 'volumeExpiration':
      return setExpiry(fact, parseMinutesDays(value).minutes, 'volume');
    case 'timebasedExpiration':
      return setExpiry(fact, parseMinutesDays(value).minutes, 'timebased');
    case 'avmaExpiration':
      return setExpiry(fact, parseMinutesDays(value).minutes, 'avma');
    case 'timeRemaining':
      return setExpiry(fact, parseMinutesDays(value).minutes, 'grace');
    case 'osppRemainingGrace':
      return setExpiry(fact, parseOsppGrace(value), expiryKindFromState(fact));
    case 'notificationReason':
      fact.notificationReason = parseHresult(value);
      return;
    case 'evaluationEndDate':
      fact.evaluationEndDate = parseRegionalDate(value, installDateFromPid(fact.extendedPid)).iso;
      return;
    case 'osppBetaExpiration': {
      const date = parseRegionalDate(value).iso;
      fact.evaluationEndDate = date && !date.startsWith('1601-') ? date : null;
      return;
    }
    case 'rearmWindows':
      fact.rearmWindows = parseInteger(value);
      return;
    case 'rearmApp':
      fact.rearmApp = parseInteger(value);
      return;
    case 'rearmSku':
      fact.rearmSku = parseInteger(value);
      return;
    case 'trustedTime':
      return setTrustedTime(state, fact, value, line);
    case 'activationType':
    case 'osppActivationType':
      fact.activationType = normaliseActivationType(value);
      return;
    case 'osppErrorCode':
      return handleOsppErrorCode(state, block, value, line);
    case 'osppErrorDescription':
      if (block.osppError) block.osppError.message = present(value);
      return;
    case 'osppProductId':
    case 'installationId':
    case 'url':
    case 'additionalInfo':
      return;
    default:
      return handleSectionField(state, block, line, field, value);
  }
}

function handleSectionField(state: State, block: Block, line: Line, field: FieldKey, value: string): void {
  switch (field) {
    case 'cmid':
    case 'srvDomain':
    case 'registeredHost':
    case 'osppRegistryOverride':
    case 'dnsHost':
    case 'dnsAutoDiscovery':
    case 'hostIp':
    case 'hostPid':
    case 'activationInterval':
    case 'renewalInterval':
    case 'hostCaching':
      if (block.section === 'none' || block.section === 'host' || block.section === 'hostRequests') block.section = 'client';
      return setKmsClientField(kmsClientOf(block), field, value);
    case 'currentCount':
    case 'listeningPort':
    case 'kmsPriority':
      if (block.section !== 'host') block.section = 'host';
      return setKmsHostField(kmsHostOf(state, block, line), field, value);
    case 'requestsTotal':
    case 'requestsFailed':
    case 'requestsUnlicensed':
    case 'requestsLicensed':
    case 'requestsInitialGrace':
    case 'requestsExpiredOrHwid':
    case 'requestsNonGenuineGrace':
    case 'requestsNotification':
      block.section = 'hostRequests';
      return setKmsHostField(kmsHostOf(state, block, line), field, value);
    default:
      return setActivationDetail(block.fact, field, value);
  }
}

function setKmsClientField(client: KmsClientInfo, field: FieldKey, value: string): void {
  switch (field) {
    case 'cmid':
      client.cmid = parseGuid(value);
      return;
    case 'srvDomain':
      client.srvDomain = present(value);
      return;
    case 'registeredHost':
    case 'osppRegistryOverride': {
      const hostPort = present(value) ? parseHostPort(value) : null;
      client.registeredHost = hostPort?.host ?? null;
      client.registeredPort = hostPort?.port ?? null;
      return;
    }
    case 'dnsHost': {
      const hostPort = present(value) ? parseHostPort(value) : null;
      client.dnsHost = hostPort?.host ?? null;
      client.dnsPort = hostPort?.port ?? null;
      return;
    }
    case 'dnsAutoDiscovery':
      client.dnsDiscoveryFailed = true;
      return;
    case 'hostIp':
      client.hostIp = isIpAddress(value) ? value.trim() : null;
      return;
    case 'hostPid':
      client.hostExtendedPid = present(value);
      return;
    case 'activationInterval':
      client.activationInterval = parseInteger(value);
      return;
    case 'renewalInterval':
      client.renewalInterval = parseInteger(value);
      return;
    case 'hostCaching':
      client.hostCaching = ENABLED_WORDS.some((w) => labelKey(value).startsWith(labelKey(w)));
      return;
    default:
      return;
  }
}

const REQUEST_COUNTERS: Partial<Record<FieldKey, keyof KmsHostFact['requests']>> = {
  requestsTotal: 'total',
  requestsFailed: 'failed',
  requestsUnlicensed: 'unlicensed',
  requestsLicensed: 'licensed',
  requestsInitialGrace: 'initialGrace',
  requestsExpiredOrHwid: 'expiredOrHwid',
  requestsNonGenuineGrace: 'nonGenuineGrace',
  requestsNotification: 'notification',
};

function setKmsHostField(host: KmsHostFact, field: FieldKey, value: string): void {
  if (field === 'currentCount') host.currentCount = parseInteger(value);
  else if (field === 'listeningPort') host.port = parseInteger(value);
  else if (field === 'kmsPriority') host.priority = readPriority(value);
  else {
    const counter = REQUEST_COUNTERS[field];
    if (counter) host.requests[counter] = parseInteger(value);
  }
}

export function readPriority(value: string): 'normal' | 'low' | null {
  const key = labelKey(value);
  if (LOW_PRIORITY_WORDS.some((w) => key === labelKey(w))) return 'low';
  if (NORMAL_PRIORITY_WORDS.some((w) => key === labelKey(w))) return 'normal';
  return null;
}

function setActivationDetail(fact: LicenseFact, field: FieldKey, value: string): void {
  const v = present(value);
  const notAvailable = v !== null && NOT_AVAILABLE_WORDS.some((word) => labelKey(word) === labelKey(v)) ? null : v;
  switch (field) {
    case 'aoName':
      (fact.adActivation ??= emptyAd()).objectName = v;
      return;
    case 'aoDn':
      (fact.adActivation ??= emptyAd()).objectDn = v;
      return;
    case 'aoPid':
      (fact.adActivation ??= emptyAd()).extendedPid = v;
      return;
    case 'aoActivationId':
      (fact.adActivation ??= emptyAd()).activationId = parseGuid(value);
      return;
    case 'tokenIlid':
      (fact.tokenActivation ??= emptyToken()).licenseId = v;
      return;
    case 'tokenIlvid':
      (fact.tokenActivation ??= emptyToken()).versionId = v;
      return;
    case 'tokenGrantNumber':
      (fact.tokenActivation ??= emptyToken()).grantNumber = v;
      return;
    case 'tokenThumbprint':
      (fact.tokenActivation ??= emptyToken()).certificateThumbprint = v;
      return;
    case 'guestIaid':
      (fact.avma ??= emptyAvma()).guestIaid = notAvailable;
      return;
    case 'avmaHostName':
      (fact.avma ??= emptyAvma()).hostMachineName = notAvailable;
      return;
    case 'avmaActivationTime':
      (fact.avma ??= emptyAvma()).activationTimeText = notAvailable;
      return;
    case 'avmaHostPid2':
      (fact.avma ??= emptyAvma()).hostDigitalPid2 = notAvailable;
      return;
    default:
      return;
  }
}

function emptyAd(): NonNullable<LicenseFact['adActivation']> {
  return { objectName: null, objectDn: null, extendedPid: null, activationId: null };
}
function emptyToken(): NonNullable<LicenseFact['tokenActivation']> {
  return { licenseId: null, versionId: null, grantNumber: null, certificateThumbprint: null };
}
function emptyAvma(): NonNullable<LicenseFact['avma']> {
  return { guestIaid: null, hostMachineName: null, activationTimeText: null, hostDigitalPid2: null };
}

const WINDOWS_APPLICATION_ID = '55c92734-d682-4d71-983e-d6ec3f16059f';

export function isNonWindowsProduct(fact: LicenseFact): boolean {
  if (fact.applicationId) return fact.applicationId !== WINDOWS_APPLICATION_ID;
  return fact.product !== null && /^Office\b/i.test(fact.product);
}

function setExpiry(fact: LicenseFact, minutes: number | null, kind: LicenseFact['expiryKind']): void {
  fact.minutesToExpiry = minutes;
  fact.expiryKind = kind;
}

function expiryKindFromState(fact: LicenseFact): LicenseFact['expiryKind'] {
  const state = fact.licenseStatus;
  if (state && state !== 'licensed' && state !== 'unknown') return 'grace';
  if (fact.channel && /TIMEBASED|SUB/i.test(fact.channel)) return 'timebased';
  return 'volume';
}

function setTrustedTime(state: State, fact: LicenseFact, value: string, line: Line): void {
  const text = present(value);
  fact.trustedTimeText = text;
  if (!text) return;
  const parsed = parseRegionalDate(text, installDateFromPid(fact.extendedPid));
  fact.trustedTime = parsed.iso;
  if (parsed.iso === null) {
    state.problems.push({
      message: t(parsed.isDate ? 'problem.slmgr.ambiguousTrustedTime' : 'problem.slmgr.unknownTrustedTime', { text }),
      line: line.lineNo,
    });
  }
}

function normaliseActivationType(value: string): string | null {
  const v = present(value);
  if (!v) return null;
  return ACTIVATION_TYPE_WORDS[labelKey(v)] ?? v;
}

/** `---LICENSED---` → its token. Anchored and split in two steps: a run of hyphens never backtracks (no quadratic time on a line of hyphens). */
function osppStatusToken(value: string): string | null {
  const open = /^[\s-]*?-{2,}/.exec(value);
  if (!open) return null;
  const rest = value.slice(open[0].length);
  const end = rest.indexOf('--');
  if (end <= 0) return null;
  const token = rest.slice(0, end).trim();
  return token === '' || token.includes('-') ? null : token;
}

function readOsppStatus(value: string): LicenseState | null {
  const token = osppStatusToken(value);
  if (token) return OSPP_STATUS_TOKENS[token.toUpperCase()] ?? OSPP_STATUS_TOKENS[token] ?? 'unknown';
  return lookupStatus(value.replace(/-/g, ''));
}

function handleOsppErrorCode(state: State, block: Block, value: string, line: Line): void {
  const code = parseHresult(value);
  block.fact.errorCode = code;
  if (!code || !isFailureCode(code)) return;
  const error: ActivationErrorFact = {
    kind: 'activation-error',
    machine: state.ctx.defaultMachine,
    time: null,
    source: { file: state.ctx.file, line: line.lineNo },
    hresult: code,
    context: state.command?.startsWith('ospp') ? state.command : block.isActAttempt ? 'ospp /act' : 'ospp /dstatus',
    message: null,
    activationId: block.fact.activationId,
    ...(block.fact.product ? { product: block.fact.product } : {}),
  };
  block.osppError = error;
  state.facts.push(error);
}

/**
 * slmgr / ospp text → facts. One pass over the classified lines (lines.ts) with a
 * small state machine: a product block collects one `license` fact (and a `kms-host`
 * fact for a KMS host); `Error:` lines, `/ato` and ospp `/act` results become
 * `activation-error` / `activation-success` facts.
 */
import type {
  ActivationErrorFact,
  Fact,
  KmsClientInfo,
  KmsHostFact,
  LicenseFact,
  LicenseState,
} from '../../model/facts.js';
import { unknownLicense } from '../../model/facts.js';
import type { ParseContext, ParseResult, Problem } from '../../model/report.js';
import { allLabelKeys, ENABLED_WORDS, type FieldKey, type FixedLine, labelKey, LOW_PRIORITY_WORDS, lookupStatus, NORMAL_PRIORITY_WORDS, OSPP_STATUS_TOKENS } from './labels.js';
import { evidenceKind } from './evidence.js';
import { type Line, type LineKind, splitLines, type XprState } from './lines.js';
import {
  channelFromDescription,
  installDateFromPid,
  isExtendedPid,
  isFailureCode,
  isGuidShaped,
  isHostPort,
  isIpAddress,
  isKeyChannel,
  isNumberWithUnit,
  isPartialKey,
  isPlainInteger,
  isRedacted,
  KNOWN_APPLICATION_IDS,
  looksLikeDescription,
  looksLikeProductName,
  parseGuid,
  parseHostPort,
  parseHresult,
  parseInteger,
  parseMinutesDays,
  parseOsppGrace,
  parseRegionalDate,
  present,
} from './values.js';

type Section = 'none' | 'client' | 'host' | 'hostRequests' | 'ad' | 'token' | 'avma';

interface Block {
  fact: LicenseFact;
  seen: Set<FieldKey | 'notInUse' | 'xpr'>;
  section: Section;
  kmsHost: KmsHostFact | null;
  /** ospp `/act` echo of the product (no state): reported as the success's product only. */
  isActAttempt: boolean;
  osppError: ActivationErrorFact | null;
  lastLineNo: number;
}

interface State {
  ctx: ParseContext;
  facts: Fact[];
  problems: Problem[];
  command: string | null;
  serviceVersion: string | null;
  block: Block | null;
  activating: { product: string | null; activationId: string | null; lineNo: number } | null;
  nextOsppIsActAttempt: boolean;
  /** Any line that only slmgr/ospp output has: decides "not evidence" when no fact came out. */
  recognized: number;
}

/** Lines after an `Activating …` line within which its result is expected. */
const ACTIVATING_REACH = 6;

export function parseSlmgrText(text: string, ctx: ParseContext): ParseResult {
  const state: State = {
    ctx,
    facts: [],
    problems: [],
    command: null,
    serviceVersion: null,
    block: null,
    activating: null,
    nextOsppIsActAttempt: false,
    recognized: 0,
  };
  const lines = splitLines(text);
  if (evidenceKind(lines) === null) {
    return { facts: [], problems: [], partial: false, skippedReason: 'not slmgr or ospp output (no license, error or activation lines found)' };
  }
  for (const [index, line] of lines.entries()) {
    if ((index & 255) === 0 && ctx.deadline !== undefined && Date.now() > ctx.deadline) {
      state.problems.push({ code: 'file-timeout', message: `stopped at line ${line.lineNo} after the per-file time budget (--file-timeout); the lines before it are used`, line: line.lineNo });
      closeBlock(state);
      return { facts: state.facts, problems: state.problems, partial: true };
    }
    handleLine(state, line);
  }
  const truncated = markTruncation(state, lines);
  closeBlock(state);
  if (state.facts.length === 0) {
    return {
      facts: [],
      problems: state.problems,
      partial: false,
      skippedReason: state.recognized > 0 ? 'slmgr/ospp text with no product, error or activation result in it' : 'not slmgr or ospp output',
    };
  }
  const facts = state.facts.sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0));
  return { facts, problems: state.problems, partial: truncated };
}

function handleLine(state: State, line: Line): void {
  const kind = line.kind;
  switch (kind.type) {
    case 'blank':
    case 'other':
      return;
    case 'banner':
      state.recognized++;
      return;
    case 'prompt':
      closeBlock(state);
      state.command = kind.command;
      state.activating = null;
      return;
    case 'fixed':
      state.recognized++;
      return handleFixed(state, line, kind.fixed);
    case 'error':
      return handleError(state, line, kind);
    case 'activating':
      state.recognized++;
      closeBlock(state);
      state.activating = { product: kind.product, activationId: kind.activationIdText ? parseGuid(kind.activationIdText) : null, lineNo: line.lineNo };
      return;
    case 'xprHeader':
      state.recognized++;
      startBlock(state, 'slmgr', line).fact.product = kind.product;
      return;
    case 'xprState':
      state.recognized++;
      return handleXprState(state, line, kind.state, kind.dateText);
    case 'field':
      state.recognized++;
      return handleField(state, line, kind.field, kind.value);
    case 'unknownKv': {
      if (looksLikeLocalizedError(state, kind.label, kind.value)) {
        const code = parseHresult(kind.value);
        return handleError(state, line, { type: 'error', code, message: kind.value.replace(/^0x[0-9a-f]+\s*/i, '') || null });
      }
      const field = inferField(state, kind.label, kind.value);
      if (field) handleField(state, line, field, kind.value);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Blocks

function newLicense(state: State, origin: 'slmgr' | 'ospp', line: Line): LicenseFact {
  const base = { machine: state.ctx.defaultMachine, time: null, source: { file: state.ctx.file, line: line.lineNo }, origin };
  return unknownLicense(base, { serviceVersion: origin === 'slmgr' ? state.serviceVersion : null });
}

function startBlock(state: State, origin: 'slmgr' | 'ospp', line: Line): Block {
  closeBlock(state);
  const block: Block = {
    fact: newLicense(state, origin, line),
    seen: new Set(),
    section: 'none',
    kmsHost: null,
    isActAttempt: origin === 'ospp' && state.nextOsppIsActAttempt,
    osppError: null,
    lastLineNo: line.lineNo,
  };
  if (origin === 'ospp') state.nextOsppIsActAttempt = false;
  state.block = block;
  return block;
}

function closeBlock(state: State): void {
  const block = state.block;
  state.block = null;
  if (!block || block.seen.size === 0) return;
  if (!block.isActAttempt) state.facts.push(block.fact);
  if (block.kmsHost) {
    block.kmsHost.product = block.fact.product;
    block.kmsHost.channel = block.fact.channel;
    state.facts.push(block.kmsHost);
  }
}

/** Fields that appear once per product: seeing one again starts the next product. */
const BLOCK_FIELDS = new Set<FieldKey>([
  'name', 'description', 'activationId', 'applicationId', 'extendedPid', 'keyChannel', 'partialKey', 'licenseStatus',
]);
const OSPP_BLOCK_FIELDS = new Set<FieldKey>(['osppProductId', 'osppSkuId', 'osppName', 'osppDescription', 'osppStatus', 'osppLast5']);

function blockFor(state: State, field: FieldKey, line: Line): Block {
  const block = state.block;
  if (OSPP_BLOCK_FIELDS.has(field)) {
    const startsProduct = field === 'osppProductId' || field === 'osppSkuId' || field === 'osppName';
    if (!block || block.fact.origin !== 'ospp' || block.seen.has(field) || (startsProduct && block.seen.has('osppName') && field !== 'osppName')) {
      return startBlock(state, 'ospp', line);
    }
    return block;
  }
  if (BLOCK_FIELDS.has(field)) {
    const isNewProduct =
      !block ||
      block.fact.origin !== 'slmgr' ||
      block.seen.has(field) ||
      (field === 'partialKey' && block.seen.has('notInUse')) ||
      (field === 'name' && block.seen.size > 0) ||
      (block.section !== 'none' && field !== 'licenseStatus');
    return isNewProduct ? startBlock(state, 'slmgr', line) : block;
  }
  return block ?? startBlock(state, 'slmgr', line);
}

function kmsClientOf(block: Block): KmsClientInfo {
  block.fact.kmsClient ??= {
    registeredHost: null,
    registeredPort: null,
    dnsHost: null,
    dnsPort: null,
    dnsDiscoveryFailed: false,
    srvDomain: null,
    hostIp: null,
    hostExtendedPid: null,
    cmid: null,
    activationInterval: null,
    renewalInterval: null,
    hostCaching: null,
  };
  return block.fact.kmsClient;
}

function kmsHostOf(state: State, block: Block, line: Line): KmsHostFact {
  block.kmsHost ??= {
    kind: 'kms-host',
    machine: state.ctx.defaultMachine,
    time: null,
    source: { file: state.ctx.file, line: line.lineNo },
    product: null,
    channel: null,
    currentCount: null,
    port: null,
    dnsPublishing: null,
    priority: null,
    requests: {
      total: null,
      failed: null,
      unlicensed: null,
      licensed: null,
      initialGrace: null,
      expiredOrHwid: null,
      nonGenuineGrace: null,
      notification: null,
    },
  };
  return block.kmsHost;
}

// ---------------------------------------------------------------------------
// Fields

function handleField(state: State, line: Line, field: FieldKey, value: string): void {
  if (field === 'serviceVersion') {
    closeBlock(state);
    state.serviceVersion = present(value);
    return;
  }
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
      // Older slmgr prints the Windows label for Office SKUs too: the application (or the name) decides.
      if (isNonWindowsProduct(fact)) fact.rearmApp = parseInteger(value);
      else fact.rearmWindows = parseInteger(value);
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

function readPriority(value: string): 'normal' | 'low' | null {
  const key = labelKey(value);
  if (LOW_PRIORITY_WORDS.some((w) => key === labelKey(w))) return 'low';
  if (NORMAL_PRIORITY_WORDS.some((w) => key === labelKey(w))) return 'normal';
  return null;
}

function setActivationDetail(fact: LicenseFact, field: FieldKey, value: string): void {
  const v = present(value);
  const notAvailable = v !== null && /^not available$/i.test(v) ? null : v;
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

function isNonWindowsProduct(fact: LicenseFact): boolean {
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
      message: parsed.isDate
        ? `trusted time "${text}" could be read day-first or month-first; kept as text only`
        : `trusted time "${text}" is not a date format this parser knows; kept as text only`,
      line: line.lineNo,
    });
  }
}

const ACTIVATION_TYPES: Record<string, string> = {
  all: 'All', 全部: 'All', alle: 'All', tous: 'All', todos: 'All', все: 'All', すべて: 'All',
  ad: 'AD', kms: 'KMS', token: 'Token',
};

function normaliseActivationType(value: string): string | null {
  const v = present(value);
  if (!v) return null;
  return ACTIVATION_TYPES[labelKey(v)] ?? v;
}

function readOsppStatus(value: string): LicenseState | null {
  const token = betweenDashRuns(value);
  if (token) return OSPP_STATUS_TOKENS[token.toUpperCase()] ?? OSPP_STATUS_TOKENS[token] ?? 'unknown';
  return lookupStatus(value.replace(/-/g, ''));
}

/** `---LICENSED---` → `LICENSED`: the first text between two runs of 2+ hyphens, found in one pass (the regex it replaces took 42 s on 160 KB of hyphens). */
function betweenDashRuns(value: string): string | undefined {
  let run = value.indexOf('--');
  while (run >= 0) {
    let start = run;
    while (value[start] === '-') start++;
    const next = value.indexOf('-', start);
    if (next < 0) return undefined;
    const token = value.slice(start, next).trim();
    if (token && value[next + 1] === '-') return token;
    run = value.indexOf('--', next);
  }
  return undefined;
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
  };
  block.osppError = error;
  state.facts.push(error);
}

// ---------------------------------------------------------------------------
// Fixed lines, errors, /xpr

function handleFixed(state: State, line: Line, fixed: FixedLine): void {
  switch (fixed) {
    case 'notInUse': {
      const block = blockFor(state, 'partialKey', line);
      block.seen.add('notInUse');
      block.fact.keyInstalled = false;
      block.fact.partialKey = null;
      return;
    }
    case 'recentActivationHeader':
    case 'kmsClientHeader': {
      const block = state.block ?? startBlock(state, 'slmgr', line);
      block.section = 'client';
      if (fixed === 'kmsClientHeader') kmsClientOf(block);
      return;
    }
    case 'adClientHeader':
    case 'tokenHeader':
    case 'avmaHeader': {
      const block = state.block ?? startBlock(state, 'slmgr', line);
      block.section = fixed === 'adClientHeader' ? 'ad' : fixed === 'tokenHeader' ? 'token' : 'avma';
      return;
    }
    case 'cachingEnabled':
    case 'cachingDisabled': {
      const block = state.block ?? startBlock(state, 'slmgr', line);
      block.seen.add('hostCaching');
      kmsClientOf(block).hostCaching = fixed === 'cachingEnabled';
      return;
    }
    case 'kmsHostEnabled':
    case 'dnsPublishingEnabled':
    case 'dnsPublishingDisabled':
    case 'cumulativeHeader': {
      const block = state.block ?? startBlock(state, 'slmgr', line);
      block.seen.add('currentCount');
      const host = kmsHostOf(state, block, line);
      block.section = fixed === 'cumulativeHeader' ? 'hostRequests' : 'host';
      if (fixed === 'dnsPublishingEnabled') host.dnsPublishing = true;
      if (fixed === 'dnsPublishingDisabled') host.dnsPublishing = false;
      return;
    }
    case 'activatedOk':
      return pushSuccess(state, line, state.command ?? 'slmgr /ato', recentActivating(state, line));
    case 'osppActivatedOk': {
      const block = state.block;
      const product = block?.fact.origin === 'ospp' ? { product: block.fact.product, activationId: block.fact.activationId } : null;
      return pushSuccess(state, line, state.command?.startsWith('ospp') ? state.command : 'ospp /act', product);
    }
    case 'osppProcessing':
    case 'osppSeparator':
    case 'osppExiting':
      closeBlock(state);
      return;
    case 'osppAttempting':
      closeBlock(state);
      state.nextOsppIsActAttempt = true;
      return;
    case 'permanentlyActivated':
      return handleXprState(state, line, 'permanent', null);
    case 'pleaseUseAto':
    case 'commandCompleted':
      return;
  }
}

function recentActivating(state: State, line: Line): { product: string | null; activationId: string | null } | null {
  const activating = state.activating;
  if (!activating || line.lineNo - activating.lineNo > ACTIVATING_REACH) return null;
  return activating;
}

function pushSuccess(state: State, line: Line, context: string, product: { product: string | null; activationId: string | null } | null): void {
  state.facts.push({
    kind: 'activation-success',
    machine: state.ctx.defaultMachine,
    time: null,
    source: { file: state.ctx.file, line: line.lineNo },
    context,
    product: product?.product ?? null,
    activationId: product?.activationId ?? null,
  });
}

function handleError(state: State, line: Line, kind: Extract<LineKind, { type: 'error' }>): void {
  state.recognized++;
  if (!kind.code || !isFailureCode(kind.code)) return;
  const activating = recentActivating(state, line);
  state.facts.push({
    kind: 'activation-error',
    machine: state.ctx.defaultMachine,
    time: null,
    source: { file: state.ctx.file, line: line.lineNo },
    hresult: kind.code,
    context: state.command ?? (activating ? 'slmgr /ato' : 'slmgr'),
    message: kind.message,
    activationId: activating?.activationId ?? null,
  });
}

const XPR_LICENSE_STATE: Record<XprState | 'permanent', LicenseState> = {
  permanent: 'licensed',
  volume: 'licensed',
  timebased: 'licensed',
  avma: 'licensed',
  'oob-grace': 'oob-grace',
  'oot-grace': 'oot-grace',
  'nongenuine-grace': 'nongenuine-grace',
  'extended-grace': 'extended-grace',
  notification: 'notification',
  unlicensed: 'unlicensed',
};

function handleXprState(state: State, line: Line, xpr: XprState | 'permanent', dateText: string | null): void {
  const block = state.block && !state.block.seen.has('licenseStatus') ? state.block : startBlock(state, 'slmgr', line);
  block.seen.add('licenseStatus');
  block.seen.add('xpr');
  block.fact.licenseStatus = XPR_LICENSE_STATE[xpr];
  block.fact.expiryKind = xpr === 'volume' || xpr === 'timebased' || xpr === 'avma' ? xpr : xpr.endsWith('grace') ? 'grace' : null;
  block.fact.expiryText = dateText;
}

// ---------------------------------------------------------------------------
// Unknown labels: value shape and position decide.

/**
 * `<one word>: 0xC004F074 …` is an error line in a language whose Error word we do not
 * know, unless it is where a Notification Reason is expected (a notification block
 * that has no reason yet).
 */
function looksLikeLocalizedError(state: State, label: string, value: string): boolean {
  if (!/^\S{1,12}$/u.test(label) || !/^0x[0-9a-f]{8}\b/i.test(value.trim())) return false;
  const block = state.block;
  const awaitingReason = block !== null && block.seen.has('licenseStatus') && !block.seen.has('notificationReason') && (block.fact.licenseStatus === 'notification' || block.fact.licenseStatus === null);
  return !awaitingReason;
}

function inferField(state: State, label: string, value: string): FieldKey | null {
  const v = value.trim();
  const block = state.block;
  if (v === '') return null;
  if (looksLikeDescription(v)) return 'description';
  if (looksLikeProductName(v)) return 'name';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v) && !block) return 'serviceVersion';
  if (!block) return null;
  const seen = block.seen;
  if (block.section === 'client') return inferClientField(block, label, v);
  if (block.section === 'host') return firstUnseen(seen, ['currentCount', 'listeningPort'], isPlainInteger(v)) ?? (readPriority(v) ? 'kmsPriority' : null);
  if (block.section === 'hostRequests') {
    return firstUnseen(seen, ['requestsTotal', 'requestsFailed', 'requestsUnlicensed', 'requestsLicensed', 'requestsInitialGrace', 'requestsExpiredOrHwid', 'requestsNonGenuineGrace', 'requestsNotification'], isPlainInteger(v));
  }
  if (block.section !== 'none') return null;
  const pastKey = seen.has('partialKey') || seen.has('notInUse') || seen.has('licenseStatus');
  if (isGuidShaped(v)) {
    if (KNOWN_APPLICATION_IDS.has(parseGuid(v) ?? '') && !seen.has('applicationId')) return 'applicationId';
    // After the key and status lines a GUID is the CMID of the KMS client block.
    if (pastKey) return enterClientSection(block, label, v);
    return firstUnseen(seen, ['activationId', 'applicationId'], true);
  }
  if (isExtendedPid(v)) return pastKey ? enterClientSection(block, label, v) : seen.has('extendedPid') ? null : 'extendedPid';
  if (pastKey && (isHostPort(v) || isIpAddress(v))) return enterClientSection(block, label, v);
  if (isKeyChannel(v)) return seen.has('keyChannel') ? null : 'keyChannel';
  if (/^\d{20,}$/.test(v)) return 'installationId';
  if (/^https?:\/\//i.test(v)) return 'url';
  if (!seen.has('licenseStatus') && lookupStatus(v)) return 'licenseStatus';
  if (!pastKey && isPartialKey(v) && !isPlainInteger(v)) return 'partialKey';
  const pair = parseMinutesDays(v);
  if (pair.matched) return inferExpiryField(block.fact, label);
  if (/^0x[0-9a-f]{1,8}\b/i.test(v) && seen.has('licenseStatus')) return 'notificationReason';
  if (isPlainInteger(v)) {
    const rearm: FieldKey = isNonWindowsProduct(block.fact) ? 'rearmApp' : 'rearmWindows';
    if (!seen.has('rearmWindows') && !seen.has('rearmApp')) return rearm;
    return seen.has('rearmSku') ? null : 'rearmSku';
  }
  if (parseRegionalDate(v).isDate) {
    const afterRearm = seen.has('rearmWindows') || seen.has('rearmApp') || seen.has('rearmSku');
    return afterRearm ? (seen.has('trustedTime') ? null : 'trustedTime') : 'evaluationEndDate';
  }
  if (ACTIVATION_TYPES[labelKey(v)]) return 'activationType';
  return null;
}

function enterClientSection(block: Block, label: string, v: string): FieldKey | null {
  block.section = 'client';
  return inferClientField(block, label, v);
}

function inferClientField(block: Block, label: string, v: string): FieldKey | null {
  const seen = block.seen;
  if (isGuidShaped(v)) return seen.has('cmid') ? null : 'cmid';
  if (isExtendedPid(v) || isRedacted(v)) return seen.has('hostPid') ? null : isExtendedPid(v) ? 'hostPid' : null;
  if (isHostPort(v)) return /dns/i.test(label) ? 'dnsHost' : 'registeredHost';
  if (isIpAddress(v)) return 'hostIp';
  if (isNumberWithUnit(v) || isPlainInteger(v)) return firstUnseen(seen, ['activationInterval', 'renewalInterval'], true);
  return null;
}

function inferExpiryField(fact: LicenseFact, label: string): FieldKey {
  const state = fact.licenseStatus;
  if (state && state !== 'licensed' && state !== 'unknown') return 'timeRemaining';
  if (/\bVM\b/.test(label)) return 'avmaExpiration';
  if (fact.channel && /TIMEBASED/i.test(fact.channel)) return 'timebasedExpiration';
  return 'volumeExpiration';
}

function firstUnseen(seen: Set<string>, order: FieldKey[], applies: boolean): FieldKey | null {
  if (!applies) return null;
  return order.find((field) => !seen.has(field)) ?? null;
}

// ---------------------------------------------------------------------------
// Truncation

const LABEL_KEYS = allLabelKeys();

/** Lines slmgr prints after `License Status:`: their presence means the status line was there (in a language we do not know). */
const AFTER_STATUS_FIELDS: FieldKey[] = [
  'volumeExpiration', 'timebasedExpiration', 'avmaExpiration', 'timeRemaining', 'notificationReason', 'evaluationEndDate',
  'rearmWindows', 'rearmApp', 'rearmSku', 'trustedTime', 'activationType', 'cmid', 'hostCaching', 'currentCount',
  'osppRemainingGrace', 'osppErrorCode',
];

/** Flag the last block when the paste stops inside it; returns whether it did. */
function markTruncation(state: State, lines: Line[]): boolean {
  const block = state.block;
  const last = [...lines].reverse().find((l) => l.kind.type !== 'blank');
  if (!last) return false;
  const cutLine = last.endsInput && looksCut(last);
  const missingStatus =
    block !== null &&
    !block.isActAttempt &&
    !block.seen.has('licenseStatus') &&
    !block.seen.has('osppStatus') &&
    !block.seen.has('notInUse') &&
    !AFTER_STATUS_FIELDS.some((field) => block.seen.has(field)) &&
    (block.fact.product !== null || block.fact.description !== null || block.seen.has('partialKey') || block.seen.has('osppLast5'));
  if (!cutLine && !missingStatus) return false;
  if (block) block.fact.truncated = true;
  state.problems.push({
    code: 'truncated',
    message: cutLine ? 'the text stops in the middle of a line (truncated paste); facts before it were kept' : 'the last product block stops before its License Status line (truncated paste)',
    line: last.lineNo,
  });
  return true;
}

function looksCut(line: Line): boolean {
  const kind = line.kind;
  if (kind.type === 'other' || (kind.type === 'unknownKv' && kind.value === '')) {
    const key = labelKey(line.text);
    return key.length >= 3 && LABEL_KEYS.some((label) => label.startsWith(key) && label !== key);
  }
  if (kind.type !== 'field') return false;
  const value = kind.value;
  if (present(value) === null) return false;
  switch (kind.field) {
    case 'activationId':
    case 'applicationId':
    case 'cmid':
    case 'osppSkuId':
      return !isGuidShaped(value);
    case 'extendedPid':
    case 'hostPid':
      return !isExtendedPid(value);
    case 'licenseStatus':
      return lookupStatus(value) === null;
    case 'osppStatus':
      return !/-{3}\s*$/.test(value);
    case 'volumeExpiration':
    case 'timebasedExpiration':
    case 'avmaExpiration':
    case 'timeRemaining':
      return !/\)\s*\.?$/.test(value);
    case 'partialKey':
    case 'osppLast5':
      return value.trim().length < 5;
    default:
      return false;
  }
}

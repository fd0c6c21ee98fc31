/**
 * Product blocks of slmgr/ospp text: the parser's state, where a block starts and
 * ends, and the KMS client/host records a block carries.
 */
import type { ActivationErrorFact, Fact, KmsClientInfo, KmsHostFact, LicenseFact } from '../../model/facts.js';
import { unknownLicense } from '../../model/facts.js';
import type { ParseContext, Problem } from '../../model/report.js';
import type { FieldKey } from './labels.js';
import type { Line } from './lines.js';
import { parseRegionalDate } from './values.js';

type Section = 'none' | 'client' | 'host' | 'hostRequests' | 'ad' | 'token' | 'avma';

export interface Block {
  fact: LicenseFact;
  seen: Set<FieldKey | 'notInUse' | 'xpr'>;
  section: Section;
  kmsHost: KmsHostFact | null;
  /** ospp `/act` echo of the product (no state): reported as the success's product only. */
  isActAttempt: boolean;
  osppError: ActivationErrorFact | null;
  lastLineNo: number;
}

export interface State {
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
  /** The products ospp `/act` tried to activate (name, channel, partial key, SKU ID), kept unless `/dstatus` lists them too. */
  actIdentities: LicenseFact[];
}

function newLicense(state: State, origin: 'slmgr' | 'ospp', line: Line): LicenseFact {
  const base = { machine: state.ctx.defaultMachine, time: null, source: { file: state.ctx.file, line: line.lineNo }, origin };
  return unknownLicense(base, { serviceVersion: origin === 'slmgr' ? state.serviceVersion : null });
}

export function startBlock(state: State, origin: 'slmgr' | 'ospp', line: Line): Block {
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

export function closeBlock(state: State): void {
  const block = state.block;
  state.block = null;
  if (!block || block.seen.size === 0) return;
  setExpiresAt(block.fact);
  if (!block.isActAttempt) state.facts.push(block.fact);
  else state.actIdentities.push(block.fact);
  if (block.kmsHost) {
    block.kmsHost.product = block.fact.product;
    block.kmsHost.channel = block.fact.channel;
    state.facts.push(block.kmsHost);
  }
}

/** When activation runs out: the trusted time plus the minutes left, or the date /xpr printed. */
function setExpiresAt(fact: LicenseFact): void {
  let expiresAt: string | null = null;
  if (fact.minutesToExpiry !== null && fact.trustedTime) expiresAt = new Date(Date.parse(fact.trustedTime) + fact.minutesToExpiry * 60_000).toISOString();
  else if (fact.expiryText) expiresAt = parseRegionalDate(fact.expiryText).iso;
  if (expiresAt) fact.expiresAt = expiresAt;
}

/** Fields that appear once per product: seeing one again starts the next product. */
const BLOCK_FIELDS = new Set<FieldKey>(['name', 'description', 'activationId', 'applicationId', 'extendedPid', 'keyChannel', 'partialKey', 'licenseStatus']);
const OSPP_BLOCK_FIELDS = new Set<FieldKey>(['osppProductId', 'osppSkuId', 'osppName', 'osppDescription', 'osppStatus', 'osppLast5']);

export function blockFor(state: State, field: FieldKey, line: Line): Block {
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

export function kmsClientOf(block: Block): KmsClientInfo {
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

export function kmsHostOf(state: State, block: Block, line: Line): KmsHostFact {
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

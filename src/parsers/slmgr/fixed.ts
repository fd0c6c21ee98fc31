/**
 * Lines with no value (headers, "not in use", results), `Error:` lines and `/xpr` states.
 */
import type { LicenseState } from '../../model/facts.js';
import type { FixedLine } from './labels.js';
import type { Line, LineKind, XprState } from './lines.js';
import { blockFor, closeBlock, kmsClientOf, kmsHostOf, startBlock, type State } from './blocks.js';
import { isFailureCode } from './values.js';

/** Lines after an `Activating …` line within which its result is expected. */
const ACTIVATING_REACH = 6;

export function handleFixed(state: State, line: Line, fixed: FixedLine): void {
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

export function handleError(state: State, line: Line, kind: Extract<LineKind, { type: 'error' }>): void {
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
    ...(activating?.product ? { product: activating.product } : {}),
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

export function handleXprState(state: State, line: Line, xpr: XprState | 'permanent', dateText: string | null): void {
  const block = state.block && !state.block.seen.has('licenseStatus') ? state.block : startBlock(state, 'slmgr', line);
  block.seen.add('licenseStatus');
  block.seen.add('xpr');
  block.fact.licenseStatus = XPR_LICENSE_STATE[xpr];
  block.fact.expiryKind = xpr === 'volume' || xpr === 'timebased' || xpr === 'avma' ? xpr : xpr.endsWith('grace') ? 'grace' : null;
  block.fact.expiryText = dateText;
}

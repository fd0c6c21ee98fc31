/**
 * Unknown labels (a language the label table does not know): the value's shape and
 * the line's position in its block decide which field it is.
 */
import type { LicenseFact } from '../../model/facts.js';
import { ACTIVATION_TYPE_WORDS, type FieldKey, labelKey, lookupStatus } from './labels.js';
import type { Block, State } from './blocks.js';
import { isNonWindowsProduct, readPriority } from './fields.js';
import {
  isExtendedPid,
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
  parseMinutesDays,
  parseRegionalDate,
} from './values.js';

// Unknown labels: value shape and position decide.

/**
 * `<one word>: 0xC004F074 …` is an error line in a language whose Error word we do not
 * know, unless it is where a Notification Reason is expected (a notification block
 * that has no reason yet).
 */
export function looksLikeLocalizedError(state: State, label: string, value: string): boolean {
  if (!/^\S{1,12}$/u.test(label) || !/^0x[0-9a-f]{8}\b/i.test(value.trim())) return false;
  const block = state.block;
  const awaitingReason =
    block !== null &&
    block.seen.has('licenseStatus') &&
    !block.seen.has('notificationReason') &&
    (block.fact.licenseStatus === 'notification' || block.fact.licenseStatus === null);
  return !awaitingReason;
}

export function inferField(state: State, label: string, value: string): FieldKey | null {
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
    return firstUnseen(
      seen,
      [
        'requestsTotal',
        'requestsFailed',
        'requestsUnlicensed',
        'requestsLicensed',
        'requestsInitialGrace',
        'requestsExpiredOrHwid',
        'requestsNonGenuineGrace',
        'requestsNotification',
      ],
      isPlainInteger(v),
    );
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
  if (ACTIVATION_TYPE_WORDS[labelKey(v)]) return 'activationType';
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

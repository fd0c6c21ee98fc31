/**
 * Truncated pastes: the text stops inside a line or before a block's status line.
 */
import { t } from '../../i18n/index.js';
import { allLabelKeys, type FieldKey, labelKey } from './labels.js';
import { valueCompleteness } from './complete.js';
import type { Line } from './lines.js';
import type { State } from './blocks.js';
import { present } from './values.js';

const LABEL_KEYS = allLabelKeys();

/** Lines slmgr prints after `License Status:`: their presence means the status line was there (in a language we do not know). */
const AFTER_STATUS_FIELDS: FieldKey[] = [
  'volumeExpiration',
  'timebasedExpiration',
  'avmaExpiration',
  'timeRemaining',
  'notificationReason',
  'evaluationEndDate',
  'rearmWindows',
  'rearmApp',
  'rearmSku',
  'trustedTime',
  'activationType',
  'cmid',
  'hostCaching',
  'currentCount',
  'osppRemainingGrace',
  'osppErrorCode',
];

/** Flag the last block when the paste stops inside it; returns whether it did. */
export function markTruncation(state: State, lines: Line[]): boolean {
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
    message: t(cutLine ? 'problem.slmgr.cutLine' : 'problem.slmgr.cutBlock'),
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
  if (kind.type !== 'field' || present(kind.value) === null) return false;
  return valueCompleteness(kind.field, kind.value) === false;
}

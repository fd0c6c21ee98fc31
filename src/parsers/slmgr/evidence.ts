/**
 * Is this text slmgr/ospp output at all? Shared by the sniffer (classifyText, on the
 * first 64 KB) and the parser (on the whole text, so a README or a log that merely
 * contains `Name:` or `Error: 0x…` lines yields no facts).
 */
import type { Line } from './lines.js';
import type { FieldKey, FixedLine } from './labels.js';
import { GUID_ANYWHERE, isExtendedPid, isHostPort, looksLikeDescription, parseMinutesDays } from './values.js';

/** Fields ospp prints with the same label as slmgr: they say "slmgr-like" but not which. */
const SHARED_FIELDS = new Set<FieldKey>(['dnsHost', 'registeredHost', 'dnsAutoDiscovery', 'activationInterval', 'renewalInterval', 'hostCaching']);
/** Labels only slmgr/ospp print: one of them is evidence on its own. Others (`Name:`, `Current count:`) need company. */
const STRONG_FIELDS = new Set<FieldKey>([
  'licenseStatus', 'partialKey', 'extendedPid', 'keyChannel', 'activationId', 'applicationId', 'volumeExpiration',
  'timebasedExpiration', 'avmaExpiration', 'timeRemaining', 'notificationReason', 'rearmWindows', 'rearmApp', 'rearmSku',
  'trustedTime', 'cmid', 'hostPid', 'requestsTotal', 'requestsFailed', 'requestsUnlicensed', 'requestsLicensed',
  'requestsInitialGrace', 'requestsExpiredOrHwid', 'requestsNonGenuineGrace', 'requestsNotification',
  'osppStatus', 'osppLast5', 'osppName', 'osppRemainingGrace',
]);
const OSPP_FIXED = new Set<FixedLine>(['osppActivatedOk', 'osppProcessing', 'osppExiting', 'osppAttempting']);
/** Codes only activation reports: an `Error:` line with one of them is evidence on its own. */
const ACTIVATION_CODE = /^0x(C004|C00[3-7]|8007232[AB]|8007251D|800706BA|8007007B|80072EE[27])/i;

/**
 * 'ospp' when only ospp.vbs output is present, 'slmgr' when slmgr output (or a mix)
 * is, null when the lines are neither. Evidence is one strong signal (a `License
 * Status:` line, a `…, VOLUME_KMSCLIENT channel` description, an `Error: 0xC004…`
 * line, an ospp status token) or three distinct weaker ones.
 */
export function evidenceKind(lines: Line[]): 'slmgr' | 'ospp' | null {
  const slmgr = new Set<string>();
  const ospp = new Set<string>();
  const shared = new Set<string>();
  let strong = false;
  let banner = false;
  for (const line of lines) {
    const kind = line.kind;
    switch (kind.type) {
      case 'field': {
        const field = kind.field;
        const target = field.startsWith('ospp') ? ospp : SHARED_FIELDS.has(field) ? shared : slmgr;
        target.add(field);
        strong ||= STRONG_FIELDS.has(field);
        if ((field === 'description' || field === 'osppDescription') && looksLikeDescription(kind.value)) strong = true;
        break;
      }
      case 'fixed':
        if (kind.fixed === 'osppSeparator') break;
        (OSPP_FIXED.has(kind.fixed) ? ospp : slmgr).add(kind.fixed);
        strong ||= kind.fixed !== 'commandCompleted';
        break;
      case 'banner':
        banner = true;
        break;
      case 'error': {
        slmgr.add('error');
        banner ||= kind.afterBanner === true;
        if (kind.code && ACTIVATION_CODE.test(kind.code)) strong = true;
        break;
      }
      case 'activating':
        if (kind.activationIdText) slmgr.add('activating');
        break;
      case 'prompt':
        if (kind.command?.startsWith('ospp')) ospp.add('prompt');
        else if (kind.command?.startsWith('slmgr')) slmgr.add('prompt');
        break;
      case 'xprState':
        // `Volume activation will expire …` and its siblings are slmgr /xpr's own sentences.
        slmgr.add('xpr');
        strong = true;
        break;
      case 'unknownKv': {
        const value = kind.value;
        if (looksLikeDescription(value) || /VOLUME[_-]KMS/.test(value)) {
          slmgr.add('description-shape');
          strong = true;
        } else if (/-{3}(LICENSED|UNLICENSED|OOB_GRACE|OOT_GRACE|NOTIFICATIONS|NON_GENUINE_GRACE)-{3}/.test(value)) {
          ospp.add('status-token');
          strong = true;
        } else if (ACTIVATION_CODE.test(value) && /^\S{1,12}$/u.test(kind.label)) {
          slmgr.add('localized-error');
          strong = true;
        } else if (GUID_ANYWHERE.test(value)) {
          slmgr.add('guid-value');
        } else if (parseMinutesDays(value).matched) {
          slmgr.add('minutes-days');
        } else if (isExtendedPid(value)) {
          slmgr.add('extended-pid');
        } else if (isHostPort(value) && /:1688$/.test(value)) {
          slmgr.add('kms-host-port');
        }
        break;
      }
      default:
        break;
    }
  }
  // `Activating <product> (<ActivationID>) ...` followed by `Error: 0x…` is slmgr /ato, whatever the code
  // (0x80070005 when not elevated, 0x80072F8F for a TLS failure, …).
  strong ||= slmgr.has('activating') && slmgr.has('error');
  // The Windows Script Host banner and an `Error: 0x…` line: a saved cscript slmgr/ospp run that failed.
  strong ||= banner && slmgr.has('error');
  const distinct = slmgr.size + ospp.size + shared.size;
  if (!strong && distinct < 3) return null;
  if (slmgr.size > 0) return 'slmgr';
  if (ospp.size > 0) return 'ospp';
  return 'slmgr';
}

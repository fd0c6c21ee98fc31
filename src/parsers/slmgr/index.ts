/**
 * Saved or pasted `slmgr.vbs` and `ospp.vbs` output → facts.
 *
 * - `parseSlmgrText(text, ctx)`: every product block, KMS host block, error and
 *   activation result in a transcript (slmgr, ospp, or both mixed), any language.
 * - `classifyText(text)`: a cheap check for the sniffer: is this text evidence?
 */
import { classify, splitLines } from './lines.js';
import type { FieldKey, FixedLine } from './labels.js';
import { GUID_ANYWHERE, looksLikeDescription, parseMinutesDays } from './values.js';

export { parseSlmgrText } from './parse.js';

const CLASSIFY_CHARS = 64 * 1024;

/** Fields ospp prints with the same label as slmgr: they say "slmgr-like" but not which. */
const SHARED_FIELDS = new Set<FieldKey>(['dnsHost', 'registeredHost', 'dnsAutoDiscovery', 'activationInterval', 'renewalInterval', 'hostCaching']);
/** Labels plain enough to appear in any document (`Name:`, `Description:`): weak alone. */
const GENERIC_FIELDS = new Set<FieldKey>(['name', 'description', 'url', 'additionalInfo', 'osppProductId', 'osppSkuId', 'installationId', 'tokenGrantNumber', 'avmaActivationTime', 'aoName']);
const OSPP_FIXED = new Set<FixedLine>(['osppActivatedOk', 'osppProcessing', 'osppExiting', 'osppAttempting']);
/** Codes only activation reports: an `Error:` line with one of them is evidence on its own. */
const ACTIVATION_CODE = /^0x(C004|C00[3-7]|8007232[AB]|8007251D|800706BA|8007007B|80072EE[27])/i;

/**
 * 'ospp' when only ospp.vbs output is present, 'slmgr' when slmgr output (or a mix)
 * is, null when the text is neither. Looks at the first 64 KB only.
 */
export function classifyText(text: string): 'slmgr' | 'ospp' | null {
  const slmgr = new Set<string>();
  const ospp = new Set<string>();
  const shared = new Set<string>();
  let strong = false;
  for (const line of splitLines(text.slice(0, CLASSIFY_CHARS))) {
    const kind = line.kind.type === 'unknownKv' || line.kind.type === 'other' ? classify(line.text) : line.kind;
    switch (kind.type) {
      case 'field': {
        const field = kind.field;
        const target = field.startsWith('ospp') ? ospp : SHARED_FIELDS.has(field) ? shared : slmgr;
        target.add(field);
        if (!GENERIC_FIELDS.has(field) && !SHARED_FIELDS.has(field)) strong ||= isStrongField(field);
        if ((field === 'description' || field === 'osppDescription') && looksLikeDescription(kind.value)) strong = true;
        break;
      }
      case 'fixed':
        if (kind.fixed === 'osppSeparator') break;
        (OSPP_FIXED.has(kind.fixed) ? ospp : slmgr).add(kind.fixed);
        strong ||= kind.fixed !== 'commandCompleted';
        break;
      case 'error': {
        slmgr.add('error');
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
        slmgr.add('xpr');
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
        }
        break;
      }
      default:
        break;
    }
  }
  const distinct = slmgr.size + ospp.size + shared.size;
  if (!strong && distinct < 3) return null;
  if (slmgr.size > 0) return 'slmgr';
  if (ospp.size > 0) return 'ospp';
  return 'slmgr';
}

function isStrongField(field: FieldKey): boolean {
  return !field.startsWith('token') && !field.startsWith('ao') && field !== 'serviceVersion';
}

/**
 * One table decides when a field's value is complete. The wrap joiner (lines.ts)
 * joins the next line onto a value that is not known to be complete; the truncation
 * check (truncation.ts) calls the last line cut when its value is known to be cut.
 */
import { type FieldKey, lookupStatus } from './labels.js';
import { isExtendedPid, isGuidShaped, isHostPort, isIpAddress, looksLikeDescription } from './values.js';

/** true: the value has its full shape; false: it is cut short; null: its shape cannot tell. */
type Completeness = (value: string) => boolean | null;

const guid: Completeness = (v) => isGuidShaped(v);
const extendedPid: Completeness = (v) => isExtendedPid(v);
/** A host may be written without a port, a description in another language: only a full shape says anything. */
const hostPort: Completeness = (v) => (isHostPort(v) ? true : null);
const ipAddress: Completeness = (v) => (isIpAddress(v) ? true : null);
const description: Completeness = (v) => (looksLikeDescription(v) ? true : null);
/** `259197 minute(s) (180 day(s))` ends with its closing parenthesis (and maybe a full stop). */
const minutesDays: Completeness = (v) => /\)\s*\.?$/.test(v);
const licenseStatus: Completeness = (v) => lookupStatus(v) !== null && !v.endsWith('(') && (!v.includes('(') || v.endsWith(')'));
/** ospp `---LICENSED---`: the closing hyphens are the end. */
const osppStatus: Completeness = (v) => v.endsWith('---');
const lastFiveCharacters: Completeness = (v) => v.length >= 5;

const COMPLETENESS: Partial<Record<FieldKey, Completeness>> = {
  activationId: guid,
  applicationId: guid,
  cmid: guid,
  aoActivationId: guid,
  osppSkuId: guid,
  extendedPid,
  hostPid: extendedPid,
  aoPid: extendedPid,
  dnsHost: hostPort,
  registeredHost: hostPort,
  hostIp: ipAddress,
  description,
  osppDescription: description,
  volumeExpiration: minutesDays,
  timebasedExpiration: minutesDays,
  avmaExpiration: minutesDays,
  timeRemaining: minutesDays,
  licenseStatus,
  osppStatus,
  partialKey: lastFiveCharacters,
  osppLast5: lastFiveCharacters,
};

/** Is this value of `field` complete (true), cut (false), or can its shape not tell (null)? */
export function valueCompleteness(field: FieldKey, value: string): boolean | null {
  const v = value.trim();
  const check = COMPLETENESS[field];
  if (check) return check(v);
  // Counts, rearms, ports and intervals are plain numbers: a number is whole.
  return /^\d+$/.test(v) ? true : null;
}

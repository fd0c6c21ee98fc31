/**
 * What a machine is, read from its facts, for the inventory rows of every format
 * (csv/jsonl `--rows machines`, the html and markdown tables): its product,
 * license state, when activation runs out, the KMS host it talks to.
 * Facts only: a field the evidence does not carry stays null.
 */
import type { Fact, KmsRequestFact, LicenseFact, LicenseState } from '../model/facts.js';
import type { MachineReport, Verdict } from '../model/report.js';

export interface MachineInventory {
  /** The product the license state belongs to, `(+N more)` when the machine has others. */
  product: string | null;
  licenseState: LicenseState | null;
  /** ISO date when the evidence dates it; otherwise the words of the evidence (`14 days left`). */
  expiry: string | null;
  kmsHost: string | null;
  /** Newest evidence time (ISO) or null when the evidence is untimed text. */
  lastActivity: string | null;
  findings: number;
}

/** States that need attention first: a machine's row shows its least healthy product. */
const STATE_CONCERN: Record<LicenseState, number> = {
  unlicensed: 7,
  'nongenuine-grace': 6,
  notification: 5,
  'oot-grace': 4,
  'extended-grace': 3,
  'oob-grace': 2,
  unknown: 1,
  licensed: 0,
};

const MINUTES_PER_DAY = 1440;

function installedLicenses(facts: readonly Fact[]): LicenseFact[] {
  return facts.filter((fact): fact is LicenseFact => fact.kind === 'license' && fact.keyInstalled !== false && (fact.product !== null || fact.licenseStatus !== null));
}

function newestKmsRequest(facts: readonly Fact[]): KmsRequestFact | null {
  let newest: KmsRequestFact | null = null;
  for (const fact of facts) {
    if (fact.kind !== 'kms-request') continue;
    if (!newest || (fact.time ?? '') >= (newest.time ?? '')) newest = fact;
  }
  return newest;
}

function mostConcerning(licenses: readonly LicenseFact[]): LicenseFact | null {
  let chosen: LicenseFact | null = null;
  for (const license of licenses) {
    const concern = license.licenseStatus ? STATE_CONCERN[license.licenseStatus] : -1;
    const chosenConcern = chosen?.licenseStatus ? STATE_CONCERN[chosen.licenseStatus] : -1;
    if (!chosen || concern > chosenConcern) chosen = license;
  }
  return chosen;
}

function expiryOf(minutes: number | null, time: string | null): string | null {
  if (minutes === null || minutes <= 0) return null;
  if (time) {
    const at = Date.parse(time);
    if (!Number.isNaN(at)) return new Date(at + minutes * 60_000).toISOString().slice(0, 10);
  }
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  return `${days} day${days === 1 ? '' : 's'} left`;
}

function lastActivityOf(facts: readonly Fact[]): string | null {
  let latest: string | null = null;
  for (const fact of facts) if (fact.time && (latest === null || fact.time > latest)) latest = fact.time;
  return latest;
}

export function machineInventory(machine: MachineReport): MachineInventory {
  const licenses = installedLicenses(machine.facts);
  const license = mostConcerning(licenses);
  const request = newestKmsRequest(machine.facts);
  const others = new Set(licenses.map((l) => l.product).filter((p) => p !== null && p !== license?.product)).size;
  const product = license?.product ? `${license.product}${others > 0 ? ` (+${others} more)` : ''}` : null;
  const expiry = license
    ? expiryOf(license.minutesToExpiry, license.time) ?? license.evaluationEndDate ?? license.expiryText ?? null
    : expiryOf(request?.minutesToExpiry ?? null, request?.time ?? null);
  const client = license?.kmsClient;
  return {
    product,
    licenseState: license?.licenseStatus ?? request?.licenseStatus ?? null,
    expiry,
    kmsHost: request?.kmsHost ?? client?.registeredHost ?? client?.dnsHost ?? null,
    lastActivity: lastActivityOf(machine.facts),
    findings: machine.findings.length,
  };
}

/**
 * `unknown` (no activation evidence: nothing says whether activation was checked)
 * arrives with the trust work; the formats handle it already.
 */
export function isUnknownVerdict(verdict: Verdict): boolean {
  return (verdict as string) === 'unknown';
}

export const UNKNOWN_REASON = 'no activation evidence: nothing in the files shows whether activation was checked';

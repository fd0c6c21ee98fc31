/**
 * What a machine is, for the inventory rows of the formats (csv/jsonl `--rows
 * machines`, the html table): its product, license state, when activation runs
 * out, the KMS host it talks to. Read from the machine's status in the report; a
 * field the evidence does not carry stays null.
 */
import type { Fact, LicenseState } from '../model/facts.js';
import type { MachineReport, ProductStatus, Verdict } from '../model/report.js';
import { t } from '../i18n/index.js';

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

function expiryOf(minutes: number | null, time: string | null): string | null {
  if (minutes === null || minutes <= 0) return null;
  if (time) {
    const at = Date.parse(time);
    if (!Number.isNaN(at)) return new Date(at + minutes * 60_000).toISOString().slice(0, 10);
  }
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  return t('status.daysLeft', { count: days });
}

function lastActivityOf(facts: readonly Fact[]): string | null {
  let latest: string | null = null;
  for (const fact of facts) if (fact.time && (latest === null || fact.time > latest)) latest = fact.time;
  return latest;
}

/**
 * The row reads the machine's status (pipeline/assemble.ts, what `slmgr /dlv`
 * would show first): the product whose state needs attention most, its state,
 * days left and KMS host; the facts give the newest evidence time.
 */
export function machineInventory(machine: MachineReport): MachineInventory {
  const products = machine.status?.products ?? [];
  let chosen: ProductStatus | null = null;
  for (const product of products) {
    const concern = product.licenseStatus ? STATE_CONCERN[product.licenseStatus] : -1;
    const chosenConcern = chosen?.licenseStatus ? STATE_CONCERN[chosen.licenseStatus] : -1;
    if (!chosen || concern > chosenConcern) chosen = product;
  }
  const others = new Set(products.map((p) => p.product).filter((name) => name !== null && name !== chosen?.product)).size;
  const name = chosen ? (chosen.product ?? (chosen.office ? 'Office' : t('status.productNotNamed'))) : null;
  return {
    product: name && others > 0 ? t('note.inventory.otherProducts', { product: name, count: others }) : name,
    licenseState: chosen?.licenseStatus ?? null,
    expiry: expiryOf(chosen?.minutesToExpiry ?? null, null),
    kmsHost: chosen?.kmsHost ?? products.find((p) => p.kmsHost)?.kmsHost ?? null,
    lastActivity: lastActivityOf(machine.facts),
    findings: machine.findings.length,
  };
}

/**
 * `unknown` (no activation evidence: nothing says whether activation was checked)
 * arrives with the trust work; the formats handle it already.
 */
export function isUnknownVerdict(verdict: Verdict): boolean {
  return verdict === 'unknown';
}

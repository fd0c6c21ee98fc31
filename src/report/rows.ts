/** The machine inventory row shared by `csv` and `jsonl` (`--rows machines`). */
import type { LicenseState } from '../model/facts.js';
import type { Report, Verdict } from '../model/report.js';
import { machineInventory } from './inventory.js';

export const MACHINE_COLUMNS = ['machine', 'verdict', 'product', 'licenseState', 'expiry', 'kmsHost', 'lastActivity', 'findings'] as const;

export type MachineRow = {
  machine: string;
  verdict: Verdict;
  product: string | null;
  licenseState: LicenseState | null;
  expiry: string | null;
  kmsHost: string | null;
  lastActivity: string | null;
  findings: number;
};

/** One row per machine, in report order, healthy machines included. */
export function machineRows(report: Report): MachineRow[] {
  return report.machines.map((machine) => {
    const inventory = machineInventory(machine);
    return {
      machine: machine.name,
      verdict: machine.verdict,
      product: inventory.product,
      licenseState: inventory.licenseState,
      expiry: inventory.expiry,
      kmsHost: inventory.kmsHost,
      lastActivity: inventory.lastActivity,
      findings: inventory.findings,
    };
  });
}

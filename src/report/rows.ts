/** The machine inventory row shared by `csv` and `jsonl` (`--rows machines`). */
import type { Report, Verdict } from '../model/report.js';
import { machineInventory, type MachineInventory } from './inventory.js';

export const MACHINE_COLUMNS = ['machine', 'verdict', 'product', 'licenseState', 'expiry', 'kmsHost', 'lastActivity', 'findings'] as const;

export type MachineRow = { machine: string; verdict: Verdict } & MachineInventory;

/** One row per machine, in report order, healthy machines included. */
export function machineRows(report: Report): MachineRow[] {
  return report.machines.map((machine) => ({ machine: machine.name, verdict: machine.verdict, ...machineInventory(machine) }));
}

/** A machine's inventory row comes from its facts only; what the evidence lacks stays empty. */
import { describe, expect, it } from '@jest/globals';
import type { Fact } from '../../src/model/facts.js';
import type { MachineReport } from '../../src/model/report.js';
import { machineInventory } from '../../src/report/inventory.js';
import { kmsClientInfo, kmsRequest, license } from '../engine/fact-builders.js';

function machine(facts: Fact[]): MachineReport {
  return { name: 'PC01', verdict: 'ok', files: [], facts, findings: [] };
}

describe('machineInventory', () => {
  it('shows the product that needs attention most, and how many others there are', () => {
    const row = machineInventory(
      machine([
        license({ machine: 'PC01', licenseStatus: 'licensed', minutesToExpiry: 259199 }),
        license({ machine: 'PC01', product: 'Office 16, Office16ProPlusVL_KMS_Client edition', licenseStatus: 'oob-grace', minutesToExpiry: 20160 }),
        license({ machine: 'PC01', product: 'Office 16, Office16VisioProVL_KMS_Client edition', keyInstalled: false, licenseStatus: 'unlicensed' }),
      ]),
    );
    expect(row).toMatchObject({ product: 'Office 16, Office16ProPlusVL_KMS_Client edition (+1 more)', licenseState: 'oob-grace', expiry: '14 days left' });
  });

  it('dates the expiry when the evidence is timed, and takes the KMS host of the newest request', () => {
    const row = machineInventory(
      machine([
        kmsRequest({ machine: 'PC01', time: '2026-11-01T08:00:00.000Z', kmsHost: 'kms-old.corp.example.com', minutesToExpiry: 1440 }),
        kmsRequest({ machine: 'PC01', time: '2026-11-20T08:00:00.000Z', kmsHost: 'kms01.corp.example.com', licenseStatus: 'oob-grace', minutesToExpiry: 43200 }),
      ]),
    );
    expect(row).toEqual({ product: null, licenseState: 'oob-grace', expiry: '2026-12-20', kmsHost: 'kms01.corp.example.com', lastActivity: '2026-11-20T08:00:00.000Z', findings: 0 });
  });

  it('falls back to the host set with slmgr /skms, and leaves unknown fields empty', () => {
    expect(machineInventory(machine([license({ machine: 'PC01', kmsClient: kmsClientInfo({ registeredHost: 'kms02.corp.example.com' }) })])).kmsHost).toBe('kms02.corp.example.com');
    expect(machineInventory(machine([]))).toEqual({ product: null, licenseState: null, expiry: null, kmsHost: null, lastActivity: null, findings: 0 });
  });
});

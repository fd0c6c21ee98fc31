/** A machine's inventory row comes from its status in the report; what the evidence lacks stays empty. */
import { describe, expect, it } from '@jest/globals';
import type { MachineReport, ProductStatus } from '../../src/model/report.js';
import { machineInventory } from '../../src/report/inventory.js';
import { kmsRequest } from '../engine/fact-builders.js';

function product(fields: Partial<ProductStatus>): ProductStatus {
  return {
    product: 'Windows(R), Enterprise edition',
    office: false,
    licenseStatus: 'licensed',
    minutesToExpiry: 259199,
    kmsHost: null,
    source: { file: 'slmgr.txt', line: 1 },
    ...fields,
  };
}

function machine(products: ProductStatus[], facts: MachineReport['facts'] = []): MachineReport {
  return { name: 'PC01', verdict: 'ok', status: { products }, files: [], facts, findings: [] };
}

describe('machineInventory', () => {
  it('shows the product that needs attention most, and how many others there are', () => {
    const row = machineInventory(
      machine([
        product({}),
        product({
          product: 'Office 16, Office16ProPlusVL_KMS_Client edition',
          office: true,
          licenseStatus: 'oob-grace',
          minutesToExpiry: 20160,
          kmsHost: 'kms01.corp.example.com:1688',
        }),
      ]),
    );
    expect(row).toMatchObject({
      product: 'Office 16, Office16ProPlusVL_KMS_Client edition (+1 more)',
      licenseState: 'oob-grace',
      expiry: '14 days left',
      kmsHost: 'kms01.corp.example.com:1688',
    });
  });

  it('takes the newest evidence time from the facts', () => {
    const facts = [kmsRequest({ machine: 'PC01', time: '2026-11-01T08:00:00.000Z' }), kmsRequest({ machine: 'PC01', time: '2026-11-20T08:00:00.000Z' })];
    expect(machineInventory(machine([product({})], facts)).lastActivity).toBe('2026-11-20T08:00:00.000Z');
  });

  it('leaves what the evidence does not say empty', () => {
    expect(machineInventory(machine([]))).toEqual({ product: null, licenseState: null, expiry: null, kmsHost: null, lastActivity: null, findings: 0 });
  });
});

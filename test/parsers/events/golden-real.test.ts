/**
 * Golden tests on real exports (evtxexport conversions of real .evtx files,
 * see fixtures/README.md): the exact facts of the activation events in them.
 */
import { describe, expect, it } from '@jest/globals';
import { kindCounts, only, readFixture } from './helpers.js';

const AD_DC = 'real/anotherc0ne__AD-DC-Application.spp.xml';
const DESKTOP = 'real/fsjnaedbhnvgjihbenibensifb__applicationevtx-Application.spp.xml';
const ROGUE_MSI = 'real/sbousseaden__EVTX-ATTACK-SAMPLES-rogue_msi_url_1040_1042.spp.xml';
const INSIDER = 'real/omerbenamram__evtx-Application_no_crc32.spp.xml';

const SERVER_2022_DATACENTER = 'ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03';
const WINDOWS_APP_ID = '55c92734-d682-4d71-983e-d6ec3f16059f';

describe('real export: AWS Server 2022 domain controller (anotherc0ne/AD-DC-)', () => {
  it('reads every activation event and nothing else', async () => {
    const result = await readFixture(AD_DC);
    expect(result.problems).toEqual([]);
    expect(result.partial).toBe(false);
    expect(result.skippedReason).toBeUndefined();
    expect(kindCounts(result.facts)).toEqual({
      'kms-request': 3,
      'kms-response': 3,
      license: 8,
      'licensing-status': 46,
      rearm: 1,
    });
  });

  it('12288 at record 8056: the KMS request to the AWS KMS endpoint', async () => {
    const { facts } = await readFixture(AD_DC);
    // Data: 0x00000000, 0x00000000, 169.254.169.250:1688, 169721ce-…, 2023/05/24 01:12, 1, 5, 0, ef6cfc9f-…, 5
    // LicenseStatus 5 is Notification (the 8230 two records earlier says SL_LICENSING_STATUS_NOTIFICATION too).
    expect(only(facts, 8056, 'kms-request')).toEqual({
      kind: 'kms-request',
      machine: 'EC2AMAZ-U1F32CD',
      time: '2023-05-24T01:12:29.467Z',
      source: { file: AD_DC, line: 354, recordId: 8056 },
      provider: 'Microsoft-Windows-Security-SPP',
      eventId: 12288,
      hresult: '0x00000000',
      statusFlags: '0x00000000',
      statusFlagNames: [],
      kmsHost: '169.254.169.250',
      kmsPort: 1688,
      cmid: '169721ce-2886-4832-a037-e9459281751a',
      clientTime: '2023-05-24T01:12:00.000Z',
      licenseStatus: 'notification',
      minutesToExpiry: 0,
      activationId: SERVER_2022_DATACENTER,
      minimumCount: 5,
    });
  });

  it('12289 at record 8057: activated, host count 50, intervals 120 / 10080', async () => {
    const { facts } = await readFixture(AD_DC);
    expect(only(facts, 8057, 'kms-response')).toEqual({
      kind: 'kms-response',
      machine: 'EC2AMAZ-U1F32CD',
      time: '2023-05-24T01:12:30.145Z',
      source: { file: AD_DC, line: 376, recordId: 8057 },
      provider: 'Microsoft-Windows-Security-SPP',
      eventId: 12289,
      hresult: '0x00000000',
      statusFlags: '0x00000000',
      statusFlagNames: [],
      activated: true,
      currentCount: 50,
      activationInterval: 120,
      renewalInterval: 10080,
      clientTime: '2023-05-24T01:12:00.000Z',
    });
  });

  it('later 12288s come from the renamed machine WinADController (FQDN reduced to its first label)', async () => {
    const { facts } = await readFixture(AD_DC);
    const request = only(facts, 8693, 'kms-request');
    expect(request.machine).toBe('WinADController');
    expect(request.kmsHost).toBe('169.254.169.251');
    expect(request.licenseStatus).toBe('licensed');
    expect(request.minutesToExpiry).toBe(249120);
    const machines = new Set(facts.map((f) => f.machine));
    expect([...machines].sort()).toEqual(['EC2AMAZ-GQ0HEKD', 'EC2AMAZ-U1F32CD', 'WinADController', 'WinActDirContr']);
  });

  it('8230 at record 8054: rules-engine state before activation (notification, 0xC004F056, GVLK 6VM33)', async () => {
    const { facts } = await readFixture(AD_DC);
    const license = only(facts, 8054, 'license');
    expect(license).toMatchObject({
      origin: 'event',
      machine: 'EC2AMAZ-U1F32CD',
      time: '2023-05-24T01:12:23.846Z',
      licenseStatus: 'notification',
      errorCode: '0xC004F056',
      partialKey: '6VM33',
      keyChannel: 'Volume:GVLK',
      activationId: SERVER_2022_DATACENTER,
      applicationId: WINDOWS_APP_ID,
      minutesToExpiry: null,
      channel: null,
      product: null,
      truncated: false,
    });
  });

  it('8230 at record 8064: licensed after activation, 180 days left from GraceEndDate', async () => {
    const { facts } = await readFixture(AD_DC);
    const license = only(facts, 8064, 'license');
    expect(license.licenseStatus).toBe('licensed');
    expect(license.errorCode).toBe('0x00000000');
    // GraceEndDate=2023/11/20:01:12:31, event at 2023-05-24T01:12:32.697Z: 180 days minus 1.7 s
    expect(license.minutesToExpiry).toBe(180 * 24 * 60 - 1);
    expect(license.expiryKind).toBe('volume');
  });

  it('1003 at record 8037: per-SKU HRESULTs of the licensing status check', async () => {
    const { facts } = await readFixture(AD_DC);
    const status = only(facts, 8037, 'licensing-status');
    expect(status.applicationId).toBe(WINDOWS_APP_ID);
    expect(status.skus).toHaveLength(13);
    expect(status.skus[0]).toEqual({ skuId: '0dc876e0-7ab8-41c1-b8ba-2237d484cd26', hresult: '0xC004F014' });
    // "(0 [0xC004E003, 0, 0], …)…(3 [0x00000000, 0, 0], …)": one policy group succeeded
    expect(status.skus[12]).toEqual({ skuId: SERVER_2022_DATACENTER, hresult: '0x00000000' });
  });

  it('12306 at record 8025: rearm with SkuId (null) and 976 rearms left', async () => {
    const { facts } = await readFixture(AD_DC);
    expect(only(facts, 8025, 'rearm')).toMatchObject({
      machine: 'EC2AMAZ-GQ0HEKD',
      time: '2023-05-11T05:58:06.805Z',
      source: { file: AD_DC, line: 20, recordId: 8025 },
      applicationId: WINDOWS_APP_ID,
      skuId: null,
      remaining: 976,
    });
  });
});

describe('real export: Windows 10 desktop and Insider build', () => {
  it('Windows 10 22H2 (fsjnaedbhnvgjihbenibensifb): only 1003 status checks, machine DESKTOP-R36G4HP', async () => {
    const result = await readFixture(DESKTOP);
    expect(result.problems).toEqual([]);
    expect(kindCounts(result.facts)).toEqual({ 'licensing-status': 38 });
    expect(new Set(result.facts.map((f) => f.machine))).toEqual(new Set(['DESKTOP-R36G4HP']));
    const first = only(result.facts, 412, 'licensing-status');
    expect(first.skus).toHaveLength(51);
    expect(first.skus.find((s) => s.skuId === '4de7cb65-cdf1-4de9-8ae8-e3cce27b9f2c')?.hresult).toBe('0x00000000');
  });

  it('Insider 21286 (omerbenamram): a SKU whose only policy groups are 0xC004E003 and 0x00000000', async () => {
    const result = await readFixture(INSIDER);
    const status = only(result.facts, 435, 'licensing-status');
    expect(status.machine).toBe('DESKTOP-0HIJB49');
    expect(status.skus).toHaveLength(29);
    expect(status.skus[4]).toEqual({ skuId: '2b1f36bb-c1cd-4306-bf5c-a0367c2d97d8', hresult: '0x00000000' });
    expect(status.skus[0]!.hresult).toBe('0xC004F014');
  });
});

describe('real export: Windows 7 with Office 2010 (sbousseaden/EVTX-ATTACK-SAMPLES)', () => {
  it('1040 hardware change from both SPP and the Office Software Protection Platform', async () => {
    const result = await readFixture(ROGUE_MSI);
    expect(kindCounts(result.facts)).toEqual({ 'hardware-change': 5 });
    expect(only(result.facts, 2575, 'hardware-change')).toEqual({
      kind: 'hardware-change',
      machine: 'User-PC',
      time: '2019-03-23T18:35:40.000Z',
      source: { file: ROGUE_MSI, line: 1, recordId: 2575 },
      provider: 'Microsoft-Windows-Security-SPP',
      eventId: 1040,
      applicationId: WINDOWS_APP_ID,
      skuId: 'e838d943-63ed-4a0b-9fb1-47152908acc9',
    });
    expect(only(result.facts, 2854, 'hardware-change')).toMatchObject({
      provider: 'Office Software Protection Platform Service',
      applicationId: '59a52881-a989-479d-af46-f275c6370663',
      skuId: '8b559c37-0117-413e-921b-b853aeb6e210',
      source: { line: 47, recordId: 2854 },
    });
  });
});

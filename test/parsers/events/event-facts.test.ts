/**
 * Field-by-field tests for each activation event, from hand-written events in
 * the layouts events.md documents (failing cases, the KMS host log, Vista SLC, OSPP).
 */
import { describe, expect, it } from '@jest/globals';
import { byRecord, kindCounts, only, readFixture } from './helpers.js';

const CLIENT = 'handwritten/client-failing-events.xml';
const HOST = 'handwritten/kms-host-key-management-service.xml';
const WIN10_ENTERPRISE = 'ae2ee509-1b34-41c0-acb7-6d4650168915';

describe('client events', () => {
  it('12288 with 0xC004F074 (no KMS reachable)', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(only(facts, 501, 'kms-request')).toEqual({
      kind: 'kms-request',
      machine: 'PC07',
      time: '2026-03-01T10:00:00.000Z',
      source: { file: CLIENT, line: 1, recordId: 501 },
      provider: 'Microsoft-Windows-Security-SPP',
      eventId: 12288,
      hresult: '0xC004F074',
      statusFlags: '0x00000000',
      statusFlagNames: [],
      kmsHost: 'kms.fabrikam.example',
      kmsPort: 1688,
      cmid: '0c5d1f7b-2f5e-4c3b-9e54-0d0b7a3c8e11',
      clientTime: '2026-03-01T10:00:00.000Z',
      licenseStatus: 'oob-grace',
      minutesToExpiry: 43200,
      activationId: WIN10_ENTERPRISE,
      minimumCount: 25,
      // the event time plus the 43200 minutes (30 days) of grace left
      expiresAt: '2026-03-31T10:00:00.000Z',
    });
  });

  it('12288 in the older 9-field shape with a trailing comma, 0xc004f06c, extra spaces, unpadded date, IPv6 host', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(only(facts, 502, 'kms-request')).toMatchObject({
      time: '2010-09-29T17:52:11.000Z',
      hresult: '0xC004F06C',
      statusFlags: '0x00000000',
      kmsHost: 'fe80::1',
      kmsPort: 1688,
      clientTime: '2010-09-29T17:52:00.000Z',
      licenseStatus: 'oob-grace',
      minutesToExpiry: 41760,
      activationId: '68531fb9-5511-4989-97be-d11a0f55633f',
      minimumCount: null,
    });
  });

  it('12289 with NOT_ENOUGH_COUNT | OTHER_PC and a host count of 3', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(only(facts, 503, 'kms-response')).toMatchObject({
      time: '2026-03-01T10:00:01.500Z',
      hresult: '0xC004F038',
      statusFlags: '0x04000008',
      statusFlagNames: ['SL_VL_BINDING_STATUS_OTHER_PC', 'SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT'],
      activated: false,
      currentCount: 3,
      activationInterval: 120,
      renewalInterval: 10080,
      clientTime: '2026-03-01T10:00:00.000Z',
    });
  });

  it('8198 hr=0xC004F074 with the rules-engine arguments (SkuId → activationId); a time without Z is UTC', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(only(facts, 504, 'activation-error')).toMatchObject({
      time: '2026-03-01T10:00:02.000Z',
      eventId: 8198,
      hresult: '0xC004F074',
      context: 'event 8198 (license activation failed)',
      activationId: WIN10_ENTERPRISE,
      message: null,
    });
  });

  it('8200, 8208, 1014, 8233 and 12291 are activation errors with their own context', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(only(facts, 505, 'activation-error')).toMatchObject({ hresult: '0x80072EE7', context: 'event 8200 (license acquisition failure)', activationId: null });
    expect(only(facts, 506, 'activation-error')).toMatchObject({ hresult: '0x8007000D', eventId: 8208 });
    expect(only(facts, 507, 'activation-error')).toMatchObject({ hresult: '0xC004C003', eventId: 1014, activationId: WIN10_ENTERPRISE });
    expect(only(facts, 508, 'activation-error')).toMatchObject({ hresult: '0xC004F074', eventId: 8233, activationId: WIN10_ENTERPRISE });
    expect(only(facts, 513, 'activation-error')).toMatchObject({ hresult: '0x8007000E', eventId: 12291, context: 'event 12291 (KMS failed to start)' });
  });

  it('8230 in grace: which grace is not said, so the state is unknown; 30 days left from GraceEndDate', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(only(facts, 509, 'license')).toMatchObject({
      origin: 'event',
      licenseStatus: 'unknown',
      errorCode: '0xC004F074',
      partialKey: 'W269N',
      keyChannel: 'Volume:GVLK',
      keyInstalled: true,
      minutesToExpiry: 30 * 24 * 60,
      expiryKind: 'volume',
      activationId: WIN10_ENTERPRISE,
    });
  });

  it('12306 rearm with a SKU and 4 rearms left', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(only(facts, 510, 'rearm')).toMatchObject({ skuId: WIN10_ENTERPRISE, remaining: 4 });
  });

  it('keys on provider, EventID and Qualifiers: 16388/49152 and a 12288 with the error qualifier give no fact', async () => {
    const { facts } = await readFixture(CLIENT);
    expect(byRecord(facts, 511)).toEqual([]);
    expect(byRecord(facts, 512)).toEqual([]);
    expect(kindCounts(facts)).toEqual({ 'kms-request': 2, 'kms-response': 1, 'activation-error': 6, license: 1, rearm: 1 });
  });
});

describe('KMS host "Key Management Service" log', () => {
  it('12290 with bare commas and an unpadded date (the MS example)', async () => {
    const { facts } = await readFixture(HOST);
    expect(only(facts, 9001, 'kms-host-request')).toEqual({
      kind: 'kms-host-request',
      machine: 'KMS01',
      time: '2010-09-29T21:46:30.000Z',
      source: { file: HOST, line: 3, recordId: 9001 },
      provider: 'Microsoft-Windows-Security-SPP',
      eventId: 12290,
      hresult: '0xC004F06C',
      minimumCount: 5,
      client: 'PC07.ad.fabrikam.example',
      cmid: '36f27b39-4dc4-4a39-8a6b-1a3b7a1d3c0e',
      clientTime: '2010-09-29T21:46:00.000Z',
      isVirtual: false,
      licenseStatus: 'oob-grace',
      minutesToExpiry: 41520,
      activationId: '68531fb9-5511-4989-97be-d11a0f55633f',
    });
    expect(only(facts, 9002, 'kms-host-request')).toMatchObject({ hresult: '0x00000000', minimumCount: 25, isVirtual: true, licenseStatus: 'licensed' });
  });

  it('12293 DNS publishing failed with 0x80072338; 12294 succeeded', async () => {
    const { facts } = await readFixture(HOST);
    expect(only(facts, 9004, 'dns-publish')).toMatchObject({ ok: false, hresult: '0x80072338', domain: 'ad.fabrikam.example' });
    expect(only(facts, 9005, 'dns-publish')).toMatchObject({ ok: true, hresult: null, domain: 'ad.fabrikam.example' });
    expect(only(facts, 9003, 'activation-error')).toMatchObject({ hresult: '0xC004F015', context: 'event 12291 (KMS failed to start)' });
  });
});

describe('other providers', () => {
  it('Vista-era Microsoft-Windows-Security-Licensing-SLC: 12288, 12289 and the 6.0 one-Data 8198', async () => {
    const { facts } = await readFixture('handwritten/vista-licensing-slc.xml');
    expect(facts.map((f) => [f.kind, f.provider, f.machine])).toEqual([
      ['kms-request', 'Microsoft-Windows-Security-Licensing-SLC', 'VISTA-PC3'],
      ['kms-response', 'Microsoft-Windows-Security-Licensing-SLC', 'VISTA-PC3'],
      ['activation-error', 'Microsoft-Windows-Security-Licensing-SLC', 'VISTA-PC3'],
    ]);
    expect(only(facts, 302, 'kms-response')).toMatchObject({ hresult: '0x00000000', statusFlagNames: ['SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT'], currentCount: 4 });
    expect(only(facts, 303, 'activation-error')).toMatchObject({ hresult: '0xC004F074', activationId: null });
  });

  it('Office Software Protection Platform Service (no Guid): 12288 with N-policy 5 and 8198', async () => {
    const { facts } = await readFixture('handwritten/office-ospp.xml');
    expect(only(facts, 701, 'kms-request')).toMatchObject({
      provider: 'Office Software Protection Platform Service',
      machine: 'OFFICE-PC9',
      hresult: '0xC004F074',
      minimumCount: 5,
      activationId: '6f327760-8c5c-417c-9b61-836a98287e0c',
    });
    expect(only(facts, 702, 'activation-error')).toMatchObject({ hresult: '0xC004F074' });
  });

  it('the SPP-UX-Notifications decoy (same name prefix) and MsiInstaller events are skipped', async () => {
    const { facts } = await readFixture('shapes/wevtutil-oneline.xml');
    expect(byRecord(facts, 40010)).toEqual([]);
    expect(byRecord(facts, 40013)).toEqual([]);
  });
});

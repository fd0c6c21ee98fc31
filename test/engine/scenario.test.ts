/**
 * Whole machines (event-like and text-like facts together) through the shipped
 * rules: the verdict and the first finding an admin would read.
 */
import { describe, expect, it } from '@jest/globals';
import { EVIDENCE_CAP, evaluate, loadRules } from '../../src/engine/index.js';
import type { Fact } from '../../src/model/facts.js';
import { fixtureCatalog } from './catalog-fixture.js';
import { fleetInventory, verdictOf } from '../../src/pipeline/assemble.js';
import {
  activationError,
  activationSuccess,
  dnsPublish,
  kmsClientInfo,
  kmsHost,
  kmsHostRequest,
  kmsRequest,
  kmsResponse,
  license,
} from './fact-builders.js';

const catalog = fixtureCatalog();
const rules = loadRules(undefined, catalog);

function diagnose(name: string, facts: Fact[]) {
  const result = evaluate([{ name, facts }], rules, catalog);
  const machine = result.machines[0]!;
  return { ...machine, verdict: verdictOf(machine.findings, facts), ruleIds: machine.findings.map((f) => f.ruleId), fleet: result.fleetFindings };
}

describe('one machine at a time', () => {
  it('a KMS client whose host count is too low: failing, count finding first with the numbers quoted', () => {
    const m = 'PC07';
    const request = kmsRequest({ machine: m, time: '2026-10-02T08:17:33.000Z', hresult: '0xC004F038', kmsHost: 'kms01.corp.example', minimumCount: 25, licenseStatus: 'oob-grace' });
    const response = kmsResponse({ machine: m, time: '2026-10-02T08:17:34.000Z', hresult: '0xC004F038', activated: false, currentCount: 4, statusFlagNames: ['SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT'] });
    const slmgrError = activationError({ machine: m, time: null, hresult: '0xC004F038', context: 'slmgr /ato' });
    const result = diagnose(m, [
      request,
      response,
      slmgrError,
      license({ machine: m, licenseStatus: 'oob-grace', minutesToExpiry: 40320, expiryKind: 'grace', kmsClient: kmsClientInfo({ dnsHost: 'kms01.corp.example', dnsPort: 1688 }) }),
    ]);
    expect(result.verdict).toBe('failing');
    const first = result.findings[0]!;
    expect(first).toMatchObject({ ruleId: 'kms-count-below-threshold', severity: 'error', code: '0xC004F038', recovered: false });
    expect(first.title).toBe('KMS count 4 is below the 25 Windows(R), Enterprise edition needs'); // the machine's only installed product
    expect(first.cause).toContain('kms01.corp.example reported a current count of 4');
    // the count is checked on the host, not on this client
    expect(first.nextCommand).toBeNull();
    expect(first.runOn).toEqual({ machines: ['kms01.corp.example'], command: 'cscript slmgr.vbs /dlv' });
    // its own evidence (response, then the paired request), then the slmgr line of the generic finding it replaced
    expect(first.evidence).toEqual([response.source, request.source, slmgrError.source]);
    expect(result.ruleIds).not.toContain('activation-failed');
    expect(result.ruleIds).toContain('license-grace');
  });

  it.each([
    ['en', 'the KMS host'],
    ['de', 'dem KMS-Host'],
    ['ja', 'KMS ホスト'],
  ] as const)('%s: a count finding whose host the evidence does not name is run on "the KMS host", in the language', (lang, host) => {
    const m = 'PC07';
    const facts = [
      kmsRequest({ machine: m, time: '2026-10-02T08:17:33.000Z', hresult: '0xC004F038', kmsHost: null, minimumCount: 25, licenseStatus: 'oob-grace' }),
      kmsResponse({ machine: m, time: '2026-10-02T08:17:34.000Z', hresult: '0xC004F038', activated: false, currentCount: 4, statusFlagNames: ['SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT'] }),
    ];
    const finding = evaluate([{ name: m, facts }], rules, catalog, { lang }).machines[0]!.findings.find((f) => f.ruleId === 'kms-count-below-threshold')!;
    expect(finding.runOn).toEqual({ machines: [host], command: 'cscript slmgr.vbs /dlv' });
  });

  it('one explanation per code: the silent host replaces the persistent and the slmgr findings and takes their evidence', () => {
    const m = 'PC08';
    const first = kmsRequest({ machine: m, time: '2026-10-01T08:00:00.000Z', hresult: '0xC004F074', kmsHost: 'kms01.corp.example' });
    const second = kmsRequest({ machine: m, time: '2026-10-05T08:00:00.000Z', hresult: '0xC004F074', kmsHost: 'kms01.corp.example' });
    const slmgrError = activationError({ machine: m, hresult: '0xC004F074', context: 'slmgr /ato' });
    const result = diagnose(m, [first, second, slmgrError]);
    expect(result.findings.map((f) => [f.ruleId, f.code])).toEqual([['kms-request-no-response', '0xC004F074']]);
    expect(result.findings[0]!.evidence).toEqual([second.source, first.source, slmgrError.source]);
    expect(result.findings[0]!.nextCommand).toBe('Test-NetConnection kms01.corp.example -Port 1688');
  });

  it('a failure only the generic rules know: the persistent finding replaces activation-failed', () => {
    const m = 'PC10';
    const facts = ['2026-10-01', '2026-10-03', '2026-10-06'].map((day) =>
      activationError({ machine: m, time: `${day}T08:00:00.000Z`, hresult: '0xC004F056', context: 'event 8198' }),
    );
    const result = diagnose(m, facts);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['activation-failure-persistent']);
    expect(result.findings[0]!.title).toBe('0xC004F056 has repeated for 5 days');
  });

  it('the real AWS Server 2022 log (samples/events/anotherc0ne__AD-DC-): notification before the first activation, then renewals: ok', () => {
    // Facts transcribed from the sample's 8230, 12288 and 12289 records (first activation and two weekly renewals).
    const m = 'EC2AMAZ-DC';
    const file = 'samples/events/anotherc0ne__AD-DC-/Application.spp.xml';
    const sku = 'ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03';
    const cmid = '169721ce-2886-4832-a037-e9459281751a';
    const rule8230 = (time: string, state: 'notification' | 'licensed', reason: string, recordId: number) =>
      license({ machine: m, time, source: { file, recordId }, origin: 'event', product: null, description: null, channel: null, keyChannel: 'Volume:GVLK', activationId: sku, partialKey: '6VM33', licenseStatus: state, errorCode: reason, minutesToExpiry: null, expiryKind: null, rearmWindows: null, rearmSku: null });
    const pair = (day: string, host: string, status: 'notification' | 'licensed', minutes: number, recordId: number) => [
      kmsRequest({ machine: m, time: `2023-${day}T01:12:29.467Z`, source: { file, recordId }, kmsHost: host, cmid, licenseStatus: status, minutesToExpiry: minutes, activationId: sku, minimumCount: 5 }),
      kmsResponse({ machine: m, time: `2023-${day}T01:12:30.145Z`, source: { file, recordId: recordId + 1 }, currentCount: 50 }),
    ];
    const facts = [
      rule8230('2023-05-24T01:12:23.846Z', 'notification', '0xC004F056', 100),
      ...pair('05-24', '169.254.169.250', 'notification', 0, 101),
      rule8230('2023-05-24T01:12:32.697Z', 'licensed', '0x00000000', 103),
      ...pair('05-31', '169.254.169.251', 'licensed', 249120, 104),
      ...pair('06-07', '169.254.169.251', 'licensed', 249120, 106),
    ];
    const result = evaluate([{ name: m, facts }], rules, catalog);
    const machine = result.machines[0]!;
    expect(verdictOf(machine.findings, facts)).toBe('ok');
    expect(machine.findings.map((f) => [f.ruleId, f.code, f.severity, f.recovered])).toEqual([
      ['license-notification', '0xC004F056', 'info', true],
    ]);
    // the hosts in use are inventory (pipeline/assemble.ts fleetInventory), not a finding
    expect(result.fleetFindings).toEqual([]);
    expect(fleetInventory([{ name: m, facts }]).kmsHosts.map((h) => [h.host, h.requests, h.failed])).toEqual([
      ['169.254.169.250', 1, 0],
      ['169.254.169.251', 2, 0],
    ]);
  });

  it('a command template with a missing value gives way to the catalog command', () => {
    const m = 'PC11';
    const result = diagnose(m, [kmsRequest({ machine: m, time: '2026-10-02T08:00:00.000Z', hresult: '0xC004F074', kmsHost: null, kmsPort: null })]);
    expect(result.findings[0]).toMatchObject({ ruleId: 'kms-request-no-response', nextCommand: catalog.get('0xC004F074')!.resolution[1]!.command });
  });

  it('renewal noise: a failed renewal followed by a successful one is ok with a recovered note', () => {
    const m = 'PC01';
    const result = diagnose(m, [
      kmsRequest({ machine: m, time: '2026-10-01T08:00:00.000Z', hresult: '0xC004F074', kmsHost: 'kms01.corp.example' }),
      kmsRequest({ machine: m, time: '2026-10-01T10:00:00.000Z', hresult: '0x00000000', kmsHost: 'kms01.corp.example' }),
      kmsResponse({ machine: m, time: '2026-10-01T10:00:01.000Z', currentCount: 48 }),
      license({ machine: m, licenseStatus: 'licensed', minutesToExpiry: 259000 }),
    ]);
    expect(result.verdict).toBe('ok');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'kms-request-no-response', severity: 'info', recovered: true, code: '0xC004F074' });
    expect(result.findings[0]!.cause).toContain('2026-10-01T10:00:01.000Z');
  });

  it("slmgr's generic 0xC004F074 gives way to the event's specific code for the same attempt", () => {
    const m = 'PC02';
    const actId = '2d5a5a60-3040-48bf-beb0-fcd770c20ce0';
    const result = diagnose(m, [
      kmsRequest({ machine: m, time: '2010-09-29T17:52:00.000Z', clientTime: '2010-09-29T17:52:00.000Z', hresult: '0xC004F06C', kmsHost: 'kms01.corp.example', activationId: actId, licenseStatus: 'oob-grace', minutesToExpiry: 41760, minimumCount: 5 }),
      activationError({ machine: m, hresult: '0xC004F074', context: 'slmgr /ato', activationId: actId }),
    ]);
    expect(result.verdict).toBe('failing');
    expect(result.findings[0]).toMatchObject({ ruleId: 'kms-time-skew', code: '0xC004F06C' });
    expect(result.findings.map((f) => f.code)).not.toContain('0xC004F074');
  });

  it('DNS SRV missing on the client: slmgr /dlv text plus the /ato error', () => {
    const m = 'PC03';
    const result = diagnose(m, [
      license({ machine: m, licenseStatus: 'oob-grace', minutesToExpiry: 43000, expiryKind: 'grace', kmsClient: kmsClientInfo({ dnsDiscoveryFailed: true }) }),
      activationError({ machine: m, hresult: '0x8007232B', context: 'slmgr /ato' }),
    ]);
    expect(result.verdict).toBe('failing');
    expect(result.findings[0]).toMatchObject({ ruleId: 'kms-dns-srv-missing', code: '0x8007232B', nextCommand: 'nslookup -type=srv _vlmcs._tcp' });
    expect(result.findings[0]!.evidence).toHaveLength(2);
  });

  it('a healthy KMS client (sample en/011: licensed, 177 days, host from DNS) has no finding', () => {
    const m = 'SRV2012';
    const result = diagnose(m, [
      license({
        machine: m, product: 'Windows(R), ServerStandard edition', licenseStatus: 'licensed', minutesToExpiry: 253564,
        kmsClient: kmsClientInfo({ dnsHost: 'bisv229.corp.giag.net', dnsPort: 1688, hostIp: '10.5.213.229', cmid: 'f9d4e20a-0000-0000-0000-000000000000' }),
      }),
    ]);
    expect(result).toMatchObject({ verdict: 'ok', findings: [] });
  });

  it('a KMS host with count 2 (sample en/021): failing on its own count', () => {
    const m = 'KMSHOST';
    const result = diagnose(m, [
      license({ machine: m, product: 'Windows(R), ServerEnterprise edition', channel: 'VOLUME_KMS_C', keyChannel: 'Volume:CSVLK' }),
      kmsHost({ machine: m, currentCount: 2, requests: { total: 826, failed: 0, unlicensed: 0, licensed: 826, initialGrace: 0, expiredOrHwid: 0, nonGenuineGrace: 0, notification: 0 } }),
    ]);
    expect(result.verdict).toBe('failing');
    expect(result.findings[0]).toMatchObject({ ruleId: 'kms-host-count-below-minimum', code: '0xC004F038' });
    expect(result.ruleIds).not.toContain('kms-host-key-on-client');
  });

  it('an evaluation edition in its initial grace period (sample en/010) is a warning with the days left', () => {
    const m = 'WIN7EVAL';
    const result = diagnose(m, [
      license({ machine: m, product: 'Windows(R) 7, Enterprise edition', channel: 'TIMEBASED_EVAL', keyChannel: null, licenseStatus: 'oob-grace', minutesToExpiry: 12960, expiryKind: 'grace', rearmWindows: 2 }),
    ]);
    expect(result.verdict).toBe('warning');
    expect(result.findings[0]).toMatchObject({ ruleId: 'license-grace', severity: 'warning' });
    expect(result.findings[0]!.title).toContain('9 days left');
  });

  it('the KMS host publishing failure and the clients that miss the record are one story in the fleet', () => {
    const result = evaluate(
      [
        { name: 'KMS01', facts: [dnsPublish({ machine: 'KMS01', time: '2026-10-02T06:00:00.000Z', ok: false, hresult: '0x80072338' })] },
        { name: 'PC01', facts: [activationError({ machine: 'PC01', time: '2026-10-02T08:00:00.000Z', hresult: '0x8007232B', context: 'event 8198' })] },
      ],
      rules,
      catalog,
    );
    expect(result.machines.map((m) => [m.name, verdictOf(m.findings, []), m.findings[0]?.ruleId])).toEqual([
      ['KMS01', 'failing', 'kms-dns-publish-failed'],
      ['PC01', 'failing', 'kms-dns-srv-missing'],
    ]);
    expect(result.fleetFindings.map((f) => f.ruleId)).toContain('kms-srv-missing-because-host-cannot-publish');
  });

  it('a KMS host that sees cloned clients reports the shared CMID', () => {
    const m = 'KMS01';
    const cmid = '36f27b39-0000-0000-0000-000000000001';
    const result = diagnose(m, ['PC01', 'PC02', 'PC03'].map((client, i) =>
      kmsHostRequest({ machine: m, time: `2026-10-02T0${i}:00:00.000Z`, client: `${client}.corp.example`, cmid, hresult: '0xC004F038' }),
    ));
    expect(result.findings[0]).toMatchObject({ ruleId: 'duplicate-cmid-seen-by-host', severity: 'error' });
    expect(result.findings[0]!.cause).toContain('(PC01, PC02, PC03)');
    expect(result.ruleIds).not.toContain('kms-host-rejects-requests');
  });
});

describe('findings are ordered, capped and deterministic', () => {
  const m = 'PC09';
  const facts: Fact[] = [
    ...Array.from({ length: 30 }, (_, i) =>
      kmsRequest({ machine: m, time: new Date(Date.UTC(2026, 9, 1 + (i % 10), i)).toISOString(), hresult: '0xC004F042', kmsHost: 'kms01' }),
    ),
    license({ machine: m, licenseStatus: 'licensed', minutesToExpiry: 10000 }),
    activationError({ machine: m, time: '2026-10-20T00:00:00.000Z', hresult: '0x803F7001', context: 'event 8198' }),
  ];

  it('orders by severity, then newest first', () => {
    const { findings } = diagnose(m, facts);
    expect(findings.map((f) => [f.severity, f.ruleId])).toEqual([
      ['error', 'kms-host-not-usable'],
      ['error', 'volume-activation-expires-within-7-days'],
      ['warning', 'activation-failed-unknown-code'],
    ]);
  });

  it('caps evidence at 20, newest first, and counts the rest', () => {
    const finding = diagnose(m, facts).findings.find((f) => f.ruleId === 'kms-host-not-usable')!;
    expect(finding.evidence).toHaveLength(EVIDENCE_CAP);
    expect(finding.moreEvidence).toBe(10);
    const recordIds = finding.evidence.map((e) => e.recordId!);
    expect(new Set(recordIds).size).toBe(EVIDENCE_CAP);
    const newest = facts.filter((f) => f.kind === 'kms-request').map((f) => f.time!).sort().at(-1);
    expect(finding.time).toBe(newest);
    const shownTimes = finding.evidence.map((e) => facts.find((f) => f.source.recordId === e.recordId)!.time!);
    expect(shownTimes).toEqual([...shownTimes].sort().reverse());
  });

  it('gives the same result whatever the input order', () => {
    const forward = evaluate([{ name: m, facts }], rules, catalog);
    const reversed = evaluate([{ name: m, facts: [...facts].reverse() }], rules, catalog);
    expect(reversed).toEqual(forward);
  });

  it('treats machine names case-insensitively', () => {
    const result = evaluate([{ name: 'pc09', facts: facts.slice(0, 5) }, { name: 'PC09', facts: facts.slice(5) }], rules, catalog);
    expect(result.machines).toHaveLength(1);
  });

  it('a success after the failures makes the machine ok', () => {
    const result = diagnose(m, [...facts.slice(0, 30), activationSuccess({ machine: m, time: '2026-10-21T00:00:00.000Z' })]);
    expect(result.verdict).toBe('ok');
    expect(result.findings.every((f) => f.recovered && f.severity === 'info')).toBe(true);
  });
});

describe('clocks that lie (issue 20 case 5)', () => {
  const m = 'PC21';
  const file = `fleet/${m}/Application.xml`;
  // one success stamped 2099 (record 100), then ten failures logged after it (records 101..110)
  const success = [
    kmsRequest({ machine: m, time: '2099-01-01T00:00:00.000Z', hresult: '0x00000000', kmsHost: 'kms01', source: { file, recordId: 100 } }),
    kmsResponse({ machine: m, time: '2099-01-01T00:00:01.000Z', hresult: '0x00000000', activated: true, source: { file, recordId: 101 } }),
  ];
  const failures = Array.from({ length: 10 }, (_, i) =>
    kmsRequest({ machine: m, time: `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`, hresult: '0xC004F074', kmsHost: 'kms01', source: { file, recordId: 102 + i } }),
  );
  const before = kmsRequest({ machine: m, time: '2026-11-01T08:00:00.000Z', hresult: '0x00000000', kmsHost: 'kms01', source: { file, recordId: 99 } });

  it('a success dated after the scan does not mark the failures logged after it as recovered', () => {
    const result = diagnose(m, [...success, ...failures, before]);
    expect(result.verdict).toBe('failing');
    expect(result.findings.find((finding) => finding.ruleId === 'kms-request-no-response')?.recovered).toBe(false);
  });

  it('the same success with a sane clock still recovers them', () => {
    const sane = success.map((fact, i) => ({ ...fact, time: `2026-11-30T08:00:0${i}.000Z`, clientTime: `2026-11-30T08:00:0${i}.000Z` }));
    const result = diagnose(m, [...sane, ...failures, before]);
    expect(result.findings.map((finding) => [finding.ruleId, finding.recovered])).toEqual([['kms-request-no-response', true]]);
  });
});

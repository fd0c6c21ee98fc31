import { describe, expect, it } from '@jest/globals';
import { FACT_KINDS } from '../../src/model/facts.js';
import { render } from '../../src/report/index.js';
import { readSchema } from '../../src/data/schema.js';
import { validateReport } from '../../src/report/schema.js';
import { loadFixtureReport } from './fixtures/load.js';

interface SchemaShape {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
}

describe('schema/report.schema.json', () => {
  it('accepts the fixture report and the json rendering of it', () => {
    const report = loadFixtureReport();
    expect(validateReport(report)).toEqual([]);
    expect(validateReport(JSON.parse(render(report, 'json', { color: false })))).toEqual([]);
  });

  it('describes every fact kind of src/model/facts.ts', () => {
    const schema = readSchema('report') as unknown as SchemaShape;
    for (const kind of FACT_KINDS) expect(schema.definitions[`fact-${kind}`]).toBeDefined();
    const kindEnum = (schema.definitions.fact!.properties!.kind as { enum: string[] }).enum;
    expect([...kindEnum].sort()).toEqual([...FACT_KINDS].sort());
  });

  it('rejects a lower-case HRESULT with the path of the field', () => {
    const report = loadFixtureReport();
    const fact = report.machines[0]!.facts[0]!;
    if (fact.kind !== 'kms-request') throw new Error('fixture changed: first PC01 fact should be a kms-request');
    fact.hresult = '0xc004f074';
    expect(validateReport(report)).toContainEqual(expect.stringContaining('"machines[0].facts[0].hresult"'));
  });

  it('rejects an unknown fact kind, a fact without source and a bad verdict', () => {
    const report = loadFixtureReport() as unknown as { machines: { verdict: string; facts: Record<string, unknown>[] }[] };
    report.machines[0]!.facts[0]!.kind = 'kms-guess';
    delete report.machines[1]!.facts[0]!.source;
    report.machines[2]!.verdict = 'broken';
    const errors = validateReport(report);
    expect(errors).toContainEqual(expect.stringContaining('"machines[0].facts[0].kind"'));
    expect(errors).toContainEqual(expect.stringContaining('"machines[1].facts[0].source"'));
    expect(errors).toContainEqual(expect.stringContaining('"machines[2].verdict"'));
  });

  it('rejects a wrong schemaVersion and non-objects', () => {
    expect(validateReport({ ...loadFixtureReport(), schemaVersion: 2 })).not.toEqual([]);
    expect(validateReport(null)).not.toEqual([]);
    expect(validateReport('report')).not.toEqual([]);
  });

  it('accepts facts of the other kinds with their fields', () => {
    const report = loadFixtureReport();
    const source = { file: 'evidence/KMS01/KeyManagementService.xml', line: 4, recordId: 9 };
    report.machines[0]!.facts.push(
      { kind: 'kms-host-request', machine: 'KMS01', time: '2026-09-20T10:00:00.000Z', source, hresult: '0x00000000', minimumCount: 25, client: 'PC01.corp.example.com', cmid: null, clientTime: null, isVirtual: false, licenseStatus: 'oob-grace', minutesToExpiry: 43200, activationId: null },
      { kind: 'dns-publish', machine: 'KMS01', time: null, source, ok: false, hresult: '0x8007232B', domain: 'corp.example.com' },
      { kind: 'kms-host', machine: 'KMS01', time: null, source, product: null, channel: 'VOLUME_KMS_C', currentCount: 2, port: 1688, dnsPublishing: true, priority: 'normal', requests: { total: 826, failed: 0, unlicensed: 0, licensed: 826, initialGrace: 0, expiredOrHwid: 0, nonGenuineGrace: 0, notification: 0 } },
      { kind: 'licensing-status', machine: 'PC01', time: null, source, applicationId: null, skus: [{ skuId: 'a', hresult: '0xC004F014' }] },
      { kind: 'rearm', machine: 'PC01', time: null, source, applicationId: null, skuId: null, remaining: 2 },
      { kind: 'hardware-change', machine: 'PC01', time: null, source, applicationId: null, skuId: null },
    );
    expect(validateReport(report)).toEqual([]);
  });
});

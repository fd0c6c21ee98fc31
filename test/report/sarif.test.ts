import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import { evidenceUri, type SarifLog } from '../../src/report/sarif.js';
import { TEST_CATALOG } from './fixtures/catalog.js';
import { loadFixtureReport } from './fixtures/load.js';

function sarifOf(withCatalog: boolean): SarifLog {
  return JSON.parse(render(loadFixtureReport(), 'sarif', { color: false, catalog: withCatalog ? TEST_CATALOG : undefined })) as SarifLog;
}

describe('sarif', () => {
  it('has the SARIF 2.1.0 required shape', () => {
    const log = sarifOf(true);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('activation-doctor');
    expect(Array.isArray(run.tool.driver.rules)).toBe(true);
    for (const result of run.results) {
      expect(typeof result.ruleId).toBe('string');
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(Array.isArray(result.locations)).toBe(true);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    }
  });

  it('has one result per finding, fleet findings included', () => {
    const report = loadFixtureReport();
    const findings = report.machines.reduce((n, m) => n + m.findings.length, 0) + report.fleetFindings.length;
    expect(sarifOf(false).runs[0]!.results).toHaveLength(findings);
  });

  it('lists each rule once, sorted by id', () => {
    const ids = sarifOf(true).runs[0]!.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('maps severities to levels: error, warning, info → note, recovered → note', () => {
    const results = sarifOf(false).runs[0]!.results;
    const level = (ruleId: string): string | undefined => results.find((r) => r.ruleId === ruleId)?.level;
    expect(level('kms-host-unreachable')).toBe('error');
    expect(level('kms-grace-expiring')).toBe('warning');
    expect(level('info-note')).toBe('note');
    expect(level('kms-dns-srv-missing')).toBe('note');
  });

  it('points locations at the evidence file and line, with the record id as a property', () => {
    const result = sarifOf(false).runs[0]!.results.find((r) => r.ruleId === 'kms-host-unreachable')!;
    expect(result.locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'evidence/PC01/Application.xml' }, region: { startLine: 299 } },
      properties: { recordId: 40089 },
    });
  });

  it('takes rule metadata from the catalog when given', () => {
    const rule = sarifOf(true).runs[0]!.tool.driver.rules.find((r) => r.id === 'kms-host-unreachable')!;
    expect(rule.shortDescription.text).toBe('No KMS host could be contacted');
    expect(rule.fullDescription.text).toBe(
      '0xC004F074 (SL_E_VL_AD_AO_NOT_FOUND): No Key Management Service (KMS) could be contacted. The KMS host is not reachable on TCP 1688, or its DNS record points nowhere.',
    );
    const fleet = sarifOf(true).runs[0]!.tool.driver.rules.find((r) => r.id === 'fleet-duplicate-cmid')!;
    expect(fleet.shortDescription.text).toBe('Several machines share one CMID');
    expect(fleet.fullDescription.text).toMatch(/^0xC004F038 \(SL_E_VL_NOT_ENOUGH_COUNT\)/);
    expect(rule.help.text).toContain('Test-NetConnection');
    expect(rule.helpUri).toMatch(/^https:\/\/github\.com\/MicrosoftDocs\//);
    expect(rule.properties.symbolicName).toBe('SL_E_VL_AD_AO_NOT_FOUND');
  });

  it('falls back to the finding when the catalog has no entry', () => {
    const rule = sarifOf(true).runs[0]!.tool.driver.rules.find((r) => r.id === 'rearm-exhausted')!;
    expect(rule.shortDescription.text).toBe('No rearms left');
    expect(rule.helpUri).toBeUndefined();
  });

  it('gives stable fingerprints that differ between machines', () => {
    const a = sarifOf(false).runs[0]!.results;
    const b = sarifOf(true).runs[0]!.results;
    expect(a.map((r) => r.partialFingerprints)).toEqual(b.map((r) => r.partialFingerprints));
    expect(new Set(a.map((r) => r.partialFingerprints['activationDoctor/v1'])).size).toBe(a.length);
  });

  it('points a finding without evidence at its machine\'s first file', () => {
    const report = loadFixtureReport();
    report.machines[0]!.findings[0]!.evidence = [];
    const log = JSON.parse(render(report, 'sarif', { color: false })) as SarifLog;
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'kms-host-unreachable')!;
    expect(result.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'evidence/PC01/Application.xml' } } }]);
  });

  it('encodes evidence paths as relative URI references', () => {
    expect(evidenceUri('evidence\\PC 01\\Application.xml')).toBe('evidence/PC%2001/Application.xml');
    expect(evidenceUri('./evidence/<script>/a#b?.txt')).toBe('evidence/%3Cscript%3E/a%23b%3F.txt');
    expect(evidenceUri('C:\\logs\\PC01\\slmgr.txt')).toBe('file:///C:/logs/PC01/slmgr.txt');
    expect(evidenceUri('/srv/evidence/PC01.txt')).toBe('file:///srv/evidence/PC01.txt');
  });

  it('describes a rule by its own title when the rules are given, not by a finding that quotes a log', () => {
    const report = loadFixtureReport();
    const first = report.machines.flatMap((machine) => machine.findings)[0]!;
    const titles = new Map([[first.ruleId, 'The rule title']]);
    const log = JSON.parse(render(report, 'sarif', { color: false, catalog: TEST_CATALOG, ruleTitles: titles })) as SarifLog;
    const rule = log.runs[0]!.tool.driver.rules.find((candidate) => candidate.id === first.ruleId);
    expect(rule?.shortDescription.text).toBe('The rule title');
  });
});

/**
 * Answers are acted on blindly: over the demo fleet and the real samples, every
 * suggested command is meant for the machine it is listed under and fits its product.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { PACKAGE_ROOT, RULES_DIR } from '../../src/data/paths.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { loadRules } from '../../src/engine/index.js';
import { scan } from '../../src/pipeline/scan.js';
import type { Report } from '../../src/model/report.js';

const catalog = loadCatalog();
const rules = loadRules([RULES_DIR], catalog);
let report: Report;

beforeAll(async () => {
  const inputs = ['fleet', 'slmgr/en', 'slmgr/zh-hans', 'events/real'].map((dir) => join(PACKAGE_ROOT, 'fixtures', dir));
  ({ report } = await scan(inputs, { rules, catalog, jobs: 2 }));
});

describe('suggested commands', () => {
  it('a KMS host is never told to rearm itself; the clients are named with the command instead', () => {
    const hosts = report.machines.filter((m) => m.facts.some((f) => f.kind === 'kms-host-request' || f.kind === 'kms-host'));
    expect(hosts.map((m) => m.name)).toContain('KMS01');
    for (const host of hosts) for (const finding of host.findings) expect([host.name, finding.nextCommand ?? '']).not.toEqual([host.name, expect.stringContaining('/rearm')]);
    const clones = report.machines.find((m) => m.name === 'KMS01')!.findings.find((f) => f.ruleId === 'duplicate-cmid-seen-by-host')!;
    expect(clones.runOn).toEqual({ machines: ['PC09', 'PC10'], command: 'cscript slmgr.vbs /rearm' });
  });

  it('findings read from ospp output suggest ospp.vbs, never slmgr', () => {
    const osppFiles = new Set(report.files.filter((f) => f.kind === 'ospp').map((f) => f.path));
    const osppFindings = report.machines.flatMap((m) => m.findings).filter((f) => f.evidence.length > 0 && f.evidence.every((ref) => osppFiles.has(ref.file)));
    expect(osppFindings.length).toBeGreaterThan(0);
    for (const finding of osppFindings) expect([finding.ruleId, finding.nextCommand ?? '']).not.toEqual([finding.ruleId, expect.stringContaining('slmgr')]);
    expect(osppFindings.map((f) => f.nextCommand)).toContain('cscript ospp.vbs /act');
  });

  it('an evaluation edition is never sent to KMS or MAK activation (real sample 010)', () => {
    const evaluation = report.machines.find((m) => m.name.startsWith('010-'))!;
    expect(evaluation.findings.map((f) => [f.ruleId, f.nextCommand])).toEqual([['license-grace', 'DISM /Online /Get-TargetEditions']]);
    expect(evaluation.findings[0]!.resolution).toMatch(/^This is an evaluation edition: KMS and MAK keys do not apply/);
  });

  it('no real sample machine is ok without evidence of its license state', () => {
    for (const machine of report.machines.filter((m) => m.verdict === 'ok')) {
      const evidence = machine.facts.some((f) => f.kind === 'license' || f.kind === 'kms-response' || f.kind === 'activation-success' || (f.kind === 'kms-request' && f.licenseStatus !== null));
      expect([machine.name, evidence]).toEqual([machine.name, true]);
    }
    expect(report.machines.filter((m) => m.verdict === 'unknown').map((m) => m.name)).toEqual(
      expect.arrayContaining(['User-PC', 'DESKTOP-R36G4HP', 'EC2AMAZ-GQ0HEKD']),
    );
  });
});

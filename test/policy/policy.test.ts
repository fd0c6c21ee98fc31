import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPolicy, checkPolicy, loadPolicy, parsePolicy, type Policy } from '../../src/policy/index.js';
import type { Finding, Report } from '../../src/model/report.js';
import { DataFileError } from '../../src/data/errors.js';
import { validateReport } from '../../src/report/schema.js';
import {
  ACTIVATED_IMAGE, activationError, GOOD_GVLK_IMAGE, KMS_HOST_KEY_IMAGE, machine, MAK_IMAGE, officeLicense, SKMS_IMAGE, windowsLicense,
} from './fixtures/images.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KMS_POLICY = loadPolicy(join(ROOT, 'policies', 'kms-client-image.yaml'));
const MAK_POLICY = loadPolicy(join(ROOT, 'policies', 'mak-image.yaml'));

const ruleIds = (findings: Finding[]): string[] => findings.map((f) => f.ruleId).sort();

describe('shipped policies', () => {
  it('load and validate', () => {
    expect(KMS_POLICY.name).toBe('kms-client-image');
    expect(KMS_POLICY.require.keyChannel).toEqual(['Volume:GVLK']);
    expect(MAK_POLICY.require.channel).toEqual(['VOLUME_MAK']);
  });
});

describe('kms-client-image policy', () => {
  it('passes a sysprepped GVLK image (the unused MAK block of /dlv all is ignored)', () => {
    expect(checkPolicy(KMS_POLICY, [GOOD_GVLK_IMAGE])).toEqual([]);
  });

  it('fails a MAK image on channel, key channel and the MAK itself, with the license fact as evidence', () => {
    const findings = checkPolicy(KMS_POLICY, [MAK_IMAGE]);
    expect(ruleIds(findings)).toEqual(['policy/channel', 'policy/key-channel', 'policy/no-mak-key']);
    for (const f of findings) {
      expect(f.severity).toBe('error');
      expect(f.evidence).toEqual([{ file: 'images/GOLD-MAK/slmgr-dlv.txt', line: 5 }]);
      expect(f.cause.startsWith('GOLD-MAK: ')).toBe(true);
    }
    expect(findings.find((f) => f.ruleId === 'policy/key-channel')!.cause).toContain('has Volume:MAK; the policy requires Volume:GVLK');
  });

  it('fails an already activated image', () => {
    const findings = checkPolicy(KMS_POLICY, [ACTIVATED_IMAGE]);
    expect(ruleIds(findings)).toEqual(['policy/not-activated']);
    expect(findings[0]!.nextCommand).toContain('sysprep');
  });

  it('fails an image with a KMS host set by /skms', () => {
    const findings = checkPolicy(KMS_POLICY, [SKMS_IMAGE]);
    expect(ruleIds(findings)).toEqual(['policy/no-registered-kms-host']);
    expect(findings[0]!.cause).toContain('kms01.corp.example.com:1688');
    expect(findings[0]!.nextCommand).toContain('/ckms');
  });

  it('fails an image carrying a KMS host key', () => {
    const findings = checkPolicy(KMS_POLICY, [KMS_HOST_KEY_IMAGE]);
    expect(ruleIds(findings)).toEqual(['policy/channel', 'policy/key-channel', 'policy/no-kms-host-key', 'policy/not-activated']);
    expect(findings.find((f) => f.ruleId === 'policy/no-kms-host-key')!.cause).toContain('Volume:CSVLK');
  });

  it('fails when the rearm count is used up, and when it cannot be seen', () => {
    const used = machine('GOLD-R0', [windowsLicense('GOLD-R0', { rearmWindows: 0, rearmSku: 1001 })]);
    const findings = checkPolicy(KMS_POLICY, [used]);
    expect(ruleIds(findings)).toEqual(['policy/min-rearm-count']);
    expect(findings[0]!.cause).toContain('has 0 rearms left');
    const unseen = machine('GOLD-R?', [windowsLicense('GOLD-R?', { rearmWindows: null, rearmSku: null })]);
    expect(checkPolicy(KMS_POLICY, [unseen])[0]!.title).toBe('The remaining rearm count cannot be confirmed');
  });

  it('fails on logged activation errors and on open error findings, not on recovered ones', () => {
    const error = activationError('GOLD-ERR', '0xC004F074', 4012);
    const finding: Finding = {
      ruleId: 'kms-host-unreachable', severity: 'error', code: '0xC004F074', title: 'No KMS host could be contacted', cause: '…', resolution: '…',
      nextCommand: 'nslookup -type=srv _vlmcs._tcp', time: error.time, recovered: false, evidence: [error.source],
    };
    const img = machine('GOLD-ERR', [windowsLicense('GOLD-ERR'), error], [finding]);
    const findings = checkPolicy(KMS_POLICY, [img]);
    expect(ruleIds(findings)).toEqual(['policy/no-error-events', 'policy/no-error-findings']);
    expect(findings[0]!.evidence).toEqual([error.source]);
    const recovered = machine('GOLD-OK', [windowsLicense('GOLD-OK')], [{ ...finding, recovered: true }]);
    expect(checkPolicy(KMS_POLICY, [recovered])).toEqual([]);
  });

  it('reports missing license evidence once instead of every requirement', () => {
    const empty = machine('GOLD-EMPTY', [activationError('GOLD-EMPTY', '0xC004F074', 7)]);
    const findings = checkPolicy(KMS_POLICY, [empty]);
    expect(ruleIds(findings)).toEqual(['policy/license-evidence', 'policy/no-error-events']);
    expect(findings[0]!.evidence).toEqual([{ file: 'images/GOLD-EMPTY/Application.xml' }]);
  });

  it('looks only at the products the policy names', () => {
    const withOfficeMak = machine('GOLD-OFF', [windowsLicense('GOLD-OFF'), officeLicense('GOLD-OFF')]);
    expect(checkPolicy(KMS_POLICY, [withOfficeMak])).toEqual([]);
    const everyProduct: Policy = { ...KMS_POLICY, products: undefined };
    expect(ruleIds(checkPolicy(everyProduct, [withOfficeMak]))).toEqual(['policy/channel', 'policy/no-mak-key']);
  });

  it('checks several machines at once', () => {
    const findings = checkPolicy(KMS_POLICY, [GOOD_GVLK_IMAGE, SKMS_IMAGE, ACTIVATED_IMAGE]);
    expect(findings.map((f) => f.cause.split(':')[0])).toEqual(['GOLD-SKMS', 'GOLD-ACT']);
  });
});

describe('mak-image policy', () => {
  it('passes a MAK image and fails a GVLK one', () => {
    expect(checkPolicy(MAK_POLICY, [MAK_IMAGE])).toEqual([]);
    expect(ruleIds(checkPolicy(MAK_POLICY, [GOOD_GVLK_IMAGE]))).toEqual(['policy/channel', 'policy/key-channel']);
  });
});

describe('applyPolicy', () => {
  it('adds the findings to the machines, fails them and keeps the report valid', () => {
    const report: Report = {
      schemaVersion: 1, tool: { name: 'activation-doctor', version: '0.1.0' }, files: [], fleetFindings: [],
      machines: [GOOD_GVLK_IMAGE, MAK_IMAGE],
      summary: { files: 0, machines: 2, errors: 0, warnings: 0, infos: 0, recovered: 0, filesByStatus: { parsed: 0, partial: 0, skipped: 0, error: 0 }, machinesByVerdict: { ok: 2, warning: 0, failing: 0, unknown: 0 } },
    };
    const checked = applyPolicy(KMS_POLICY, report);
    expect(checked.machines.map((m) => m.verdict)).toEqual(['ok', 'failing']);
    expect(checked.summary.errors).toBe(3);
    expect(checked.summary.machinesByVerdict).toEqual({ ok: 1, warning: 0, failing: 1, unknown: 0 });
    expect(report.machines[1]!.findings).toEqual([]);
    expect(validateReport(checked)).toEqual([]);
  });

  it("writes the policy's findings in the report's language, whatever the language in force", () => {
    const report: Report = {
      schemaVersion: 1, tool: { name: 'activation-doctor', version: '0.1.0' }, lang: 'de', files: [], fleetFindings: [],
      machines: [MAK_IMAGE],
      summary: { files: 0, machines: 1, errors: 0, warnings: 0, infos: 0, recovered: 0, filesByStatus: { parsed: 0, partial: 0, skipped: 0, error: 0 }, machinesByVerdict: { ok: 1, warning: 0, failing: 0, unknown: 0 } },
    };
    const english = applyPolicy(KMS_POLICY, { ...report, lang: 'en' }).machines[0]!.findings;
    const german = applyPolicy(KMS_POLICY, report).machines[0]!.findings;
    expect(german.map((f) => f.ruleId)).toEqual(english.map((f) => f.ruleId));
    expect(german.map((f) => f.cause)).not.toEqual(english.map((f) => f.cause));
    expect(german[0]!.cause).toContain('(Richtlinie kms-client-image)');
  });
});

describe('loadPolicy errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ad-policy-'));
  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const errorOf = (file: string): DataFileError => {
    try {
      loadPolicy(file);
    } catch (err) {
      if (err instanceof DataFileError) return err;
      throw err;
    }
    throw new Error('expected a DataFileError');
  };

  it('names the file and the misspelt field', () => {
    const file = write('typo.yaml', 'name: gold\nrequire:\n  minRearm: 1\n');
    const err = errorOf(file);
    expect(err.field).toBe('require.minRearm');
    expect(err.message).toBe(`${file}: field "require.minRearm" (line 3): is not a known property here`);
  });

  it('names a field of the wrong type', () => {
    const err = errorOf(write('type.yaml', 'name: gold\nrequire:\n  minRearmCount: one\n'));
    expect(err.field).toBe('require.minRearmCount');
    expect(err.message).toContain('must be a whole number');
  });

  it('names a missing field', () => {
    expect(errorOf(write('missing.yaml', 'name: gold\n')).field).toBe('require');
  });

  it('reports broken YAML with its line, and an unreadable file', () => {
    const err = errorOf(write('broken.yaml', 'name: gold\nrequire:\n  channel: [VOLUME_MAK\n'));
    expect(err.message).toMatch(/broken\.yaml: not valid YAML \(line \d+\)/);
    expect(errorOf(join(dir, 'absent.yaml')).message).toMatch(/absent\.yaml: cannot read the file/);
  });

  it('parses a policy from text', () => {
    expect(parsePolicy('name: x\nrequire: { notActivated: true }\n', 'inline').require).toEqual({ notActivated: true });
  });
});

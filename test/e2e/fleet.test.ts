/**
 * The built CLI on the demo fleet, as a newcomer runs it.
 */
import { describe, expect, it, beforeAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { validateReport } from '../../src/report/schema.js';
import type { Report } from '../../src/model/report.js';
import { runCli, type CliRun } from '../helpers/cli.js';

let json: CliRun;
let report: Report;

beforeAll(() => {
  json = runCli(['scan', 'fixtures/fleet', '--format', 'json']);
  report = JSON.parse(json.stdout) as Report;
});

const machine = (name: string) => report.machines.find((m) => m.name === name)!;
const openRules = (name: string) => machine(name).findings.filter((f) => !f.recovered).map((f) => f.ruleId);

describe('activation-doctor scan fixtures/fleet --format json', () => {
  it('exits 1 because the fleet has failing machines (default --fail-on error)', () => {
    expect(json.code).toBe(1);
    expect(json.stderr).toMatch(/^activation-doctor: 15 machines \(12 failing, 0 warning, 0 unknown, 3 ok\)/m);
  });

  it('writes a report that validates against schema/report.schema.json', () => {
    expect(validateReport(report)).toEqual([]);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe('activation-doctor');
  });

  it('lists every file with its kind, encoding and status, including the one that is not evidence', () => {
    expect(report.files).toHaveLength(21);
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(byPath['fixtures/fleet/PC-HEALTHY01/Application.xml']).toMatchObject({ kind: 'event-xml', encoding: 'utf-16le', status: 'parsed' });
    expect(byPath['fixtures/fleet/PC14/ospp-dstatus.txt']).toMatchObject({ kind: 'ospp', status: 'parsed' });
    expect(byPath['fixtures/fleet/PC15/slmgr-ato.txt']).toMatchObject({ kind: 'slmgr', encoding: 'cp936', status: 'parsed' });
    expect(byPath['fixtures/fleet/README.txt']).toMatchObject({ status: 'skipped', kind: 'unknown' });
  });

  it('merges events and text of one machine, named after the folder', () => {
    expect(report.machines.map((m) => m.name)).toEqual([
      'KMS01', 'PC-HEALTHY01', 'PC03', 'PC04', 'PC05', 'PC06', 'PC07', 'PC09', 'PC10', 'PC11', 'PC12', 'PC13', 'PC14', 'PC15', 'SRV-HEALTHY02',
    ]);
    expect(machine('PC-HEALTHY01').files).toEqual(['fixtures/fleet/PC-HEALTHY01/Application.xml', 'fixtures/fleet/PC-HEALTHY01/slmgr-dlv.txt']);
  });

  it('gives each demo machine the verdict and first finding its problem calls for', () => {
    const verdicts = Object.fromEntries(report.machines.map((m) => [m.name, m.verdict]));
    expect(verdicts).toEqual({
      KMS01: 'failing', 'PC-HEALTHY01': 'ok', PC03: 'failing', PC04: 'failing', PC05: 'failing', PC06: 'failing', PC07: 'failing',
      PC09: 'failing', PC10: 'failing', PC11: 'failing', PC12: 'ok', PC13: 'failing', PC14: 'failing', PC15: 'failing', 'SRV-HEALTHY02': 'ok',
    });
    // The deadlines of failing renewals (kms-renewal-deadline*) ride along with the cause.
    expect(openRules('PC03')).toEqual(['kms-request-no-response', 'kms-renewal-deadline']);
    expect(openRules('PC04')[0]).toBe('kms-count-below-threshold');
    expect(openRules('PC05')).toContain('kms-dns-srv-missing');
    expect(openRules('PC06')).toEqual(['kms-time-skew', 'kms-renewal-deadline-imminent']);
    expect(openRules('PC07')).toEqual(['grace-period-ends-within-7-days', 'mak-activations-exhausted']);
    expect(openRules('PC09')).toContain('duplicate-cmid');
    expect(openRules('PC11')).toEqual(['volume-activation-expires-within-7-days', 'kms-renewal-deadline-imminent', 'kms-request-no-response']);
    expect(openRules('PC13')).toContain('rearm-exhausted');
    expect(openRules('PC15')).toEqual(['kms-host-not-usable']);
    expect(openRules('KMS01')).toEqual(expect.arrayContaining(['kms-dns-publish-failed', 'kms-host-count-below-minimum']));
    expect(machine('PC12').findings).toEqual([expect.objectContaining({ ruleId: 'kms-request-no-response', recovered: true, severity: 'info' })]);
  });

  it('names the evidence of every finding: file and line, or the event record id', () => {
    const first = machine('PC03').findings[0];
    expect(first).toMatchObject({ code: '0xC004F074', severity: 'error' });
    expect(first.nextCommand).toMatch(/1688/);
    expect(first.evidence).toEqual(expect.arrayContaining([{ file: 'fixtures/fleet/PC03/Application.xml', line: 1, recordId: 40011 }]));
    for (const m of report.machines) for (const f of m.findings) expect(f.evidence.length).toBeGreaterThan(0);
  });

  it('finds the clones across machines', () => {
    const clones = report.fleetFindings.find((f) => f.ruleId === 'duplicate-cmid');
    expect(clones?.cause).toMatch(/PC09, PC10/);
  });
});

describe('text output for people', () => {
  it('shows each machine with verdict, code, cause, next command and evidence, without colour when piped', () => {
    const text = runCli(['scan', 'fixtures/fleet', '--fail-on', 'never']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}PC03 +FAILING +\d+ errors?.* 0xC004F074$/m);
    expect(text.stdout).toMatch(/0xC004F074/);
    expect(text.stdout).toMatch(/Next: +Test-NetConnection kms01\.corp\.contoso\.com -Port 1688/);
    expect(text.stdout).toMatch(/PC03 +Seen: +fixtures\/fleet\/PC03\/Application\.xml:\d+–\d+ \(\d+ events, records \d+–\d+\)/);
    expect(text.stdout).not.toMatch(/\x1b\[/);
    expect(text.stdout.endsWith('\n')).toBe(true);
  });

  it('says each cause once: no Fix paragraph is repeated', () => {
    const text = runCli(['scan', 'fixtures/fleet', '--fail-on', 'never', '-q']).stdout;
    // kms-count-below-threshold fires on PC09 and PC10 with the same fix and command: one paragraph, two names
    // (PC04's command names its own product, so it is a cause of its own)
    expect(text).toMatch(/2 machines: PC09, PC10/);
    expect(text.match(/Fix: +Let more machines request activation from this host/g)).toHaveLength(2);
  });
});

describe('npm start', () => {
  it('scans the demo fleet and exits 0', () => {
    const result = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist', 'scripts', 'start.js')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/SRV-HEALTHY02 +OK/);
  });
});

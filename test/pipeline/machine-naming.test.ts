/**
 * CONTRACT.md, Machines: a text file belongs to the machine folder that holds it
 * however it was given; only a flat folder of one file per machine names machines
 * after files; files that disagree about who they are get a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT, RULES_DIR } from '../../src/data/paths.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { loadRules } from '../../src/engine/index.js';
import { scan } from '../../src/pipeline/scan.js';
import { isGenericName, machineNameFromStem } from '../../src/input/discover.js';
import type { Report } from '../../src/model/report.js';

const catalog = loadCatalog();
const rules = loadRules([RULES_DIR], catalog);
const FLEET = join(PACKAGE_ROOT, 'fixtures', 'fleet');
/** Copies of ../shared/samples/slmgr/en (real outputs from seven different computers). */
const SAMPLES_EN = join(PACKAGE_ROOT, 'fixtures', 'slmgr', 'en');
let tmp: string;

async function names(paths: string[], machineName?: string): Promise<string[]> {
  const { report } = await scan(paths, { rules, catalog, jobs: 1, machineName });
  return report.machines.map((m) => m.name);
}

async function report(paths: string[]): Promise<Report> {
  return (await scan(paths, { rules, catalog, jobs: 1 })).report;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ad-naming-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('generic names are never machine names', () => {
  it.each(['slmgr', 'slmgr-dlv', 'dlv', 'ospp-dstatus', 'activation', 'Application', 'output', 'log', 'dli', 'xpr', 'events', 'evidence', 'license', 'KeyManagementService', '2026-11-20', 'logs'])('%s', (name) => {
    expect(isGenericName(name)).toBe(true);
  });
  it.each(['PC07', 'PC02-dlv', 'DESKTOP-7Q2K9LM', 'SRV-HEALTHY02', 'en-010-win7'])('%s names a machine', (name) => {
    expect(isGenericName(name)).toBe(false);
  });
  it('a file name loses its generic words, never the machine name', () => {
    expect(machineNameFromStem('PC02-dlv')).toBe('PC02');
    expect(machineNameFromStem('slmgr_PC03')).toBe('PC03');
    expect(machineNameFromStem('DESKTOP-7Q2K9LM')).toBe('DESKTOP-7Q2K9LM');
  });
});

describe('a text file belongs to the machine folder that holds it, however it was given', () => {
  it.each([
    ['PC07', 'slmgr.txt'],
    ['PC05', 'activation.txt'],
    ['PC13', 'slmgr-dlv.txt'],
    ['PC14', 'ospp-dstatus.txt'],
  ])('%s: the folder, the file in it, and the folder among others', async (machine, file) => {
    expect(await names([join(FLEET, machine)])).toEqual([machine]);
    expect(await names([join(FLEET, machine, file)])).toEqual([machine]);
  });

  it('folders expanded by the shell (scan fleet/PC0*) are machines, like the quoted glob', async () => {
    const expanded = readdirSync(FLEET).filter((name) => name.startsWith('PC0')).map((name) => join(FLEET, name));
    const quoted = await names([`${FLEET}/PC0*`]);
    expect(await names(expanded)).toEqual(quoted);
    expect(quoted).toEqual(['PC03', 'PC04', 'PC05', 'PC06', 'PC07', 'PC09']);
  });

  it('a flat folder of one file per machine names machines after the files', async () => {
    const flat = join(tmp, 'flat');
    mkdirSync(flat);
    copyFileSync(join(FLEET, 'PC07', 'slmgr.txt'), join(flat, 'PC21.txt'));
    copyFileSync(join(FLEET, 'PC13', 'slmgr-dlv.txt'), join(flat, 'PC22-dlv.txt'));
    expect(await names([flat])).toEqual(['PC21', 'PC22']);
    expect(await names([join(flat, 'PC22-dlv.txt')])).toEqual(['PC22']);
  });
});

describe('real outputs from different computers in one folder (fixtures/slmgr/en = shared/samples/slmgr/en)', () => {
  const folder = SAMPLES_EN;
  it('scanned together (the shell expands *) they stay separate machines, and each keeps its own findings', async () => {
    const files = readdirSync(folder).sort().map((name) => join(folder, name));
    const result = await report(files);
    expect(result.machines).toHaveLength(files.length);
    expect(await names([folder])).toEqual(result.machines.map((m) => m.name));
    for (const machine of result.machines) {
      expect(machine.files).toHaveLength(1);
      for (const finding of machine.findings) for (const ref of finding.evidence) expect(ref.file).toBe(machine.files[0]);
    }
    // the count-0 KMS host (014) and the count-2 host (021) each have their own count finding
    const hosts = result.machines.filter((m) => m.findings.some((f) => f.ruleId === 'kms-host-count-below-minimum'));
    expect(hosts.map((m) => m.name.slice(0, 3))).toEqual(['014', '021']);
    expect(hosts[0]!.findings.find((f) => f.ruleId === 'kms-host-count-below-minimum')!.title).toContain('is 0');
  });

  it('two computers\' outputs put into one machine folder are not merged silently: a warning names both files', async () => {
    const pc = join(tmp, 'case', 'PC31');
    mkdirSync(pc, { recursive: true });
    copyFileSync(join(folder, '011-slmgr-dli-server2012-kmsclient-licensed-dns-discovered.txt'), join(pc, 'slmgr-dli.txt'));
    copyFileSync(join(folder, '020-slmgr-dli-win7-enterprise-kmsclient-licensed-msdoc.txt'), join(pc, 'slmgr-dlv.txt'));
    const result = await report([join(tmp, 'case')]);
    expect(result.machines.map((m) => [m.name, m.verdict])).toEqual([['PC31', 'warning']]);
    const warning = result.machines[0]!.findings.find((f) => f.ruleId === 'machine-identity-conflict')!;
    expect(warning.cause).toContain('2 different CMIDs');
    expect(warning.cause).toContain('2 different Windows editions');
    expect(warning.evidence.map((ref) => ref.file)).toEqual([join(pc, 'slmgr-dli.txt'), join(pc, 'slmgr-dlv.txt')]);
  });
});

describe('event exports beside text', () => {
  it('exports of two computers in one machine folder: the text stays under the folder, with a warning naming the files', async () => {
    const pc = join(tmp, 'mixed', 'PC41');
    mkdirSync(pc, { recursive: true });
    copyFileSync(join(FLEET, 'PC09', 'Application.xml'), join(pc, 'a.xml'));
    copyFileSync(join(FLEET, 'PC10', 'Application.xml'), join(pc, 'b.xml'));
    copyFileSync(join(FLEET, 'PC07', 'slmgr.txt'), join(pc, 'slmgr.txt'));
    const result = await report([join(tmp, 'mixed')]);
    expect(result.machines.map((m) => m.name)).toEqual(['PC09', 'PC10', 'PC41']);
    const warning = result.machines.find((m) => m.name === 'PC41')!.findings.find((f) => f.ruleId === 'machine-identity-conflict')!;
    expect(warning.cause).toContain(`PC09 (${join(pc, 'a.xml')}); PC10 (${join(pc, 'b.xml')})`);
    expect(warning.evidence.map((ref) => ref.file)).toEqual([join(pc, 'a.xml'), join(pc, 'b.xml')]);
  });

  it('one computer renamed during its log (real AWS sample): the text joins the newest name', async () => {
    const dc = join(tmp, 'renamed', 'AD-DC');
    mkdirSync(dc, { recursive: true });
    copyFileSync(join(PACKAGE_ROOT, 'fixtures', 'events', 'real', 'anotherc0ne__AD-DC-Application.spp.xml'), join(dc, 'Application.xml'));
    copyFileSync(join(FLEET, 'PC13', 'slmgr-dlv.txt'), join(dc, 'slmgr-dlv.txt'));
    const result = await report([join(tmp, 'renamed')]);
    const text = result.machines.find((m) => m.files.includes(join(dc, 'slmgr-dlv.txt')))!;
    expect(text.name).toBe('WinADController');
    expect(result.machines.map((m) => m.name)).not.toContain('AD-DC');
  });
});

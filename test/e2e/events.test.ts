/**
 * `activation-doctor events` and .evtx through the built binary: records as
 * JSON lines and wevtutil-shaped XML, the .evtx → XML → scan round trip, and
 * scan of a folder of .evtx files against the same logs exported by Windows.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { runCli } from '../helpers/cli.js';
import { evtxFixture } from '../parsers/events/evtx/helpers.js';

let tmp: string;
const path = (...parts: string[]) => join(tmp, ...parts);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ad-events-'));
  for (const dir of ['evtx/PC1', 'xml/PC1', 'dirty', 'empty']) mkdirSync(path(dir), { recursive: true });
  writeFileSync(path('evtx/PC1/Application.evtx'), evtxFixture('ts-evtx/Application.evtx'));
  writeFileSync(path('evtx/PC1/System.evtx'), evtxFixture('ts-evtx/System.evtx'));
  writeFileSync(path('xml/PC1/Application.xml'), evtxFixture('ts-evtx/Application.xml'));
  writeFileSync(path('xml/PC1/System.xml'), evtxFixture('ts-evtx/System.xml'));
  // a mix: the same slmgr text next to the .evtx files and next to the XML exports
  for (const dir of ['evtx/PC1', 'xml/PC1']) copyFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC04', 'slmgr-dli.txt'), path(dir, 'slmgr-dli.txt'));
  writeFileSync(path('dirty/HelloForBusiness.evtx'), evtxFixture('omerbenamram/Microsoft-Windows-HelloForBusiness%4Operational.evtx'));
  writeFileSync(path('insider.evtx'), evtxFixture('omerbenamram/Application_no_crc32.evtx'));
  writeFileSync(path('empty/Forwarded.evtx'), Buffer.concat([evtxFixture('ts-evtx/Application.evtx').subarray(0, 4096), Buffer.alloc(65536)]));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function lines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * The report's machines without where the evidence was read (paths, lines,
 * file lists). Evidence lists are compared as sets: the engine currently lists
 * evidence in read order for some findings, so even two XML exports of one log
 * (wevtutil oldest first, Event Viewer newest first) list it in another order.
 */
function machinesOf(stdout: string): unknown {
  const report = JSON.parse(stdout) as Report;
  return JSON.parse(
    JSON.stringify(report.machines, (key, value: unknown) => {
      if (['file', 'line', 'files', 'message'].includes(key)) return undefined;
      if (key === 'evidence' && Array.isArray(value)) {
        return (value as { recordId?: number }[]).map((ref) => ref.recordId ?? -1).sort((a, b) => a - b);
      }
      return value;
    }),
  );
}

describe('activation-doctor events', () => {
  it('lists the activation records of an .evtx as JSON lines by default', () => {
    const run = runCli(['events', path('evtx/PC1/Application.evtx')]);
    expect(run.code).toBe(0);
    const records = lines(run.stdout);
    expect(records).toHaveLength(264);
    expect(new Set(records.map((r) => r['provider']))).toEqual(new Set(['Microsoft-Windows-Security-SPP']));
    expect(records.find((r) => r['recordId'] === 249)).toMatchObject({
      file: path('evtx/PC1/Application.evtx'),
      eventId: 8230,
      qualifiers: 16384,
      provider: 'Microsoft-Windows-Security-SPP',
      computer: 'NIKOLAISMETBD82',
      channel: 'Application',
      level: 4,
    });
    expect(records[0]!['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(run.stderr).toContain('264 records from 1 of 1 file\n');
  });

  it('lists every record with --all, named data as an object', () => {
    const records = lines(runCli(['events', path('evtx/PC1/System.evtx'), '--all', '-q']).stdout);
    expect(records).toHaveLength(1247);
    const kernel = records.find((r) => r['provider'] === 'Microsoft-Windows-Kernel-General' && r['eventId'] === 12);
    expect(kernel?.['data']).toMatchObject({ MajorVersion: '10', BuildVersion: '26100' });
  });

  it('reads XML exports into the same records as the .evtx they came from', () => {
    const fromEvtx = lines(runCli(['events', path('evtx/PC1/Application.evtx'), '--all', '-q']).stdout);
    const fromXml = lines(runCli(['events', path('xml/PC1/Application.xml'), '--all', '-q']).stdout);
    const comparable = (r: Record<string, unknown>) => ({ ...r, file: undefined, offset: undefined, line: undefined, message: undefined });
    const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => (a['recordId'] as number) - (b['recordId'] as number);
    expect(fromXml.map(comparable).sort(byId)).toEqual(fromEvtx.map(comparable).sort(byId));
  });

  it('--format xml writes wevtutil-shaped <Event> elements that scan reads back to the same report', () => {
    const xml = runCli(['events', path('insider.evtx'), '--all', '--format', 'xml', '-q']);
    expect(xml.code).toBe(0);
    // values may hold line breaks (written as they are, as wevtutil does): count elements, not lines
    const events = xml.stdout.split('</Event>\n').filter(Boolean);
    expect(events).toHaveLength(17);
    expect(events[0]).toMatch(/^<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'><System><Provider Name='[^']+'\/><EventID/);
    writeFileSync(path('insider.xml'), xml.stdout);
    const fromEvtx = runCli(['scan', path('insider.evtx'), '-f', 'json', '-q', '--fail-on', 'never']);
    const fromXml = runCli(['scan', path('insider.xml'), '-f', 'json', '-q', '--fail-on', 'never']);
    expect(machinesOf(fromXml.stdout)).toEqual(machinesOf(fromEvtx.stdout));
    expect((JSON.parse(fromEvtx.stdout) as Report).machines[0]?.facts.length).toBeGreaterThan(0);
  });

  it('PowerShell CLIXML exports plug in through the same record model', () => {
    const run = runCli(['events', join(PACKAGE_ROOT, 'fixtures', 'events', 'clixml', 'export-clixml-depth3-utf16le.xml'), '--all', '-q']);
    const records = lines(run.stdout);
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({ recordId: 501, eventId: 12288, provider: 'Microsoft-Windows-Security-SPP', computer: 'PC07.ad.fabrikam.example' });
  });

  it('event text (Event Viewer "Copy details") plugs in through the same record model', () => {
    const run = runCli(['events', join(PACKAGE_ROOT, 'fixtures', 'events', 'text', 'event-viewer-copy-details-8198-12288.txt'), '-q']);
    expect(lines(run.stdout).map((r) => [r['provider'], r['eventId']])).toEqual([
      ['Microsoft-Windows-Security-SPP', 8198],
      ['Microsoft-Windows-Security-SPP', 12288],
    ]);
  });

  it('names damaged chunks on stderr and keeps going', () => {
    const run = runCli(['events', path('dirty'), '--all']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toHaveLength(5);
    expect(run.stderr).toContain('HelloForBusiness.evtx: chunk 0 (byte 4096), record at chunk offset 3984: size and its copy differ (half-written)');
  });

  it('an empty log gives no records and no error; no input at all is exit 2', () => {
    const run = runCli(['events', path('empty'), '--all']);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(runCli(['events', path('nothing-here')]).code).toBe(2);
  });
});

describe('scan of .evtx', () => {
  it('a folder of .evtx files and slmgr text gives the same report as the same logs exported to XML by Windows', () => {
    const fromEvtx = runCli(['scan', path('evtx'), '-f', 'json', '-q', '--fail-on', 'never']);
    const fromXml = runCli(['scan', path('xml'), '-f', 'json', '-q', '--fail-on', 'never']);
    expect(fromEvtx.code).toBe(0);
    const report = JSON.parse(fromEvtx.stdout) as Report;
    expect(report.files.map((f) => [f.kind, f.status, f.facts > 0])).toEqual([
      ['evtx', 'parsed', true],
      ['evtx', 'parsed', false],
      ['slmgr', 'parsed', true],
    ]);
    expect(report.files[0]!.facts).toBe(20);
    expect(machinesOf(fromEvtx.stdout)).toEqual(machinesOf(fromXml.stdout));
  });

  it('a dirty .evtx is partial with the damage named; an empty log is parsed with no facts', () => {
    const report = JSON.parse(runCli(['scan', path('dirty'), path('empty'), '-f', 'json', '-q', '--fail-on', 'never']).stdout) as Report;
    expect(report.files.map((f) => [f.status, f.problems.length])).toEqual([
      ['partial', 2],
      ['parsed', 0],
    ]);
  });
});

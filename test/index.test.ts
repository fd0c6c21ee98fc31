import { describe, expect, it } from '@jest/globals';
import { loadCatalog, loadRules, render, RULES_DIR, scan, validateReport } from '../src/index.js';

describe('the library API', () => {
  it('runs the pipeline the CLI runs: scan, then render', async () => {
    const catalog = loadCatalog();
    const rules = loadRules([RULES_DIR], catalog);
    const { report, missing } = await scan(['fixtures/fleet/PC06', 'fixtures/fleet/nope'], { rules, catalog, jobs: 2 });
    expect(missing).toEqual(['fixtures/fleet/nope']);
    expect(validateReport(report)).toEqual([]);
    expect(report.machines.map((m) => [m.name, m.verdict, m.findings[0]?.code])).toEqual([['PC06', 'failing', '0xC004F06C']]); // the folder and the event's <Computer> (pc06) are one machine, spelled as the folder
    expect(render(report, 'markdown', { color: false, catalog })).toMatch(/0xC004F06C/);
  });
});

describe('the library API: event records', () => {
  it('lists the records of any reader, written through a callback', async () => {
    const { listEvents } = await import('../src/index.js');
    let out = '';
    const result = await listEvents(['fixtures/fleet/PC06'], { all: false, format: 'jsonl', write: (text) => void (out += text) });
    expect(result.records).toBeGreaterThan(0);
    expect(out.trim().split('\n')).toHaveLength(result.records);
    expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({ provider: 'Microsoft-Windows-Security-SPP' });
  });
});

describe('the library API: event text and the scan clock', () => {
  it('reads pasted event text, and counts deadlines from the clock the caller passes', async () => {
    const { readEventText, evaluate } = await import('../src/index.js');
    const text =
      'Info: 0xC004F074, 0x00000000, kms01:1688, 36f27b39-4f5c-4c8f-a7e0-1bf6a5a0ab31, 2026/10/20 08:00, 0, 1, 2880, 2ffd8952-423e-4903-b993-72a1aa44cf82, 25';
    const { facts } = await readEventText(text, { file: 'paste.txt', defaultMachine: 'PC01' });
    expect(facts).toEqual([expect.objectContaining({ kind: 'kms-request', hresult: '0xC004F074', minutesToExpiry: 2880 })]);
    // the paste has no time, so no date: add the event's time as a ticket would state it
    const dated = facts.map((fact) => ({ ...fact, time: '2026-10-20T08:00:00.000Z', expiresAt: '2026-10-22T08:00:00.000Z' }));
    const catalog = loadCatalog();
    const result = evaluate([{ name: 'PC01', facts: dated }], loadRules([RULES_DIR], catalog), catalog, { now: new Date('2026-10-21T08:00:00Z') });
    expect(result.machines[0]!.findings.map((f) => f.title)).toContain('Activation runs out in 1 day, on 2026-10-22: KMS renewals failing');
  });
});

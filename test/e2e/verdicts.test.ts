/**
 * A verdict needs evidence (CONTRACT.md, Verdicts): `ok` only when the license
 * state was seen; `unknown` otherwise, with a note, and the CI paths can fail on it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';

/** A real Windows 7 log (shared/samples/events, sbousseaden): five hardware-change events 1040, nothing else. */
const HARDWARE_ONLY = 'fixtures/events/real/sbousseaden__EVTX-ATTACK-SAMPLES-rogue_msi_url_1040_1042.spp.xml';
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ad-verdicts-'));
  writeFileSync(join(tmp, 'no-errors.yaml'), 'name: no-errors\nrequire:\n  noErrorEvents: true\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('unknown: evidence that says nothing about activation', () => {
  it('a real log with only hardware-change events is unknown, with what was seen and what to collect', () => {
    const run = runCli(['scan', HARDWARE_ONLY, '--format', 'json', '--quiet']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.machines.map((m) => [m.name, m.verdict])).toEqual([['User-PC', 'unknown']]);
    expect(report.machines[0]!.note).toMatch(/5 hardware-change events \(1040\).*Collect `cscript ospp\.vbs \/dstatus`/);
    expect(report.summary.machinesByVerdict.unknown).toBe(1);
    expect(run.code).toBe(0);
  });

  it('scan fails on unknown only with --fail-on-unknown; check always fails on it', () => {
    const lenient = runCli(['scan', HARDWARE_ONLY]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('1 machine has no evidence of its license state (unknown); --fail-on-unknown makes that fail the run');
    const strict = runCli(['scan', HARDWARE_ONLY, '--fail-on-unknown']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('1 machine with no evidence of its license state (verdict unknown): User-PC');
    expect(runCli(['check', '--policy', join(tmp, 'no-errors.yaml'), HARDWARE_ONLY, '--quiet']).code).toBe(1);
    expect(runCli(['check', '--policy', join(tmp, 'no-errors.yaml'), 'fixtures/fleet/PC-HEALTHY01', '--quiet']).code).toBe(0);
  });

  it('text shows the verdict and the note; a healthy machine shows its status line first', () => {
    const text = runCli(['scan', HARDWARE_ONLY, 'fixtures/fleet/PC-HEALTHY01', '--quiet']).stdout;
    expect(text).toMatch(/^ {2}User-PC +UNKNOWN +no findings\n +Status: no license state in the evidence\n +Note: {3}No evidence of the license state/m);
    expect(text).toMatch(/^ {2}PC-HEALTHY01 +OK +no findings\n +Status: Windows\(R\), Enterprise edition: licensed, \d+ days left, KMS\s+kms01\.corp\.contoso\.com:1688/m);
  });
});

describe('--since never makes a machine vanish without a word', () => {
  it('a machine whose events are all older than --since stays, unknown, saying why', () => {
    const report = JSON.parse(runCli(['scan', 'fixtures/fleet', '--since', '2026-11-18', '--format', 'json', '--quiet']).stdout) as Report;
    const all = JSON.parse(runCli(['scan', 'fixtures/fleet', '--format', 'json', '--quiet']).stdout) as Report;
    expect(report.machines.map((m) => m.name)).toEqual(all.machines.map((m) => m.name));
    const pc12 = report.machines.find((m) => m.name === 'PC12')!;
    expect(pc12.verdict).toBe('unknown');
    expect(pc12.facts).toEqual([]);
    expect(pc12.note).toMatch(/^All 3 facts of this machine are outside the time window \(--since 2026-11-18T00:00:00\.000Z\)/);
    expect(pc12.files).toEqual(['fixtures/fleet/PC12/Application.xml']);
    expect(pc12.outsideWindow).toEqual({ since: '2026-11-18T00:00:00.000Z', facts: 3, first: '2026-11-16T07:00:00.000Z', last: '2026-11-16T09:00:01.000Z' });
  });

  it('merge keeps that machine and says it again in the language of the merge', () => {
    const shard = join(tmp, 'since-shard.json');
    expect(runCli(['scan', 'fixtures/fleet', '--since', '2026-11-18', '--format', 'json', '--quiet', '-o', shard]).code).toBe(1);
    const merged = JSON.parse(runCli(['merge', shard, '--lang', 'de', '--format', 'json', '--quiet']).stdout) as Report;
    const pc12 = merged.machines.find((m) => m.name === 'PC12')!;
    expect(pc12.verdict).toBe('unknown');
    expect(pc12.note).toMatch(/^Alle 3 Belege dieses Computers liegen außerhalb des Zeitfensters \(--since 2026-11-18T00:00:00\.000Z\)/);
    expect(pc12.files).toEqual(['fixtures/fleet/PC12/Application.xml']);
    expect(merged.machines.map((m) => m.name)).toEqual(JSON.parse(readFileSync(shard, 'utf8')).machines.map((m: { name: string }) => m.name));
  });

  it('a shard written before reports kept the window (a note only) still keeps the machine, its note as written', () => {
    const shard = join(tmp, 'since-shard-old.json');
    runCli(['scan', 'fixtures/fleet', '--since', '2026-11-18', '--format', 'json', '--quiet', '-o', shard]);
    const old = JSON.parse(readFileSync(shard, 'utf8')) as Report;
    for (const machine of old.machines) delete machine.outsideWindow;
    writeFileSync(shard, JSON.stringify(old));
    const merged = JSON.parse(runCli(['merge', shard, '--format', 'json', '--quiet']).stdout) as Report;
    const pc12 = merged.machines.find((m) => m.name === 'PC12')!;
    expect(pc12.verdict).toBe('unknown');
    expect(pc12.note).toBe(old.machines.find((m) => m.name === 'PC12')!.note);
  });
});

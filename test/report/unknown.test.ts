/**
 * `unknown` (no activation evidence) arrives with the trust work; every format
 * already shows it as its own state, never as healthy.
 */
import { describe, expect, it } from '@jest/globals';
import type { Report, Verdict } from '../../src/model/report.js';
import { render } from '../../src/report/index.js';
import { loadFixtureReport } from './fixtures/load.js';

function withUnknown(): Report {
  const report = loadFixtureReport();
  const machine = report.machines.find((m) => m.findings.length === 0)!;
  machine.verdict = 'unknown' as Verdict;
  (report.summary.machinesByVerdict as Record<string, number>).unknown = 1;
  report.summary.machinesByVerdict.ok -= 1;
  return report;
}

describe('a machine without activation evidence', () => {
  it('is UNKNOWN in text, not painted green', () => {
    const out = render(withUnknown(), 'text', { color: true });
    expect(out).toMatch(/\u001b\[2m\u001b\[1mUNKNOWN/);
  });

  it('has its own row in the markdown verdict table, before ok', () => {
    const out = render(withUnknown(), 'markdown', { color: false });
    expect(out.indexOf('| ❔ unknown | 1 |')).toBeGreaterThan(-1);
    expect(out.indexOf('| ❔ unknown | 1 |')).toBeLessThan(out.indexOf('| ✅ ok | 1 |'));
  });

  it('is explained in html and listed after failing and warning machines', () => {
    const out = render(withUnknown(), 'html', { color: false });
    expect(out).toContain('1 machine unknown: no activation evidence');
    expect(out).toMatch(/<div class="card unknown"><div class="n">1<\/div>/);
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(out)![1]!) as { m: { v: string; r: number }[] };
    expect(data.m.find((m) => m.v === 'unknown')!.r).toBe(2);
  });

  it('keeps its verdict in the csv inventory', () => {
    expect(render(withUnknown(), 'csv', { color: false, rows: 'machines' })).toMatch(/Raum 5",unknown,/);
  });
});

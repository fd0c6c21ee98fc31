import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/model/report.js';
import { jsonChunks, renderJson } from '../../src/report/json.js';
import { loadFixtureReport } from './fixtures/load.js';

const stringify = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`;

describe('json written piece by piece', () => {
  it('is exactly JSON.stringify(report, null, 2) for the fixture fleet', () => {
    const report = loadFixtureReport();
    expect(renderJson(report)).toBe(stringify(report));
  });

  it('is exactly JSON.stringify for empty lists, nested strings with line breaks and a missing key', () => {
    const report = loadFixtureReport();
    const sparse = { ...report, machines: [], fleetFindings: [], files: [{ ...report.files[0]!, problems: [{ message: 'line one\nline two' }] }] } as Report;
    expect(renderJson(sparse)).toBe(stringify(sparse));
    const withoutSummary = { ...report, summary: undefined } as unknown as Report;
    expect(renderJson(withoutSummary)).toBe(stringify(withoutSummary));
  });

  it('yields one piece per machine, not one string for the report', () => {
    const report = loadFixtureReport();
    expect([...jsonChunks(report)].length).toBeGreaterThan(report.machines.length);
  });
});

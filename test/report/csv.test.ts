import { describe, expect, it } from '@jest/globals';
import { csvCell, neutraliseFormula, quoteCsv } from '../../src/report/csv.js';
import { render } from '../../src/report/index.js';
import { loadFixtureReport } from './fixtures/load.js';
import { parseCsv } from '../helpers/csv.js';


describe('csv', () => {
  it.each([['=cmd|\' /C calc\'!A0'], ['+1+1'], ['-2+3'], ['@SUM(A1)'], ['\tHIDDEN'], ['\r=1'], ['  =1+1']])('neutralises %j', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it.each([['PC01'], ['0xC004F074'], ['a=b'], ['kms01.corp.example.com:1688'], ['']])('leaves %j alone', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it('quotes commas, quotes and line breaks the RFC 4180 way', () => {
    expect(quoteCsv('a,b')).toBe('"a,b"');
    expect(quoteCsv('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsv('line1\nline2')).toBe('"line1\nline2"');
    expect(quoteCsv('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
  });

  it('renders one row per finding that round-trips through an RFC 4180 reader', () => {
    const report = loadFixtureReport();
    const rows = parseCsv(render(report, 'csv', { color: false }));
    const findings = report.machines.reduce((n, m) => n + m.findings.length, 0) + report.fleetFindings.length;
    expect(rows).toHaveLength(findings + 1);
    const width = rows[0]!.length;
    for (const row of rows) expect(row).toHaveLength(width);
  });

  it('no cell from the fixture can start a formula', () => {
    const rows = parseCsv(render(loadFixtureReport(), 'csv', { color: false }));
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^\s*[=+\-@\t\r]/);
    const header = rows[0]!;
    const machine = rows.find((r) => r[header.indexOf('machine')]!.includes('calc'))!;
    expect(machine[header.indexOf('machine')]).toBe("'=cmd|' /C calc'!A0");
    expect(machine[header.indexOf('nextCommand')]).toBe("'-cmd /c echo '@sum(1+1)'");
  });
});

import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import { loadFixtureReport } from './fixtures/load.js';

describe('jsonl', () => {
  it('writes one parseable finding per line, each with its machine, fleet findings last', () => {
    const report = loadFixtureReport();
    const lines = render(report, 'jsonl', { color: false }).split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((l) => JSON.parse(l) as { scope: string; machine: string | null; ruleId: string; evidence: unknown[] });
    const findings = report.machines.reduce((n, m) => n + m.findings.length, 0) + report.fleetFindings.length;
    expect(records).toHaveLength(findings);
    expect(records.filter((r) => r.scope === 'machine').every((r) => typeof r.machine === 'string')).toBe(true);
    expect(records.at(-1)).toMatchObject({ scope: 'fleet', machine: null, ruleId: 'fleet-duplicate-cmid' });
    expect(records.map((r) => r.machine)).toContain('<script>alert(1)</script>');
  });
});

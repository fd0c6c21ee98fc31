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

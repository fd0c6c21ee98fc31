import { describe, expect, it } from '@jest/globals';
import { parseStringPromise } from 'xml2js';
import type { Report, Verdict } from '../../src/model/report.js';
import { countedFindings, exitCodeFor, FAIL_ON_LEVELS, type FailOn } from '../../src/pipeline/exit-code.js';
import { render } from '../../src/report/index.js';
import { escapeXml } from '../../src/report/junit.js';
import { loadFixtureReport } from './fixtures/load.js';

interface Attrs { [name: string]: string }
interface XmlCase { $: Attrs; failure?: { $: Attrs; _?: string }[]; skipped?: { $: Attrs }[]; 'system-out'?: string[] }
interface XmlSuite { $: Attrs; testcase: XmlCase[] }
interface XmlDoc { testsuites: { $: Attrs; testsuite: XmlSuite[] } }

async function parsed(report: Report = loadFixtureReport(), failOn: FailOn = 'error'): Promise<XmlDoc> {
  return (await parseStringPromise(render(report, 'junit', { color: false, failOn }))) as XmlDoc;
}

function cases(doc: XmlDoc): XmlCase[] {
  return doc.testsuites.testsuite.flatMap((suite) => suite.testcase);
}

describe('junit', () => {
  it('has one test case per machine, named after it, plus one for the fleet findings', async () => {
    const report = loadFixtureReport();
    expect(cases(await parsed()).map((c) => c.$.name)).toEqual([...report.machines.map((m) => m.name), 'fleet']);
  });

  it.each(FAIL_ON_LEVELS.map((level) => [level]))('--fail-on %s: a machine fails exactly when the exit code counts one of its findings', async (failOn) => {
    const report = loadFixtureReport();
    const doc = await parsed(report, failOn);
    const failed = cases(doc).filter((c) => c.failure).map((c) => c.$.name);
    const counted = report.machines.filter((m) => countedFindings(m.findings, failOn).length > 0).map((m) => m.name);
    if (countedFindings(report.fleetFindings, failOn).length) counted.push('fleet');
    expect(failed).toEqual(counted);
    // failures in the test tab ⇔ the build step fails
    expect(failed.length > 0).toBe(exitCodeFor(report, failOn, false).code === 1);
  });

  it('fails PC01 with its counted findings as the message and all its findings in the body', async () => {
    const pc01 = cases(await parsed()).find((c) => c.$.name === 'PC01')!;
    expect(pc01.failure![0]!.$.message).toBe('0xC004F074 No KMS host could be contacted');
    expect(pc01.failure![0]!._).toContain('evidence/PC01/Application.xml:299 (record 40089)');
    expect(pc01.failure![0]!._).toContain('Grace period ends in 9 days');
    const pc03 = cases(await parsed()).find((c) => c.$.name === 'PC03')!;
    expect(pc03.failure).toBeUndefined();
    expect(pc03['system-out']![0]).toContain('kms-renewal-overdue');
  });

  it('counts tests, failures and skipped in the suite and in total', async () => {
    const doc = await parsed();
    const all = cases(doc);
    for (const node of [doc.testsuites, doc.testsuites.testsuite[0]!]) {
      expect(Number(node.$.tests)).toBe(all.length);
      expect(Number(node.$.failures)).toBe(all.filter((c) => c.failure).length);
      expect(Number(node.$.skipped)).toBe(all.filter((c) => c.skipped).length);
    }
    // PC01, PC02, PC04 and the fleet's duplicate CMID
    expect(Number(doc.testsuites.$.failures)).toBe(4);
  });

  it('skips a machine without activation evidence (verdict unknown) and says why', async () => {
    const report = loadFixtureReport();
    const quiet = report.machines.find((m) => m.findings.length === 0)!;
    quiet.verdict = 'unknown' as Verdict;
    const c = cases(await parsed(report)).find((x) => x.$.name === quiet.name)!;
    expect(c.failure).toBeUndefined();
    expect(c.skipped![0]!.$.message).toMatch(/no activation evidence/);
  });

  it('keeps hostile names as text', async () => {
    const names = cases(await parsed()).map((c) => c.$.name);
    expect(names).toContain('<script>alert(1)</script>');
    expect(names).toContain('ZÜRICH-Ω "Büro", Stock 2\nRaum 5');
  });

  it('replaces characters XML 1.0 cannot carry', async () => {
    expect(escapeXml('a\u0000b\u001bc\td')).toBe('a\ufffdb\ufffdc&#9;d');
    const report = loadFixtureReport();
    report.machines[0]!.name = 'PC\u0007BELL';
    report.machines[0]!.findings[0]!.cause = 'ansi \u001b[31mred\u001b[0m';
    expect(cases(await parsed(report))[0]!.$.name).toBe('PC\ufffdBELL');
  });
});

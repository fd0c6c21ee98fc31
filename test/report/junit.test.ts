import { describe, expect, it } from '@jest/globals';
import { parseStringPromise } from 'xml2js';
import { render } from '../../src/report/index.js';
import { escapeXml } from '../../src/report/junit.js';
import { loadFixtureReport } from './fixtures/load.js';

interface Attrs { [name: string]: string }
interface XmlCase { $: Attrs; failure?: { $: Attrs; _?: string }[]; 'system-out'?: string[] }
interface XmlSuite { $: Attrs; testcase: XmlCase[] }
interface XmlDoc { testsuites: { $: Attrs; testsuite: XmlSuite[] } }

async function parsed(): Promise<XmlDoc> {
  return (await parseStringPromise(render(loadFixtureReport(), 'junit', { color: false }))) as XmlDoc;
}

describe('junit', () => {
  it('parses as XML with one suite per machine plus the fleet', async () => {
    const doc = await parsed();
    const report = loadFixtureReport();
    const names = doc.testsuites.testsuite.map((s) => s.$.name);
    expect(names).toEqual([...report.machines.map((m) => m.name), 'fleet']);
  });

  it('fails the verdict case exactly for failing machines', async () => {
    const doc = await parsed();
    const report = loadFixtureReport();
    report.machines.forEach((machine, i) => {
      const verdictCase = doc.testsuites.testsuite[i]!.testcase.find((c) => c.$.name === 'verdict')!;
      expect(Boolean(verdictCase.failure)).toBe(machine.verdict === 'failing');
    });
  });

  it('has one case per machine × rule, failing only for open errors', async () => {
    const doc = await parsed();
    const pc03 = doc.testsuites.testsuite.find((s) => s.$.name === 'PC03')!;
    expect(pc03.testcase.map((c) => c.$.name)).toEqual(['verdict', 'kms-dns-srv-missing', 'kms-renewal-overdue']);
    expect(pc03.testcase.every((c) => !c.failure)).toBe(true);
    const pc01 = doc.testsuites.testsuite.find((s) => s.$.name === 'PC01')!;
    const unreachable = pc01.testcase.find((c) => c.$.name === 'kms-host-unreachable')!;
    expect(unreachable.failure![0]!.$.message).toBe('0xC004F074 No KMS host could be contacted');
    expect(unreachable.failure![0]!._).toContain('evidence/PC01/Application.xml:299 (record 40089)');
  });

  it('counts tests and failures correctly in every suite and in total', async () => {
    const doc = await parsed();
    let tests = 0;
    let failures = 0;
    for (const suite of doc.testsuites.testsuite) {
      const suiteFailures = suite.testcase.filter((c) => c.failure).length;
      expect(Number(suite.$.tests)).toBe(suite.testcase.length);
      expect(Number(suite.$.failures)).toBe(suiteFailures);
      tests += suite.testcase.length;
      failures += suiteFailures;
    }
    expect(Number(doc.testsuites.$.tests)).toBe(tests);
    expect(Number(doc.testsuites.$.failures)).toBe(failures);
    // 3 failing verdicts + 3 machine error rules + 1 fleet error rule.
    expect(failures).toBe(7);
  });

  it('keeps hostile names as text', async () => {
    const doc = await parsed();
    const names = doc.testsuites.testsuite.map((s) => s.$.name);
    expect(names).toContain('<script>alert(1)</script>');
    expect(names).toContain('ZÜRICH-Ω "Büro", Stock 2\nRaum 5');
  });

  it('replaces characters XML 1.0 cannot carry', async () => {
    expect(escapeXml('a\u0000b\u001bc\td')).toBe('a\ufffdb\ufffdc&#9;d');
    const report = loadFixtureReport();
    report.machines[0]!.name = 'PC\u0007BELL';
    report.machines[0]!.findings[0]!.cause = 'ansi \u001b[31mred\u001b[0m';
    const doc = (await parseStringPromise(render(report, 'junit', { color: false }))) as XmlDoc;
    expect(doc.testsuites.testsuite[0]!.$.name).toBe('PC\ufffdBELL');
  });
});

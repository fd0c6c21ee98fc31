/**
 * JUnit XML for CI test tabs: one suite per machine with a `verdict` case
 * (fails when the machine is failing) and one case per rule that fired; a
 * `fleet` suite for cross-machine findings.
 */
import type { Finding, Report } from '../model/report.js';
import { evidenceLines, statusLine } from './common.js';

/** Text safe in XML 1.0 content and attributes: markup escaped, characters XML cannot carry replaced. */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Attribute values also keep their line breaks (a parser would fold them into spaces). */
function escapeAttr(value: string): string {
  return escapeXml(value).replace(/\n/g, '&#10;');
}

interface TestCase {
  name: string;
  classname: string;
  failure: { message: string; type: string; body: string } | null;
  output: string | null;
}

interface TestSuite {
  name: string;
  cases: TestCase[];
}

function describeFinding(f: Finding): string {
  const lines = [`${f.severity}${f.recovered ? ' (recovered)' : ''}: ${f.code ? `${f.code} ` : ''}${f.title}`, `Cause: ${f.cause}`];
  if (f.resolution) lines.push(`Fix: ${f.resolution}`);
  if (f.nextCommand) lines.push(`Next: ${f.nextCommand}`);
  if (f.runOn) lines.push(`Run on ${f.runOn.machines.join(', ')}: ${f.runOn.command}`);
  for (const line of evidenceLines(f.evidence, f.moreEvidence)) lines.push(`Evidence: ${line}`);
  return lines.join('\n');
}

/** A rule's case fails when it has an open error; warnings and notes pass and are shown as output. */
function ruleCases(owner: string, findings: readonly Finding[]): TestCase[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  return [...byRule.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([ruleId, list]) => {
      const failing = list.filter((f) => f.severity === 'error' && !f.recovered);
      const body = list.map(describeFinding).join('\n\n');
      return {
        name: ruleId,
        classname: `activation-doctor.${owner}`,
        failure: failing.length ? { message: failing.map((f) => `${f.code ? `${f.code} ` : ''}${f.title}`).join('; '), type: ruleId, body } : null,
        output: failing.length ? null : body,
      };
    });
}

function buildSuites(report: Report): TestSuite[] {
  const suites: TestSuite[] = report.machines.map((m) => {
    const errors = m.findings.filter((f) => f.severity === 'error' && !f.recovered);
    const verdictCase: TestCase = {
      name: 'verdict',
      classname: `activation-doctor.${m.name}`,
      failure:
        m.verdict === 'failing'
          ? { message: `${m.name} is failing: ${errors.map((f) => f.code ?? f.ruleId).join(', ') || 'see findings'}`, type: 'failing', body: errors.map(describeFinding).join('\n\n') }
          : null,
      output: `verdict: ${m.verdict}; status: ${statusLine(m)}${m.note ? `; ${m.note}` : ''}; files: ${m.files.join(', ')}`,
    };
    return { name: m.name, cases: [verdictCase, ...ruleCases(m.name, m.findings)] };
  });
  if (report.fleetFindings.length) suites.push({ name: 'fleet', cases: ruleCases('fleet', report.fleetFindings) });
  return suites;
}

function renderCase(c: TestCase): string[] {
  const open = `    <testcase name="${escapeAttr(c.name)}" classname="${escapeAttr(c.classname)}" time="0"`;
  if (!c.failure && !c.output) return [`${open}/>`];
  const lines = [`${open}>`];
  if (c.failure) lines.push(`      <failure message="${escapeAttr(c.failure.message)}" type="${escapeAttr(c.failure.type)}">${escapeXml(c.failure.body)}</failure>`);
  if (c.output) lines.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

export function renderJunit(report: Report): string {
  const suites = buildSuites(report);
  const failures = (s: TestSuite): number => s.cases.filter((c) => c.failure).length;
  const totalTests = suites.reduce((n, s) => n + s.cases.length, 0);
  const totalFailures = suites.reduce((n, s) => n + failures(s), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeAttr(report.tool.name)}" tests="${totalTests}" failures="${totalFailures}" errors="0" skipped="0" time="0">`,
  ];
  suites.forEach((suite, id) => {
    lines.push(`  <testsuite name="${escapeAttr(suite.name)}" id="${id}" tests="${suite.cases.length}" failures="${failures(suite)}" errors="0" skipped="0" time="0">`);
    for (const c of suite.cases) lines.push(...renderCase(c));
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/**
 * JUnit XML for CI test tabs: one test case per machine, named after the machine,
 * failed exactly when the exit code counts one of its findings (the same
 * `--fail-on`), with its findings in the failure body. A machine without
 * activation evidence (`unknown`) is skipped with the reason (failed when
 * `--fail-on-unknown` or `check` counts it); cross-machine
 * findings are one more case, `fleet`.
 */
import type { Finding, MachineReport, Report } from '../model/report.js';
import { machineCounted, countedFindings, type FailOn } from '../pipeline/exit-code.js';
import { evidenceLines, statusLine } from './common.js';
import { isUnknownVerdict } from './inventory.js';
import { joinGroups, t } from '../i18n/index.js';

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

const CLASSNAME = 'activation-doctor';

interface TestCase {
  name: string;
  failure: { message: string; type: string; body: string } | null;
  skipped: string | null;
  output: string | null;
}

function describeFinding(f: Finding): string {
  const severity = f.recovered ? t('junit.recoveredSeverity', { severity: t(`junit.severity.${f.severity}`) }) : t(`junit.severity.${f.severity}`);
  const lines = [`${severity}: ${f.code ? `${f.code} ` : ''}${f.title} [${f.ruleId}]`, `${t('junit.label.cause')} ${f.cause}`];
  if (f.resolution) lines.push(`${t('junit.label.fix')} ${f.resolution}`);
  if (f.nextCommand) lines.push(`${t('junit.label.next')} ${f.nextCommand}`);
  if (f.runOn) lines.push(t('junit.runOn', { machines: f.runOn.machines.join(', '), command: f.runOn.command }));
  for (const line of evidenceLines(f.evidence, f.moreEvidence)) lines.push(`${t('junit.label.evidence')} ${line}`);
  return lines.join('\n');
}

function headline(f: Finding): string {
  return `${f.code ? `${f.code} ` : ''}${f.title}`;
}

interface CaseRule {
  failOn: FailOn;
  failOnUnknown: boolean;
}

function testCase(name: string, findings: readonly Finding[], failed: boolean, failOn: FailOn, preface: string, skipReason: string | null): TestCase {
  const counted = countedFindings(findings, failOn);
  const body = [preface, ...findings.map(describeFinding)].join('\n\n');
  if (failed) {
    const message = counted.length ? joinGroups(counted.map(headline)) : skipReason ?? t('junit.countedByExitCode');
    return { name, failure: { message, type: counted[0]?.ruleId ?? 'unknown', body }, skipped: null, output: null };
  }
  return { name, failure: null, skipped: skipReason, output: body };
}

function machineCase(machine: MachineReport, rule: CaseRule): TestCase {
  const unknown = isUnknownVerdict(machine.verdict) ? machine.note ?? t('status.unknownReason') : null;
  const preface = t('junit.verdictOutput', {
    verdict: t(`verdict.${machine.verdict}`),
    status: statusLine(machine),
    note: machine.note ? `; ${machine.note}` : '',
    files: machine.files.join(', '),
  });
  return testCase(machine.name, machine.findings, machineCounted(machine, rule.failOn, rule.failOnUnknown), rule.failOn, preface, unknown);
}

function renderCase(c: TestCase): string[] {
  const open = `    <testcase name="${escapeAttr(c.name)}" classname="${CLASSNAME}" time="0"`;
  if (!c.failure && !c.output && !c.skipped) return [`${open}/>`];
  const lines = [`${open}>`];
  if (c.failure) lines.push(`      <failure message="${escapeAttr(c.failure.message)}" type="${escapeAttr(c.failure.type)}">${escapeXml(c.failure.body)}</failure>`);
  if (c.skipped) lines.push(`      <skipped message="${escapeAttr(c.skipped)}"/>`);
  if (c.output) lines.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

export function renderJunit(report: Report, failOn: FailOn = 'error', failOnUnknown = false): string {
  const cases = report.machines.map((machine) => machineCase(machine, { failOn, failOnUnknown }));
  if (report.fleetFindings.length) {
    const machines = [...new Set(report.fleetFindings.flatMap((f) => f.machines ?? []))];
    const failed = countedFindings(report.fleetFindings, failOn).length > 0;
    cases.push(testCase('fleet', report.fleetFindings, failed, failOn, t('junit.fleetPreface', { machines: machines.join(', ') }), null));
  }
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeAttr(report.tool.name)}" ${counts}>`,
    `  <testsuite name="${escapeAttr(t('junit.suiteName', { failOn }))}" id="0" ${counts}>`,
    ...cases.flatMap(renderCase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

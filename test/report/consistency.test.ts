/**
 * One truth in every format: the demo fleet rendered in each format shows the same
 * verdicts, the same counts and the same finding order as the report model.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { PACKAGE_ROOT, RULES_DIR } from '../../src/data/paths.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { loadRules } from '../../src/engine/index.js';
import { scan } from '../../src/pipeline/scan.js';
import { render, summaryLine } from '../../src/report/index.js';
import type { Report } from '../../src/model/report.js';
import { parseCsv } from '../helpers/csv.js';

const catalog = loadCatalog();
const rules = loadRules([RULES_DIR], catalog);
const ruleTitles = new Map(rules.map((rule) => [rule.id, rule.title]));
let report: Report;

/** Per machine (and `Fleet`), the rule ids in the order shown. */
type Order = Record<string, string[]>;

function modelOrder(): Order {
  const order: Order = {};
  for (const machine of report.machines) order[machine.name] = machine.findings.map((f) => f.ruleId);
  if (report.fleetFindings.length) order.Fleet = report.fleetFindings.map((f) => f.ruleId);
  return order;
}

function modelVerdicts(): Record<string, string> {
  return Object.fromEntries(report.machines.map((m) => [m.name, m.verdict]));
}


beforeAll(async () => {
  ({ report } = await scan([join(PACKAGE_ROOT, 'fixtures', 'fleet')], { rules, catalog, jobs: 2 }));
});

describe('every format shows what the report model stores', () => {
  it('json is the model itself', () => {
    const json = JSON.parse(render(report, 'json', { color: false })) as Report;
    expect(json.summary).toEqual(report.summary);
    expect(Object.fromEntries(json.machines.map((m) => [m.name, m.verdict]))).toEqual(modelVerdicts());
  });

  it('text: verdicts, finding order and counts', () => {
    const text = render(report, 'text', { color: false, width: 400, ruleTitles });
    const verdicts: Record<string, string> = {};
    const keys: Record<string, string[]> = {};
    const fleet: string[] = [];
    let inFleet = false;
    for (const line of text.split('\n')) {
      const machine = /^  (\S+) +(FAILING|WARNING|UNKNOWN|OK) +.*?(?:  ([\w/, -]+))?$/.exec(line);
      if (machine && !inFleet && report.machines.some((m) => m.name === machine[1])) {
        verdicts[machine[1]!] = machine[2]!.toLowerCase();
        keys[machine[1]!] = machine[3] ? machine[3].split(', ') : [];
      }
      if (/^Fleet  /.test(line)) inFleet = true;
      if (/^Summary/.test(line)) inFleet = false;
      const finding = /^  (ERROR|WARNING|INFO|RECOVERED) .*\[([a-z0-9/-]+)\]$/.exec(line);
      if (finding && inFleet) fleet.push(finding[2]!);
    }
    expect(verdicts).toEqual(modelVerdicts());
    // each machine's line names its findings' codes in the model order
    const modelKeys = Object.fromEntries(report.machines.map((m) => [m.name, [...new Set(m.findings.map((f) => f.code ?? f.ruleId))]]));
    expect(keys).toEqual(modelKeys);
    expect(fleet).toEqual(modelOrder().Fleet ?? []);
    const s = report.summary;
    expect(text).toContain(`Open findings: ${s.errors} errors, ${s.warnings} warnings, ${s.infos} note${s.infos === 1 ? '' : 's'}; ${s.recovered} recovered`);
  });

  it('markdown: verdicts, finding order and counts', () => {
    const md = render(report, 'markdown', { color: false, ruleTitles });
    const order: Order = {};
    const verdicts: Record<string, string> = {};
    let current = '';
    for (const line of md.split('\n')) {
      const summary = /^<summary><b>(.+?)<\/b>(?:: (failing|warning|unknown|ok))?/.exec(line);
      if (summary) {
        current = summary[1] === 'Across the fleet' ? 'Fleet' : summary[1]!;
        if (summary[2]) verdicts[current] = summary[2];
        order[current] = [];
        continue;
      }
      const finding = /^- \*\*.*\(`([a-z0-9/-]+)`\)$/.exec(line);
      if (finding && order[current]) order[current]!.push(finding[1]!);
    }
    const shown = Object.fromEntries(Object.entries(modelVerdicts()).filter(([name]) => name in verdicts));
    expect(verdicts).toEqual(shown);
    const withFindings = Object.fromEntries(Object.entries(modelOrder()).filter(([, ids]) => ids.length));
    expect(Object.fromEntries(Object.entries(order).filter(([, ids]) => ids.length))).toEqual(withFindings);
    expect(md).toContain(`| 🔴 failing | ${report.summary.machinesByVerdict.failing} |`);
    expect(md).toContain(`**Open findings**: ${report.summary.errors} errors, ${report.summary.warnings} warnings.`);
  });

  it('jsonl and csv: one row per finding in the model order', () => {
    const expected = report.machines.flatMap((m) => m.findings.map((f) => [m.name, m.verdict, f.ruleId])).concat(report.fleetFindings.map((f) => ['', '', f.ruleId]));
    const jsonl = render(report, 'jsonl', { color: false }).trim().split('\n').map((line) => JSON.parse(line) as { machine: string | null; verdict: string | null; ruleId: string });
    expect(jsonl.map((r) => [r.machine ?? '', r.verdict ?? '', r.ruleId])).toEqual(expected);
    const [header, ...rows] = parseCsv(render(report, 'csv', { color: false }));
    const at = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[at('machine')], r[at('verdict')], r[at('ruleId')]])).toEqual(expected);
  });

  it('sarif: results in the model order', () => {
    const sarif = JSON.parse(render(report, 'sarif', { color: false, catalog, ruleTitles })) as { runs: { results: { ruleId: string; properties: { machine: string | null } }[] }[] };
    const expected: (string | null)[][] = report.machines.flatMap((m) => m.findings.map((f) => [m.name, f.ruleId]));
    expected.push(...report.fleetFindings.map((f) => [null, f.ruleId]));
    expect(sarif.runs[0]!.results.map((r) => [r.properties.machine, r.ruleId])).toEqual(expected);
  });

  it('junit: one case per machine, failing exactly when the verdict is failing (--fail-on error)', () => {
    const xml = render(report, 'junit', { color: false, failOn: 'error' });
    for (const machine of report.machines) {
      const testCase = new RegExp(`<testcase name="${machine.name}"[\\s\\S]*?(?:/>|</testcase>)`).exec(xml);
      expect(testCase).not.toBeNull();
      expect([machine.name, testCase![0].includes('<failure')]).toEqual([machine.name, machine.verdict === 'failing']);
      expect(testCase![0]).toContain(`verdict: ${machine.verdict}`);
    }
  });

  it('html: verdicts, order and the summary cards', () => {
    const html = render(report, 'html', { color: false, ruleTitles });
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!) as { g: string[][]; m: { n: string; v: string; f: [number][] }[] };
    expect(Object.fromEntries(data.m.map((m) => [m.n, m.v]))).toEqual(modelVerdicts());
    const order: Order = Object.fromEntries(data.m.map((m) => [m.n, m.f.map((f) => data.g[f[0]]![3]!)]));
    const fleet = /<h2>Across the fleet<\/h2>([\s\S]*?)<\/section>/.exec(html);
    if (fleet) order.Fleet = [...fleet[1]!.matchAll(/<span class="muted mono">([a-z0-9/-]+)<\/span><dl>/g)].map((m) => m[1]!);
    expect(order).toEqual(modelOrder());
    const s = report.summary;
    expect(html).toContain(`<div class="card failing"><div class="n">${s.machinesByVerdict.failing}</div>`);
    expect(html).toContain(`<div class="n">${s.errors}</div><div class="muted">open errors</div>`);
  });

  it('the stderr summary line uses the same counts', () => {
    const s = report.summary;
    const v = s.machinesByVerdict;
    expect(summaryLine(report)).toContain(`${s.machines} machines (${v.failing} failing, ${v.warning} warning, ${v.unknown} unknown, ${v.ok} ok), ${s.errors} errors, ${s.warnings} warnings`);
  });

  it('evidence is stored in reading order (file, then record or line)', () => {
    for (const finding of report.machines.flatMap((m) => m.findings).concat(report.fleetFindings)) {
      const keys = finding.evidence.map((ref) => [ref.file, ref.recordId ?? ref.line ?? 0] as const);
      const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
      expect(keys).toEqual(sorted);
    }
  });

  it('long runs of evidence collapse in the text report', () => {
    const text = render(report, 'text', { color: false, width: 400 });
    expect(text).toContain('fixtures/fleet/KMS01/KeyManagementService.xml:1–9 (9 events, records 40025–40033)');
  });
});

describe('scan and check count the same fleet the same way', () => {
  it('check without violations keeps the summary of scan', async () => {
    const { applyPolicy } = await import('../../src/policy/index.js');
    const checked = applyPolicy({ name: 'empty', require: {} }, report);
    expect(checked.summary).toEqual(report.summary);
    expect(checked.machines.map((m) => [m.name, m.verdict, m.findings.map((f) => f.ruleId)])).toEqual(
      report.machines.map((m) => [m.name, m.verdict, m.findings.map((f) => f.ruleId)]),
    );
  });
});

describe('merge renders the same model', () => {
  it('merging the one shard gives the same verdicts, order and counts', async () => {
    const { mergeReports } = await import('../../src/pipeline/merge.js');
    const merged = mergeReports([JSON.parse(render(report, 'json', { color: false })) as Report], rules, catalog);
    expect(merged.summary).toEqual(report.summary);
    expect(merged.machines.map((m) => [m.name, m.verdict, m.findings.map((f) => f.ruleId)])).toEqual(
      report.machines.map((m) => [m.name, m.verdict, m.findings.map((f) => f.ruleId)]),
    );
    expect(merged.inventory).toEqual(report.inventory);
  });
});

describe('top causes tell the truth about the fleet', () => {
  it('group by rule and code, with the rule\'s own title and the machines named', async () => {
    const { topCauses } = await import('../../src/pipeline/assemble.js');
    const causes = topCauses(report, ruleTitles);
    // the host that sees clones and the clones themselves are two causes, not one 0xC004F038 group
    const hostSide = causes.find((c) => c.ruleId === 'duplicate-cmid-seen-by-host')!;
    const clientSide = causes.find((c) => c.ruleId === 'duplicate-cmid')!;
    expect(hostSide).toMatchObject({ code: '0xC004F038', title: ruleTitles.get('duplicate-cmid-seen-by-host'), machines: ['KMS01'] });
    expect(clientSide).toMatchObject({ code: '0xC004F038', title: ruleTitles.get('duplicate-cmid'), machines: ['PC09', 'PC10'] });
    const open = new Set(report.machines.flatMap((m) => m.findings).concat(report.fleetFindings).filter((f) => !f.recovered && f.severity !== 'info').map((f) => `${f.ruleId} ${f.code}`));
    expect(causes.map((c) => `${c.ruleId} ${c.code}`).sort()).toEqual([...open].sort());
    expect(causes.length).toBeGreaterThan(5);
  });

  it('every cause is shown in text, with its machines', () => {
    const text = render(report, 'text', { color: false, width: 400, ruleTitles });
    const section = text.slice(text.indexOf('  Top causes:'));
    expect(section).toContain(`2 machines  0xC004F038 ${ruleTitles.get('duplicate-cmid')} [duplicate-cmid]: PC09, PC10`);
    expect(section).toContain('[duplicate-cmid-seen-by-host]: KMS01');
    expect(section).toContain('KMS hosts in use:');
  });
});

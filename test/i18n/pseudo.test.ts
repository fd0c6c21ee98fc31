/**
 * `--lang qps` over the demo fleet in every format, and over evidence that makes
 * the report model write its own sentences (unknown machines, identity conflicts,
 * a --since window, Office and evaluation advice, a policy, a merge), and the
 * `events` command's stderr: every word a person reads must come from a message
 * file (accented, bracketed), so an English word left is a string that bypasses
 * t(). Allowed: what the evidence itself says (machine names, paths, hosts,
 * products, GUIDs), rule ids, codes, commands, JSON keys and the machine-readable
 * enum values of json/jsonl/csv/sarif.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { MACHINE_OPTION } from '../../src/pipeline/machines.js';
import type { Report } from '../../src/model/report.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../src/report/index.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { parseCsv } from '../helpers/csv.js';

const WORD = /[A-Za-z][A-Za-z]{2,}/g;

/** Compared case-insensitively: the tool upper-cases short host names (kms-old → KMS-OLD). */
function words(text: string): Set<string> {
  return new Set((text.match(WORD) ?? []).map((word) => word.toLowerCase()));
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
}

/** Words that come from the evidence and the tool's data, not from its sentences. */
function dataWords(report: Report): Set<string> {
  const strings: string[] = [report.tool.name, report.tool.version];
  for (const file of report.files) strings.push(file.path, file.kind, file.encoding ?? '', file.machine ?? '');
  for (const machine of report.machines) {
    strings.push(machine.name, ...machine.files);
    collectStrings(machine.facts, strings);
  }
  for (const finding of [...report.machines.flatMap((m) => m.findings), ...report.fleetFindings]) {
    strings.push(finding.ruleId, finding.code ?? '', finding.nextCommand ?? '', ...finding.evidence.map((ref) => ref.file));
  }
  for (const entry of loadCatalog().values()) strings.push(entry.name ?? '', ...entry.resolution.map((step) => step.command ?? ''));
  // Commands the tool writes into sentences ({{activateCommand}}, {{statusCommand}}, {{historyCommand}},
  // the unknown note, the identity warnings, the time-window note, the evaluation and Office advice).
  strings.push('cscript slmgr.vbs /ato /dlv', 'cscript ospp.vbs /act /dstatus /dhistorykms /dinstid', MACHINE_OPTION, '--since --until');
  strings.push('DISM /Online /Set-Edition:<edition> /ProductKey:<key> /AcceptEula');
  return words(strings.join(' '));
}

/** The parts of each format a person reads. */
function humanText(format: OutputFormat, output: string): string {
  switch (format) {
    case 'json':
      return reportHumanStrings(JSON.parse(output) as Report).join('\n');
    case 'jsonl':
      return output
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const row = JSON.parse(line) as Record<string, unknown>;
          return [row.title, row.cause, row.resolution].join(' ');
        })
        .join('\n');
    case 'sarif': {
      const sarif = JSON.parse(output) as {
        runs: { tool: { driver: { rules: Record<string, { text?: string; markdown?: string }>[] } }; results: { message: { text: string } }[] }[];
      };
      const run = sarif.runs[0]!;
      const ruleTexts = run.tool.driver.rules.flatMap((rule) =>
        ['shortDescription', 'fullDescription', 'help'].flatMap((key) => [rule[key]?.text ?? '', rule[key]?.markdown ?? '']),
      );
      return [...ruleTexts, ...run.results.map((result) => result.message.text)].join('\n');
    }
    case 'csv':
      // Columns scope, verdict, severity, recovered hold enum values (like JSON); the header names columns.
      return parseCsv(output)
        .slice(1)
        .map((row) => row.filter((_, i) => ![0, 2, 3, 4].includes(i)).join(' '))
        .join('\n');
    case 'junit':
      // Test case "verdict" and failure type "failing" are identifiers for CI, like rule ids.
      return output
        .replace(/name="verdict"|type="failing"/g, ' ')
        .replace(/<\?xml[^>]*\?>/g, ' ')
        .replace(/<\/?[\w-]+|\/?>/g, ' ')
        .replace(/\b[\w-]+="/g, '"')
        .replace(/&[a-z]+;|&#\d+;/g, ' ');
    case 'compact':
      // The level after file:line is a fixed keyword for grep (`grep ': error:'`), like a rule id.
      return output.replace(/: (?:error|warning|info|recovered): /g, ': ');
    case 'markdown':
      // <details> and <summary> fold the per-machine sections: markup, not words; `code spans` are commands.
      return output.replace(/<\/?(?:details|summary|b|br)>/g, ' ').replace(/`[^`\n]+`/g, ' ');
    case 'html':
      return (
        output
          .replace(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/, (_, json: string) =>
            pageWords(JSON.parse(json) as { s: unknown; unknownReason: string }),
          )
          .replace(/<style>[\s\S]*?<\/style>|<script>[\s\S]*?<\/script>/g, ' ')
          // command-line options quoted in <code> are commands, not words
          .replace(/<code>--[^<]*<\/code>/g, ' ')
          .replace(/<[^>]*\b(?:placeholder|aria-label|title)="([^"]*)"[^>]*>/g, ' $1 ')
          .replace(/<[^>]+>/g, ' ')
          .replace(/&[a-z]+;|&#\d+;/g, ' ')
          .replace(/<!DOCTYPE html>/g, ' ')
      );
    default:
      return output;
  }
}

/**
 * Every string of a JSON report a person reads: the whole report walked, less what is data
 * (so a human field added later is read too): file reports (but their problems' messages), facts,
 * evidence, names, enum values, times, commands, the status (product names from the evidence,
 * license-state enum values, hosts), counts and the KMS host inventory.
 */
const DATA_KEYS = new Set([
  'schemaVersion',
  'tool',
  'lang',
  'files',
  'facts',
  'evidence',
  'name',
  'verdict',
  'status',
  'outsideWindow',
  'ruleId',
  'severity',
  'code',
  'nextCommand',
  'command',
  'time',
  'summary',
  'inventory',
  'moreEvidence',
]);

function reportHumanStrings(report: Report): string[] {
  const strings: string[] = [];
  const walk = (value: unknown, key: string | null, parent: string | null): void => {
    if (key !== null && DATA_KEYS.has(key)) return;
    // a finding's `machines` names machines; the report's `machines` holds them
    if (key === 'machines' && parent === 'finding') return;
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) for (const item of value) walk(item, null, key === 'findings' || key === 'fleetFindings' ? 'finding' : parent);
    else if (value && typeof value === 'object') for (const [child, item] of Object.entries(value)) walk(item, child, parent);
  };
  walk(report, null, null);
  for (const file of report.files) for (const problem of file.problems) strings.push(problem.message);
  return strings;
}

/** The words the page script writes (`s`, with its {placeholders} left out); the rest of the data block is the report's own data. */
function pageWords(data: { s: unknown; unknownReason: string }): string {
  const strings: string[] = [data.unknownReason];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value.replace(/\{\w+\}/g, ' '));
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(data.s);
  return ` ${strings.join(' ')} `;
}

describe('--lang qps over fixtures/fleet leaves no English', () => {
  const json = runCli(['scan', 'fixtures/fleet', '--lang', 'qps', '--format', 'json', '--quiet', '--jobs', '2']);
  const report = JSON.parse(json.stdout) as Report;
  const allowed = dataWords(report);

  it('the report says it is in qps', () => {
    expect(report.lang).toBe('qps');
  });

  for (const format of OUTPUT_FORMATS) {
    it(`--format ${format}`, () => {
      const run = format === 'json' ? json : runCli(['scan', 'fixtures/fleet', '--lang', 'qps', '--format', format, '--quiet', '--jobs', '2']);
      const text = humanText(format, run.stdout);
      const english = [...words(text)].filter((word) => !allowed.has(word)).sort();
      expect(english).toEqual([]);
    });
  }

  it('the html machine table: status line, license state, product, days left and note are words, not enum values', () => {
    const html = runCli(['scan', 'fixtures/fleet', '--lang', 'qps', '--format', 'html', '--quiet', '--jobs', '2']).stdout;
    const data = JSON.parse(/id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { m: { p: string; l: string; x: string; st: string; o: string }[] };
    expect(data.m.length).toBe(report.machines.length);
    // the evidence's own words (products, hosts) are allowed; license-state enum values are not
    const states = new Set(['unlicensed', 'licensed', 'oob', 'oot', 'nongenuine', 'grace', 'notification', 'extended', 'unknown']);
    const own = new Set([...allowed].filter((word) => !states.has(word)));
    const english = [...words(data.m.map((m) => [m.p, m.l, m.x, m.st, m.o].join(' ')).join('\n'))].filter((word) => !own.has(word)).sort();
    expect(english).toEqual([]);
  });

  it('the summary line and exit reason on stderr', () => {
    const run = runCli(['scan', 'fixtures/fleet', '--lang', 'qps', '--format', 'json', '--jobs', '2']);
    const english = [...words(run.stderr)].filter((word) => !allowed.has(word) && word !== 'error');
    expect(english).toEqual([]);
  });
});

/**
 * Evidence that makes the report model write its own sentences, from the fixtures the
 * other tests use: a real log with only hardware-change events (unknown), two computers'
 * slmgr outputs in one folder and event exports of two computers beside a text
 * (test/pipeline/machine-naming.test.ts), the real slmgr samples (evaluation edition,
 * KMS host), the fleet with a --since window (test/e2e/verdicts.test.ts), under a policy.
 */
describe('--lang qps over what the report model writes itself leaves no English', () => {
  let tmp: string;
  const jsonRuns = new Map<string, CliRun>();
  /** The qps JSON report of a case, run once. */
  const jsonOf = (name: string, args: string[]): { run: CliRun; report: Report } => {
    let run = jsonRuns.get(name);
    if (!run) jsonRuns.set(name, (run = runCli([...args, '--lang', 'qps', '--format', 'json', '--quiet', '--jobs', '2'])));
    return { run, report: JSON.parse(run.stdout) as Report };
  };

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ad-qps-'));
    const pc31 = join(tmp, 'conflicts', 'PC31');
    const pc41 = join(tmp, 'conflicts', 'PC41');
    mkdirSync(pc31, { recursive: true });
    mkdirSync(pc41, { recursive: true });
    copyFileSync('fixtures/slmgr/en/011-slmgr-dli-server2012-kmsclient-licensed-dns-discovered.txt', join(pc31, 'slmgr-dli.txt'));
    copyFileSync('fixtures/slmgr/en/020-slmgr-dli-win7-enterprise-kmsclient-licensed-msdoc.txt', join(pc31, 'slmgr-dlv.txt'));
    copyFileSync('fixtures/fleet/PC09/Application.xml', join(pc41, 'a.xml'));
    copyFileSync('fixtures/fleet/PC10/Application.xml', join(pc41, 'b.xml'));
    copyFileSync('fixtures/fleet/PC07/slmgr.txt', join(pc41, 'slmgr.txt'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** Name, arguments, and words of the run's own data that are not in the report (the policy's name). */
  const cases: [string, () => string[], string[]][] = [
    [
      'an unknown machine (hardware-change events only)',
      () => ['scan', 'fixtures/events/real/sbousseaden__EVTX-ATTACK-SAMPLES-rogue_msi_url_1040_1042.spp.xml'],
      [],
    ],
    ['identity conflicts', () => ['scan', join(tmp, 'conflicts')], []],
    ['real slmgr outputs (evaluation edition, KMS host)', () => ['scan', 'fixtures/slmgr/en'], []],
    ['a --since window that leaves a machine without facts', () => ['scan', 'fixtures/fleet', '--since', '2026-11-18'], []],
    ['a policy', () => ['check', '--policy', 'kms-client-image', 'fixtures/fleet'], ['image']],
  ];

  for (const [name, args, own] of cases) {
    for (const format of OUTPUT_FORMATS) {
      it(`${name}: --format ${format}`, () => {
        const { run: json, report } = jsonOf(name, args());
        const run = format === 'json' ? json : runCli([...args(), '--lang', 'qps', '--format', format, '--quiet', '--jobs', '2']);
        const allowed = new Set([...dataWords(report), ...own]);
        const english = [...words(humanText(format, run.stdout))].filter((word) => !allowed.has(word)).sort();
        expect(english).toEqual([]);
        if (format === 'json') {
          // the sentences this case is about are in the report, so the check above read them
          const findings = report.machines.flatMap((m) => m.findings);
          if (name.startsWith('an unknown')) expect(report.machines[0]!.note).toMatch(/^⟦/);
          if (name === 'identity conflicts') {
            const conflicts = findings.filter((f) => f.ruleId === 'machine-identity-conflict');
            expect(conflicts).toHaveLength(2);
            for (const f of conflicts) expect([f.title, f.cause, f.resolution].every((text) => text.startsWith('⟦'))).toBe(true);
          }
          if (name.startsWith('real slmgr')) expect(findings.some((f) => f.nextCommand === 'DISM /Online /Get-TargetEditions')).toBe(true);
          if (name.startsWith('a --since')) expect(report.machines.find((m) => m.name === 'PC12')!.note).toMatch(/^⟦.*--since 2026-11-18/);
        }
      });
    }
    it(`${name}: the machine rows (csv and jsonl --rows machines) and stderr`, () => {
      const rows = runCli([...args(), '--lang', 'qps', '--format', 'jsonl', '--rows', 'machines', '--jobs', '2']);
      const { report } = jsonOf(name, args());
      const allowed = new Set([...dataWords(report), ...own]);
      const human = rows.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { product: string | null; expiry: string | null })
        .map((row) => `${row.product ?? ''} ${row.expiry ?? ''}`)
        .join('\n');
      const english = [...words(`${human}\n${rows.stderr}`)].filter((word) => !allowed.has(word) && word !== 'error').sort();
      expect(english).toEqual([]);
    });
  }

  it('merge writes the notes again in its own language', () => {
    const shard = join(tmp, 'since.json');
    runCli(['scan', 'fixtures/fleet', '--since', '2026-11-18', '--format', 'json', '--quiet', '-o', shard]);
    const run = runCli(['merge', shard, '--lang', 'qps', '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.machines.find((m) => m.name === 'PC12')!.note).toMatch(/^⟦/);
    // a file's problem messages stay in the language its shard was scanned in (English here): only the notes are written again
    const problems = report.files.flatMap((file) => file.problems.map((problem) => problem.message)).join(' ');
    const allowed = new Set([...dataWords(report), ...words(problems)]);
    const english = [...words(`${humanText('json', run.stdout)}\n${run.stderr}`)].filter((word) => !allowed.has(word) && word !== 'error').sort();
    expect(english).toEqual([]);
  });

  it("the events command's stderr: its summary line and the files' problems", () => {
    const run = runCli(['events', 'fixtures/fleet', '--lang', 'qps', '-o', join(tmp, 'events.jsonl')]);
    const lines = run.stderr.split('\n').filter(Boolean);
    // `activation-doctor: <file>: <problem>`, then the summary line
    const text = lines.map((line) => line.replace(/^activation-doctor: fixtures\/\S+: /, ''));
    expect(lines.filter((line) => !line.startsWith('activation-doctor: '))).toHaveLength(1);
    expect(text.at(-1)).toMatch(/^⟦/);
    // a file kind quoted in a problem (`slmgr`, `ospp`) is the kind's JSON value
    const kinds = new Set(['slmgr', 'ospp', 'event', 'xml', 'clixml', 'evtx', 'text', 'empty', 'binary', 'unknown']);
    expect([...words(text.join('\n'))].filter((word) => !kinds.has(word))).toEqual([]);
  });
});

/**
 * `--lang qps` over the demo fleet in every format: every word a person reads
 * must come from a message file (accented, bracketed), so an English word left
 * is a string that bypasses t(). Allowed: what the evidence itself says (machine
 * names, paths, hosts, products, GUIDs), rule ids, codes, commands, JSON keys and
 * the machine-readable enum values of json/jsonl/csv/sarif.
 */
import { describe, expect, it } from '@jest/globals';
import { loadCatalog } from '../../src/catalog/catalog.js';
import type { Report } from '../../src/model/report.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';

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
  // Commands the tool writes into sentences ({{activateCommand}}, {{statusCommand}}, {{historyCommand}}).
  strings.push('cscript slmgr.vbs /ato /dlv', 'cscript ospp.vbs /act /dstatus /dhistorykms');
  return words(strings.join(' '));
}

/** The parts of each format a person reads. */
function humanText(format: OutputFormat, output: string): string {
  switch (format) {
    case 'json': {
      const report = JSON.parse(output) as Report;
      const findings = [...report.machines.flatMap((m) => m.findings), ...report.fleetFindings];
      return findings.map((f) => [f.title, f.cause, f.resolution].join(' ')).join('\n');
    }
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
      // <details> and <summary> fold the per-machine sections: markup, not words.
      return output.replace(/<\/?(?:details|summary|b|br)>/g, ' ');
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

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
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

  it('the summary line and exit reason on stderr', () => {
    const run = runCli(['scan', 'fixtures/fleet', '--lang', 'qps', '--format', 'json', '--jobs', '2']);
    const english = [...words(run.stderr)].filter((word) => !allowed.has(word) && word !== 'error');
    expect(english).toEqual([]);
  });
});

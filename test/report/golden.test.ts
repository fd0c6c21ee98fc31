/** Every format rendered from the fixture equals its committed golden file (UPDATE_GOLDEN=1 rewrites them). */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_FORMATS, render, summaryLine, type OutputFormat } from '../../src/report/index.js';
import { TEST_CATALOG } from './fixtures/catalog.js';
import { loadFixtureReport, REPORT_DIR } from './fixtures/load.js';

const EXTENSION: Record<OutputFormat, string> = {
  text: 'txt',
  json: 'json',
  jsonl: 'jsonl',
  csv: 'csv',
  markdown: 'md',
  sarif: 'sarif.json',
  junit: 'junit.xml',
  html: 'html',
};

function expectGolden(name: string, actual: string): void {
  const file = join(REPORT_DIR, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npm test`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('golden outputs', () => {
  it.each(OUTPUT_FORMATS.map((f) => [f]))('%s matches the committed golden file', (format) => {
    expectGolden(`report.${EXTENSION[format]}`, render(loadFixtureReport(), format, { color: false, catalog: TEST_CATALOG }));
  });

  it('coloured text matches its golden file', () => {
    expectGolden('report.color.txt', render(loadFixtureReport(), 'text', { color: true }));
  });

  it('sarif without a catalog falls back to the findings for rule metadata', () => {
    expectGolden('report.nocatalog.sarif.json', render(loadFixtureReport(), 'sarif', { color: false }));
  });

  it('rendering is deterministic', () => {
    for (const format of OUTPUT_FORMATS) {
      expect(render(loadFixtureReport(), format, { color: false })).toBe(render(loadFixtureReport(), format, { color: false }));
    }
  });

  it('json is exactly the report', () => {
    const report = loadFixtureReport();
    expect(JSON.parse(render(report, 'json', { color: false }))).toEqual(report);
  });

  it('summaryLine is one greppable line with the fixture counts', () => {
    const line = summaryLine(loadFixtureReport());
    expect(line).toBe('activation-doctor: 7 machines (3 failing, 2 warning, 0 unknown, 2 ok), 4 errors, 3 warnings; files: 10 parsed, 1 partial, 2 skipped, 2 error');
  });
});

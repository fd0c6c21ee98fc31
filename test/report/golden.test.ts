/** Every format in the registry, rendered from the fixture, equals its golden file (test/helpers/golden.ts). */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { FORMATS, OUTPUT_FORMATS, render, summaryLine, type OutputFormat } from '../../src/report/index.js';
import { expectGolden } from '../helpers/golden.js';
import { TEST_CATALOG } from './fixtures/catalog.js';
import { loadFixtureReport, REPORT_DIR } from './fixtures/load.js';

const golden = (name: string): string => join(REPORT_DIR, 'golden', name);

describe('golden outputs', () => {
  it.each(FORMATS.map((format): [OutputFormat, string] => [format.name, format.extension]))('%s matches report.%s', (format, extension) => {
    expectGolden(golden(`report.${extension}`), render(loadFixtureReport(), format, { color: false, catalog: TEST_CATALOG }));
  });

  it.each([['csv'], ['jsonl']] as const)('%s --rows machines matches its golden file', (format) => {
    expectGolden(golden(`report.machines.${format}`), render(loadFixtureReport(), format, { color: false, rows: 'machines' }));
  });

  it('coloured text matches its golden file', () => {
    expectGolden(golden('report.color.txt'), render(loadFixtureReport(), 'text', { color: true }));
  });

  it('sarif without a catalog falls back to the findings for rule metadata', () => {
    expectGolden(golden('report.nocatalog.sarif.json'), render(loadFixtureReport(), 'sarif', { color: false }));
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

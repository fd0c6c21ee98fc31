/** The format registry is the one list: names and extensions unique, each documented in the README and in --help. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { FORMATS, formatForFile, formatsHelp, isOutputFormat, OUTPUT_FORMATS, render } from '../../src/report/index.js';
import { loadFixtureReport } from './fixtures/load.js';

describe('format registry', () => {
  it('has unique names and extensions, and a description for each', () => {
    expect(new Set(FORMATS.map((f) => f.name)).size).toBe(FORMATS.length);
    expect(new Set(FORMATS.map((f) => f.extension)).size).toBe(FORMATS.length);
    for (const format of FORMATS) expect(format.description.length).toBeGreaterThan(10);
    expect(OUTPUT_FORMATS).toEqual(FORMATS.map((f) => f.name));
    expect(isOutputFormat('html')).toBe(true);
    expect(isOutputFormat('pdf')).toBe(false);
  });

  it('picks the format a file name asks for, by the longest extension', () => {
    expect(['r.html', 'R.HTML', 'x.compact.txt', 'x.txt', 'junit.xml', 'a.sarif', 'a.jsonl', 'a.json', 'a.pdf'].map(formatForFile)).toEqual([
      'html',
      'html',
      'compact',
      'text',
      'junit',
      'sarif',
      'jsonl',
      'json',
      null,
    ]);
  });

  it('gives --help one line per format', () => {
    const lines = formatsHelp().split('\n');
    expect(lines.map((line) => line.trim().split(/\s+/)[0])).toEqual([...OUTPUT_FORMATS]);
  });

  it('is documented in the README, one table row per format', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Output formats'));
    for (const format of FORMATS) expect(section).toContain(`| \`${format.name}\` (\`.${format.extension}\`) |`);
  });

  it('renders every format from the same report, each ending with a newline', () => {
    for (const format of OUTPUT_FORMATS) {
      const out = render(loadFixtureReport(), format, { color: false });
      expect(out.length).toBeGreaterThan(0);
      expect(out.endsWith('\n')).toBe(true);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listRules, loadRules, renderRulesDoc } from '../../src/engine/index.js';
import { PACKAGE_ROOT } from '../../src/data/paths.js';

const rules = loadRules();
const REGENERATE =
  'npm run docs';

describe('docs/rules.md', () => {
  it('is the output of renderRulesDoc() for the shipped rules (regenerate it when rules change)', () => {
    const committed = readFileSync(join(PACKAGE_ROOT, 'docs', 'rules.md'), 'utf8');
    const expected = renderRulesDoc(rules);
    expect({ upToDate: committed === expected, regenerate: REGENERATE }).toEqual({ upToDate: true, regenerate: REGENERATE });
  });

  it('documents every rule, operator and computed field', () => {
    const doc = renderRulesDoc(rules);
    for (const rule of rules) expect(doc).toContain(`### ${rule.id}`);
    for (const name of ['`incatalog`', '`clockSkewHours`', '`spanDays`', '`groupSummary`']) expect(doc).toContain(name);
  });
});

describe('listRules', () => {
  it('prints one line per rule, errors first, with a count', () => {
    const text = listRules(rules);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+SCOPE\s+CODE\s+TITLE$/);
    expect(lines.at(-1)).toBe(`${rules.length} rules`);
    expect(text).toMatch(/^duplicate-cmid\s+error\s+fleet\s+0xC004F038\s+The same CMID/m);
    const severities = lines.slice(1, rules.length + 1).map((line) => line.split(/\s+/)[1]);
    expect(severities.indexOf('info')).toBeGreaterThan(severities.lastIndexOf('error'));
  });
});

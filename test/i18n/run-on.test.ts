/** "Run on …" names the machines from the evidence, and says "the KMS host" in the report's language when the evidence names none. */
import { describe, expect, it } from '@jest/globals';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';

function runOnLists(lang: string): string[][] {
  const run = runCli(['scan', 'fixtures/fleet', '--lang', lang, '--format', 'json', '--quiet', '--jobs', '2']);
  const report = JSON.parse(run.stdout) as Report;
  return report.machines.flatMap((machine) => machine.findings.flatMap((finding) => (finding.runOn ? [finding.runOn.machines] : [])));
}

describe('runOn machines per language', () => {
  it('host names stay as the evidence writes them; an unnamed host is described in the language', () => {
    const english = runOnLists('en');
    const german = runOnLists('de');
    expect(english).toContainEqual(['the KMS host']);
    expect(german).toContainEqual(['dem KMS-Host']);
    expect(german.flat()).not.toContain('unbekannt');
    const named = (lists: string[][]) => lists.filter((list) => list[0] !== 'the KMS host' && list[0] !== 'dem KMS-Host');
    expect(named(german)).toEqual(named(english));
    expect(named(english).length).toBeGreaterThan(0);
  });
});

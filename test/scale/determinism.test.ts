/**
 * The same inputs give byte-identical JSON whatever --jobs is: on the demo
 * fleet and on a generated fleet of a few hundred machines with clones.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet, DEFAULT_SHAPE } from '../../bench/fleet.js';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/model/report.js';

let root: string;
let generated: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-determinism-'));
  generated = join(root, 'fleet');
  generateFleet(generated, { ...DEFAULT_SHAPE, machines: 300, filesPerMachine: 2, seed: 7 });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function scanJson(path: string, jobs: number): string {
  const run = runCli(['scan', path, '--format', 'json', '--jobs', String(jobs), '--fail-on', 'never', '-q']);
  expect(run.code).toBe(0);
  return run.stdout;
}

describe.each([
  ['fixtures/fleet', () => 'fixtures/fleet', 15],
  ['a generated fleet of 300 machines', () => generated, 300],
])('scan %s', (_name, path, machines) => {
  it('writes the same bytes with --jobs 1, 2 and 8', () => {
    const [one, two, eight] = [1, 2, 8].map((jobs) => scanJson(path(), jobs));
    const report = JSON.parse(one!) as Report;
    expect(report.machines).toHaveLength(machines);
    expect(report.machines.reduce((sum, machine) => sum + machine.facts.length, 0)).toBeGreaterThan(machines);
    expect(two).toBe(one);
    expect(eight).toBe(one);
  }, 120_000);
});

describe('the generated fleet', () => {
  it('has its clones reported as shared CMIDs (so the fleet rules ran on it)', () => {
    const report = JSON.parse(scanJson(generated, 2)) as Report;
    const shared = report.fleetFindings.filter((finding) => finding.ruleId === 'duplicate-cmid');
    // a clone every 50 machines: 300 machines hold 6 clone pairs
    expect(shared).toHaveLength(6);
    for (const finding of shared) expect(finding.machines).toHaveLength(2);
  }, 60_000);
});

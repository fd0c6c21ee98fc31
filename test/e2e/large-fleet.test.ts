/**
 * The formats on a generated 2,000-machine fleet (bench/fleet.ts: two files a
 * machine, clones every 50): the markdown fits a GitHub comment, junit has a
 * case per machine and fails as the exit code does, the inventory has a row per
 * machine, text says each cause once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SHAPE, generateFleet } from '../../bench/fleet.js';
import type { Report } from '../../src/model/report.js';
import { exitCodeFor } from '../../src/pipeline/exit-code.js';
import { render } from '../../src/report/index.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/report/markdown.js';
import { runCli } from '../helpers/cli.js';

const MACHINES = 2000;
let root: string;
let report: Report;
let exitCode: number;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-large-'));
  const fleet = join(root, 'fleet');
  generateFleet(fleet, { ...DEFAULT_SHAPE, machines: MACHINES, filesPerMachine: 2, seed: 14 });
  const run = runCli(['scan', fleet, '--format', 'json', '--quiet']);
  exitCode = run.code;
  report = JSON.parse(run.stdout) as Report;
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`a generated fleet of ${MACHINES} machines`, () => {
  it("gives a markdown comment under GitHub's limit that says what it left out", () => {
    expect(report.machines).toHaveLength(MACHINES);
    const markdown = render(report, 'markdown', { color: false, command: ['scan', 'fleet/', '--only', 'WS0*'] });
    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown).toMatch(/^\| 🔴 failing \| \d+ \|$/m);
    expect(markdown).toMatch(/### Causes/);
    expect(markdown).toMatch(/\*\*Not shown\*\* to stay under GitHub's 65,536-character comment limit: the details of \d+ machines/);
  });

  it('gives junit a case per machine, failing exactly when the exit code would', () => {
    const junit = render(report, 'junit', { color: false, failOn: 'error' });
    const cases = junit.match(/<testcase /g) ?? [];
    expect(cases.length).toBe(MACHINES + (report.fleetFindings.length ? 1 : 0));
    const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(junit)![1]);
    expect(failures).toBe(report.machines.filter((m) => m.findings.some((f) => f.severity === 'error' && !f.recovered)).length + 1);
    expect(failures > 0).toBe(exitCode === 1);
    expect(exitCodeFor(report, 'error', false).code).toBe(exitCode);
  });

  it('gives an inventory row per machine, healthy ones included', () => {
    const rows = render(report, 'csv', { color: false, rows: 'machines' }).trimEnd().split('\r\n');
    expect(rows).toHaveLength(MACHINES + 1);
    expect(rows.filter((row) => /^WS\d+,ok,/.test(row)).length).toBe(report.summary.machinesByVerdict.ok);
    const jsonl = render(report, 'jsonl', { color: false, rows: 'machines' }).trimEnd().split('\n');
    expect(jsonl).toHaveLength(MACHINES);
  });

  it('says each cause once in text', () => {
    const text = render(report, 'text', { color: false });
    const fixes = text.split('\n').filter((line) => /^ {13}Fix: /.test(line));
    expect(fixes.length).toBeLessThan(60);
    expect(text.split('\n').length).toBeLessThan(report.machines.length * 8);
  });
});

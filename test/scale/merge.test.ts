/**
 * Sharded scans merged give the single-run report: fixtures/fleet split in 3
 * shards, the two clones (PC09, PC10: same CMID) in different shards.
 * Each shard keeps the path `fixtures/fleet/...` under its own working folder,
 * so file paths need no normalising.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/model/report.js';

const FLEET = join(PACKAGE_ROOT, 'fixtures', 'fleet');
const SHARDS: Record<string, string[]> = {
  shard1: ['KMS01', 'PC-HEALTHY01', 'PC03', 'PC04', 'PC09', 'README.txt'],
  shard2: ['PC05', 'PC06', 'PC07', 'PC10', 'PC11'],
  shard3: ['PC12', 'PC13', 'PC14', 'PC15', 'SRV-HEALTHY02'],
};

let root: string;
let single: Report;
let merged: Report;
let shardReports: Report[];

function scanJson(cwd: string): string {
  const run = runCli(['scan', 'fixtures/fleet', '--format', 'json', '--fail-on', 'never', '-q'], { cwd });
  expect(run.code).toBe(0);
  return run.stdout;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-merge-'));
  const reportFiles: string[] = [];
  shardReports = [];
  for (const [shard, entries] of Object.entries(SHARDS)) {
    const target = join(root, shard, 'fixtures', 'fleet');
    mkdirSync(target, { recursive: true });
    for (const entry of entries) cpSync(join(FLEET, entry), join(target, entry), { recursive: true });
    const json = scanJson(join(root, shard));
    shardReports.push(JSON.parse(json) as Report);
    reportFiles.push(join(root, `${shard}.json`));
    writeFileSync(reportFiles.at(-1)!, json);
  }
  single = JSON.parse(scanJson(PACKAGE_ROOT)) as Report;
  const run = runCli(['merge', ...reportFiles, '--format', 'json', '--fail-on', 'never', '-q']);
  expect(run.code).toBe(0);
  merged = JSON.parse(run.stdout) as Report;
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const sharedCmid = (report: Report) => report.fleetFindings.filter((finding) => finding.ruleId === 'duplicate-cmid');

describe('merge of 3 shards of fixtures/fleet', () => {
  it('shards cover the whole fleet, each machine folder in exactly one shard', () => {
    const all = Object.values(SHARDS).flat().sort();
    expect(all).toEqual(readdirSync(FLEET).sort());
  });

  it('no shard alone sees the shared CMID of PC09 and PC10', () => {
    for (const report of shardReports) expect(sharedCmid(report)).toEqual([]);
  });

  it('finds the cross-shard duplicate CMID', () => {
    expect(sharedCmid(merged).map((finding) => finding.machines)).toEqual([['PC09', 'PC10']]);
  });

  it('equals the single-run report on the whole fleet', () => {
    expect(sharedCmid(single)).toHaveLength(1);
    expect(merged).toEqual(single);
  });

  it('merging a shard twice changes nothing (the same file is not counted twice)', () => {
    const files = Object.keys(SHARDS).map((shard) => join(root, `${shard}.json`));
    const run = runCli(['merge', ...files, files[0]!, '--format', 'json', '--fail-on', 'never', '-q']);
    expect(JSON.parse(run.stdout)).toEqual(single);
  });
});

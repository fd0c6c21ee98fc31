/**
 * A fleet share with symbolic links: a loop back to the root, a machine folder
 * that is a link to a folder outside the share (sibling of the root), and a
 * link to a sibling machine folder inside the share. The scan ends, reads the
 * outside folder under the link's name, and reads no folder twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/model/report.js';

const FLEET = join(PACKAGE_ROOT, 'fixtures', 'fleet');
let root: string;
let report: Report;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-symlinks-'));
  const share = join(root, 'share');
  mkdirSync(share);
  cpSync(join(FLEET, 'PC03'), join(share, 'PC03'), { recursive: true });
  cpSync(join(FLEET, 'PC06'), join(share, 'PC06'), { recursive: true });
  cpSync(join(FLEET, 'PC07'), join(root, 'archive', 'PC07'), { recursive: true });
  symlinkSync(share, join(share, 'PC03', 'back-to-share')); // loop
  symlinkSync(join(root, 'archive', 'PC07'), join(share, 'PC07')); // sibling of the scanned root
  symlinkSync(join(share, 'PC06'), join(share, 'PC06-again')); // sibling machine folder, already scanned
  const run = runCli(['scan', share, '--format', 'json', '--fail-on', 'never', '-q']);
  expect(run.code).toBe(0);
  report = JSON.parse(run.stdout) as Report;
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scan of a share with symbolic links', () => {
  it('reads each real file once: no path through the loop, no second copy of PC06', () => {
    const paths = report.files.map((file) => file.path.slice(root.length + 1));
    expect(paths).toEqual([
      join('share', 'PC03', 'Application.xml'),
      join('share', 'PC03', 'slmgr-ato.txt'),
      join('share', 'PC06', 'Application.xml'),
      join('share', 'PC07', 'slmgr.txt'),
    ]);
  });

  it('names the linked outside folder after the link, like any machine folder', () => {
    expect(report.machines.map((machine) => machine.name)).toEqual(['PC03', 'PC06', 'PC07']);
    expect(report.machines.find((machine) => machine.name === 'PC07')!.facts.length).toBeGreaterThan(0);
  });

  it('counts the facts of PC06 once', () => {
    const pc06 = report.machines.find((machine) => machine.name === 'PC06')!;
    const keys = pc06.facts.map((fact) => `${fact.source.file}:${fact.source.line}:${fact.source.recordId}:${fact.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(pc06.files).toEqual([join(root, 'share', 'PC06', 'Application.xml')]);
  });
});

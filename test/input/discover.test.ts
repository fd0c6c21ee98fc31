import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discover } from '../../src/input/discover.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-discover-'));
  mkdirSync(join(root, 'fleet', 'PC01', 'logs'), { recursive: true });
  mkdirSync(join(root, 'fleet', 'PC 02 ü'), { recursive: true });
  writeFileSync(join(root, 'fleet', 'PC01', 'slmgr-dlv.txt'), 'x');
  writeFileSync(join(root, 'fleet', 'PC01', 'logs', 'Application.xml'), 'x');
  writeFileSync(join(root, 'fleet', 'PC 02 ü', 'dli.txt'), 'x');
  writeFileSync(join(root, 'fleet', 'LAPTOP7.txt'), 'x');
  symlinkSync(join(root, 'fleet'), join(root, 'fleet', 'PC01', 'loop'));
  execFileSync('mkfifo', [join(root, 'fleet', 'pipe')]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('discover', () => {
  it('walks folders recursively, names machines by their folder under the root, and by file name at the root', async () => {
    const { files, missing } = await discover([join(root, 'fleet')]);
    expect(missing).toEqual([]);
    const byName = Object.fromEntries(files.map((file) => [file.path.slice(root.length + 1), file.machineHint]));
    expect(byName).toEqual({
      'fleet/LAPTOP7.txt': 'LAPTOP7',
      'fleet/PC 02 ü/dli.txt': 'PC 02 ü',
      'fleet/PC01/logs/Application.xml': 'PC01',
      'fleet/PC01/slmgr-dlv.txt': 'PC01',
      'fleet/pipe': 'pipe',
    });
  });

  it('follows a symbolic link loop only once', async () => {
    const { files } = await discover([join(root, 'fleet')]);
    expect(files.filter((file) => file.path.includes('loop'))).toEqual([]);
  });

  it('reports a FIFO as unreadable instead of blocking on it', async () => {
    const { files } = await discover([join(root, 'fleet')]);
    expect(files.find((file) => file.path.endsWith('pipe'))?.unreadable).toMatch(/named pipe/);
  });

  it('names a file given directly after its folder, and lists arguments that match nothing', async () => {
    const { files, missing } = await discover([join(root, 'fleet', 'PC01', 'slmgr-dlv.txt'), join(root, 'nope')]);
    expect(files.map((file) => file.machineHint)).toEqual(['PC01']);
    expect(missing).toEqual([join(root, 'nope')]);
  });

  it('expands globs and names machines by the first folder below the glob base', async () => {
    const { files } = await discover([`${root}/fleet/*/*.txt`]);
    expect(files.map((file) => [file.path.slice(root.length + 1), file.machineHint])).toEqual([
      ['fleet/PC 02 ü/dli.txt', 'PC 02 ü'],
      ['fleet/PC01/slmgr-dlv.txt', 'PC01'],
    ]);
  });

  it('names machines by folder when a glob matches machine folders', async () => {
    const { files } = await discover([`${root}/fleet/PC0*`]);
    // (PC01/loop links back to the fleet: followed once, its files named after PC01)
    expect(files.filter((file) => !file.path.includes('/loop/')).map((file) => [file.path.slice(root.length + 1), file.machineHint, file.machineFromFileName])).toEqual([
      ['fleet/PC01/logs/Application.xml', 'PC01', false],
      ['fleet/PC01/slmgr-dlv.txt', 'PC01', false],
    ]);
  });

  it('prefers the machine folder over the bare file name whatever the argument order', async () => {
    const a = await discover([join(root, 'fleet', 'PC01'), join(root, 'fleet')]);
    const b = await discover([join(root, 'fleet'), join(root, 'fleet', 'PC01')]);
    const hints = (files: typeof a.files) => files.filter((f) => f.path.endsWith('slmgr-dlv.txt')).map((f) => f.machineHint);
    expect(hints(a.files)).toEqual(['PC01']);
    expect(hints(b.files)).toEqual(['PC01']);
  });

  it('keeps the path as given in evidence', async () => {
    const { files } = await discover([`${root}//fleet/PC01/`]);
    expect(files[0].path.startsWith(`${root}//fleet/PC01/`)).toBe(true);
  });

  it('reports a folder that opens but cannot be listed as one error entry naming it, and goes on (issue 20 case 10)', async () => {
    const fleet = join(root, 'unlistable');
    mkdirSync(join(fleet, 'PC01'), { recursive: true });
    writeFileSync(join(fleet, 'PC01', 'slmgr.txt'), 'x');
    const locked = join(fleet, 'PC02');
    // root reads any folder it owns; /proc/1/map_files is one it cannot list
    if (process.getuid?.() === 0) symlinkSync('/proc/1/map_files', locked);
    else {
      mkdirSync(locked);
      chmodSync(locked, 0o000);
    }
    try {
      const { files } = await discover([fleet]);
      expect(files.map((file) => [file.path.slice(fleet.length + 1), file.machineHint, file.unreadable])).toEqual([
        ['PC01/slmgr.txt', 'PC01', undefined],
        ['PC02', 'PC02', 'folder could not be listed: permission denied'],
      ]);
    } finally {
      if (process.getuid?.() !== 0) chmodSync(locked, 0o755);
    }
  });
});

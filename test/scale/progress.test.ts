/**
 * The progress line in each phase: files found while walking; files done/total,
 * MB/s, machines found and unreadable files (not findings) while reading; the
 * rules and machines while the rules run.
 */
import { describe, expect, it } from '@jest/globals';
import type { WriteStream } from 'node:tty';
import { formatProgress, ProgressBar } from '../../src/pipeline/progress.js';
import type { ScanProgress } from '../../src/pipeline/scan.js';

const state: ScanProgress = { phase: 'reading', filesDone: 2500, filesTotal: 10000, bytesDone: 50 * 1024 * 1024, machines: 1200, errors: 3 };

describe('formatProgress', () => {
  it('while reading: files done/total, MB/s, machines and unreadable files', () => {
    const line = formatProgress(state, 2, 120);
    expect(line).toContain('2,500/10,000 files');
    expect(line).toContain('25.0 MB/s');
    expect(line).toContain('1,200 machines');
    expect(line).toContain('3 unreadable');
    expect(line).not.toContain('error');
  });

  it('while finding files: how many were found so far', () => {
    expect(formatProgress({ ...state, phase: 'finding', filesDone: 4711, filesTotal: 0 }, 3, 120)).toBe('finding files: 4,711 found  3s');
  });

  it('while the rules run: how many rules on how many machines', () => {
    expect(formatProgress({ ...state, phase: 'rules', rules: 38, filesDone: 10000 }, 9, 120)).toBe(
      'running 38 rules on 1,200 machines (10,000 files read)  9s',
    );
  });

  it('fills the bar in proportion to the files done', () => {
    const bar = (filesDone: number) => /^\[([#.]+)\]/.exec(formatProgress({ ...state, filesDone }, 1, 120))![1]!;
    expect(bar(0)).toMatch(/^\.+$/);
    expect(bar(10000)).toMatch(/^#+$/);
    const half = bar(5000);
    expect(half.split('#').length - 1).toBe(half.length / 2);
  });

  it('never divides by zero: no time elapsed, no files', () => {
    const line = formatProgress({ phase: 'reading', filesDone: 0, filesTotal: 0, bytesDone: 0, machines: 0, errors: 0 }, 0, 80);
    expect(line).toContain('0/0 files');
    expect(line).toContain('0.0 MB/s');
    expect(line).not.toMatch(/NaN|Infinity/);
  });

  it('fits a narrow terminal', () => {
    for (const phase of ['finding', 'reading', 'rules'] as const) {
      expect(formatProgress({ ...state, phase }, 2, 40).length).toBeLessThan(40);
      expect(formatProgress({ ...state, phase }, 2, 200).length).toBeLessThan(200);
    }
  });
});

describe('ProgressBar', () => {
  function fakeTerminal(): { stream: WriteStream; written: string[] } {
    const written: string[] = [];
    const stream = { columns: 100, write: (text: string) => written.push(text) } as unknown as WriteStream;
    return { stream, written };
  }

  it('announces the rules before they run on a fleet, even when reading was quick', () => {
    const { stream, written } = fakeTerminal();
    const bar = new ProgressBar(stream);
    bar.update({ ...state, phase: 'reading', filesDone: 10, filesTotal: 10 });
    expect(written).toEqual([]);
    bar.update({ ...state, phase: 'rules', rules: 38, machines: 2000 });
    expect(written.join('')).toContain('running 38 rules on 2,000 machines');
    bar.finish();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('stays silent for a quick scan of a few machines, and clears nothing it did not draw', () => {
    const { stream, written } = fakeTerminal();
    const bar = new ProgressBar(stream);
    bar.update({ ...state, phase: 'finding', filesDone: 1 });
    bar.update({ ...state, phase: 'rules', rules: 38, machines: 1 });
    bar.finish();
    expect(written).toEqual([]);
  });
});

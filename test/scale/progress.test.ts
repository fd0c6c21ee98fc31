/**
 * The progress line: files done/total, MB/s, machines found, errors so far,
 * and a bar that fills with the ratio of files done.
 */
import { describe, expect, it } from '@jest/globals';
import { formatProgress } from '../../src/pipeline/progress.js';

const state = { filesDone: 250, filesTotal: 1000, bytesDone: 50 * 1024 * 1024, machines: 120, errors: 3 };

describe('formatProgress', () => {
  it('shows files done/total, MB/s, machines and errors', () => {
    const line = formatProgress(state, 2, 120);
    expect(line).toContain('250/1000 files');
    expect(line).toContain('25.0 MB/s');
    expect(line).toContain('120 machines');
    expect(line).toContain('3 errors');
  });

  it('fills the bar in proportion to the files done', () => {
    const bar = (filesDone: number) => /^\[([#.]+)\]/.exec(formatProgress({ ...state, filesDone }, 1, 120))![1]!;
    expect(bar(0)).toMatch(/^\.+$/);
    expect(bar(1000)).toMatch(/^#+$/);
    const half = bar(500);
    expect(half.split('#').length - 1).toBe(half.length / 2);
  });

  it('never divides by zero: no time elapsed, no files', () => {
    const line = formatProgress({ filesDone: 0, filesTotal: 0, bytesDone: 0, machines: 0, errors: 0 }, 0, 80);
    expect(line).toContain('0/0 files');
    expect(line).toContain('0.0 MB/s');
    expect(line).not.toMatch(/NaN|Infinity/);
  });

  it('fits a narrow terminal', () => {
    expect(formatProgress(state, 2, 40).length).toBeLessThan(40);
    expect(formatProgress(state, 2, 200).length).toBeLessThan(200);
  });
});

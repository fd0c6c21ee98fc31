/**
 * Start-up: `explain <code>` and `scan` of one machine folder against `node -e 0`,
 * all interleaved in one loop, so every ratio compares runs taken in the same
 * seconds on a shared machine. With `--baseline DIR` (another built checkout,
 * e.g. the commit before a change) its CLI runs in the same loop.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface StartupCase {
  label: string;
  args: string[];
}

export interface StartupRow {
  label: string;
  cli: string;
  medianMs: number;
  minMs: number;
  /** Median over median of `node -e 0`, min over min. */
  medianRatio: number;
  minRatio: number;
}

function timeRun(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return ms;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** `rounds` interleaved rounds: node -e 0, then each case with each CLI. */
export function measureStartup(clis: { name: string; root: string }[], cases: StartupCase[], rounds: number): StartupRow[] {
  const baseline: number[] = [];
  const times = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    baseline.push(timeRun(['-e', '0'], clis[0]!.root));
    for (const cli of clis) {
      for (const test of cases) {
        const key = `${cli.name}\0${test.label}`;
        const list = times.get(key) ?? [];
        list.push(timeRun([join(cli.root, 'dist', 'src', 'bin.js'), ...test.args], cli.root));
        times.set(key, list);
      }
    }
  }
  const nodeMedian = median(baseline);
  const nodeMin = Math.min(...baseline);
  const rows: StartupRow[] = [{ label: 'node -e 0', cli: '', medianMs: nodeMedian, minMs: nodeMin, medianRatio: 1, minRatio: 1 }];
  for (const cli of clis) {
    for (const test of cases) {
      const list = times.get(`${cli.name}\0${test.label}`)!;
      rows.push({
        label: test.label,
        cli: cli.name,
        medianMs: median(list),
        minMs: Math.min(...list),
        medianRatio: median(list) / nodeMedian,
        minRatio: Math.min(...list) / nodeMin,
      });
    }
  }
  return rows;
}

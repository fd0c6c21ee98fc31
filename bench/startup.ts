/**
 * Start-up: `explain <code>` and `scan` of one machine folder against `node -e 0`,
 * all interleaved in one loop, so every ratio compares runs taken in the same
 * seconds on a shared machine. With `--baseline DIR` (another built checkout,
 * e.g. the commit before a change) its CLI runs in the same loop.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CPU_AT_EXIT = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'cpu-at-exit.js')).href;

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
  /** Median CPU time of the whole process (user + system), and its ratio to `node -e 0`'s. */
  cpuMs: number;
  cpuRatio: number;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function timeRun(args: string[], cwd: string): Timing {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  const cpuLine = child.stderr.split('\n').find((line) => line.startsWith('CPU_MS '));
  return { wallMs, cpuMs: Number(cpuLine?.slice('CPU_MS '.length) ?? NaN) };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** `rounds` interleaved rounds: node -e 0, then each case with each CLI. */
export function measureStartup(clis: { name: string; root: string }[], cases: StartupCase[], rounds: number): StartupRow[] {
  const baseline: Timing[] = [];
  const times = new Map<string, Timing[]>();
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
  const row = (label: string, cli: string, list: Timing[]): StartupRow => {
    const wall = list.map((timing) => timing.wallMs);
    const cpu = median(list.map((timing) => timing.cpuMs));
    return {
      label,
      cli,
      medianMs: median(wall),
      minMs: Math.min(...wall),
      medianRatio: median(wall) / median(baseline.map((timing) => timing.wallMs)),
      minRatio: Math.min(...wall) / Math.min(...baseline.map((timing) => timing.wallMs)),
      cpuMs: cpu,
      cpuRatio: cpu / median(baseline.map((timing) => timing.cpuMs)),
    };
  };
  const rows = [row('node -e 0', '', baseline)];
  for (const cli of clis) for (const test of cases) rows.push(row(test.label, cli.name, times.get(`${cli.name}\0${test.label}`)!));
  return rows;
}

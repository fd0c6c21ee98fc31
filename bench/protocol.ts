/** What a measured child (measured.ts) reports to run.ts, on one stderr line. */
export interface MeasuredRun {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  exitCode: number;
}

export const RESULT_MARKER = 'BENCH_RESULT ';

/**
 * Run the built CLI (dist/src/bin.js) as a user would, and report its exit
 * code, output and peak memory.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Peak resident set size of the CLI process, in MiB. */
  peakRssMb: number;
}

const WRAPPER = join(PACKAGE_ROOT, 'test', 'helpers', 'rss-wrapper.mjs');
const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'bin.js');

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [WRAPPER, CLI, ...args], {
    cwd: options.cwd ?? PACKAGE_ROOT,
    // English unless a test asks for a language: the developer's own locale must not change golden output.
    env: { ...process.env, NO_COLOR: '1', LC_ALL: 'C', ...options.env },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  const rssLine = /\nAD_TEST_MAXRSS_KB (\d+)\n?$/.exec(result.stderr);
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: rssLine ? result.stderr.slice(0, rssLine.index + 1) : result.stderr,
    peakRssMb: rssLine ? Number(rssLine[1]) / 1024 : NaN,
  };
}

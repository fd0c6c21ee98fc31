/**
 * The .evtx case of `npm run bench`: scan, `events --all --format jsonl`, the
 * npm peer @ts-evtx/core and libevtx's `evtxexport -f xml`, on the same files
 * in the same run. Every tool runs as its own process under /usr/bin/time:
 * wall clock (process start included, as a user sees it) and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvtxStream } from '../src/parsers/events/evtx/index.js';
import { ACTIVATION_PROVIDERS } from '../src/parsers/events/event-facts.js';
import { DATA_DIR } from './generate.js';
import { ensureEvtxCorpus, SAMPLES_DIR } from './evtx-corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;

interface Target {
  label: string;
  /** What the CLI is given (a file or the samples folder). */
  arg: string;
  files: string[];
  bytes: number;
  records: number;
  activation: number;
}

interface Timed {
  seconds: number;
  /** user + system CPU time (what the machine's load does not inflate). */
  cpuSeconds: number;
  maxRssMB: number;
  ok: boolean;
  timedOut: boolean;
}

/** A tool still running after this is stopped and reported as such (the npm peer takes minutes on 64 MiB). */
const TIME_LIMIT_SECONDS = 180;

function count(files: string[]): { records: number; activation: number } {
  let records = 0;
  let activation = 0;
  for (const file of files) {
    const stream = new EvtxStream(null, (record) => {
      records++;
      if (ACTIVATION_PROVIDERS.has(record.provider)) activation++;
    });
    stream.push(readFileSync(file));
    stream.end();
  }
  return { records, activation };
}

/** Runs `command` under /usr/bin/time; best of `repeat` by wall clock. */
function timed(command: string[], repeat: number, shell = false): Timed {
  let best: Timed | undefined;
  for (let i = 0; i < repeat; i++) {
    const started = process.hrtime.bigint();
    const run = spawnSync('/usr/bin/time', ['-f', 'BENCH_TIME %M %U %S', ...(shell ? ['sh', '-c', command[0]!] : command)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: TIME_LIMIT_SECONDS * 1000,
      killSignal: 'SIGKILL',
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const usage = /BENCH_TIME (\d+) ([\d.]+) ([\d.]+)/.exec(run.stderr ?? '');
    const timedOut = run.signal !== null;
    const result: Timed = {
      seconds,
      cpuSeconds: usage ? Number(usage[2]) + Number(usage[3]) : NaN,
      maxRssMB: usage ? Number(usage[1]) / 1024 : NaN,
      ok: run.status === 0,
      timedOut,
    };
    if (!best || result.seconds < best.seconds) best = result;
  }
  return best!;
}

function quote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

export function benchEvtx(repeat: number): void {
  const corpus = ensureEvtxCorpus();
  const targets: Target[] = [
    { label: `${corpus.samples.length} sample logs`, arg: SAMPLES_DIR, files: corpus.samples },
    { label: 'mix.evtx (all samples\' chunks)', arg: corpus.mix, files: [corpus.mix] },
    { label: 'app.evtx (Win11 Application chunks)', arg: corpus.app, files: [corpus.app] },
  ].map((t) => ({ ...t, bytes: t.files.reduce((sum, f) => sum + statSync(f).size, 0), ...count(t.files) }));
  const cli = join(here, '..', 'src', 'bin.js');
  const report = join(DATA_DIR, 'evtx-report.json');
  console.log('\n### Binary .evtx: scan, events --all, @ts-evtx/core, evtxexport (same files, same run)\n');
  console.log('| input | MB | records (activation) | tool | wall s | CPU s | MB/s (wall) | records/s (wall) | peak RSS MB | vs evtxexport (wall / CPU) |');
  console.log('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const target of targets) {
    const runs: [string, Timed][] = [
      ['evtxexport -f xml', timed([`for f in ${target.files.map(quote).join(' ')}; do evtxexport -f xml "$f"; done > /dev/null 2>&1`], repeat, true)],
      ['scan (activation fast path)', timed([process.execPath, cli, 'scan', target.arg, '-f', 'json', '-o', report, '-q', '--fail-on', 'never'], repeat)],
      ['events --all -f jsonl', timed([process.execPath, cli, 'events', target.arg, '--all', '-f', 'jsonl', '-o', '/dev/null', '-q'], repeat)],
      ['events --all -f xml', timed([process.execPath, cli, 'events', target.arg, '--all', '-f', 'xml', '-o', '/dev/null', '-q'], repeat)],
      ['@ts-evtx/core 1.1.1 → JSON lines', timed([process.execPath, join(here, 'evtx-peer.js'), ...target.files], repeat)],
    ];
    const baseline = runs[0]![1];
    for (const [tool, run] of runs) {
      const mb = target.bytes / MB;
      const note = run.timedOut ? ` (stopped after ${TIME_LIMIT_SECONDS} s)` : run.ok ? '' : ' (exit ≠ 0)';
      const bound = run.timedOut ? '<' : '';
      console.log(
        `| ${target.label} | ${mb.toFixed(0)} | ${target.records.toLocaleString('en-US')} (${target.activation.toLocaleString('en-US')}) | ${tool}${note} | ` +
          `${bound}${run.seconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ${bound}${(mb / run.seconds).toFixed(1)} | ${bound}${Math.round(target.records / run.seconds).toLocaleString('en-US')} | ` +
          `${run.maxRssMB.toFixed(0)} | ${(baseline.seconds / run.seconds).toFixed(1)}× / ${(baseline.cpuSeconds / run.cpuSeconds).toFixed(1)}× |`,
      );
    }
  }
}

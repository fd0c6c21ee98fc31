/**
 * `npm run bench [-- --quick] [-- --only events,files,fleet,large] [-- --repeat N]`:
 * generates deterministic inputs into bench/.data/ when missing, then measures
 * each case in its own child process, so peak RSS is per run.
 *
 * - events: the event reader against saxes on 50 MB UTF-8, 50 MB UTF-16LE, 500 MB UTF-8.
 * - files:  5,000 small files in 5,000 machine folders, full CLI scan, --jobs 1 and 2.
 * - fleet:  10,000 machines (2 files each, clones share CMIDs), full scan + rules + JSON report.
 * - large:  4 machines each with a 50 MB export, --jobs 1 and 2.
 * - workers: the read phase of the 5,000-file and large cases, p-limit on the main
 *            thread against a pool of worker threads (bench/workers.ts).
 * - rules:  grouping + rules on the first N machines of the 10,000-machine fleet, N doubling.
 * - startup: `explain <code>` and `scan` of one machine folder against `node -e 0` (bench/startup.ts).
 * - cli:     `scan --format json` of the 500 MB export (the whole CLI) against saxes reading the same file.
 * - evtx:   binary .evtx (bench/evtx.ts): scan, events --all, @ts-evtx/core and evtxexport on the
 *           sample logs and two 64 MiB logs built from their chunks.
 *
 * `--baseline DIR`: another built checkout (say the commit before a change); the startup, cli
 * and fleet cases run its CLI too, side by side in the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR, ensureInputs, INPUTS } from './generate.js';
import { DEFAULT_SHAPE, ensureFleet } from './fleet.js';
import type { RunResult } from './events.js';
import { RESULT_MARKER, type MeasuredRun } from './protocol.js';
import { measureStartup } from './startup.js';
import { benchEvtx } from './evtx.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = valueOf('--only')?.split(',') ?? ['startup', 'events', 'cli', 'files', 'fleet', 'large', 'workers', 'rules', 'evtx'];
const baselineRoot = valueOf('--baseline');
const repeat = Number(valueOf('--repeat') ?? (quick ? 1 : 2));
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const MB = 1024 * 1024;

function valueOf(flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

function describeMachine(): string {
  const model = cpus()[0]?.model?.trim() ?? 'unknown';
  return (
    `${new Date().toISOString().slice(0, 16)}Z, nproc ${availableParallelism()}, CPU "${model}", ` +
    `${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}`
  );
}

function loadAverage(): string {
  try {
    return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

// ---------------------------------------------------------------- event reader

function measureReader(reader: string, path: string, encoding: string): RunResult {
  const out = execFileSync(process.execPath, [join(here, 'events.js'), reader, path, encoding], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as RunResult;
}

async function benchEvents(): Promise<void> {
  const inputs = quick ? INPUTS.filter((input) => !input.name.startsWith('500')) : INPUTS;
  await ensureInputs(inputs);
  console.log('\n### Event reader vs saxes\n');
  console.log('| input | reader | MB/s (wall) | MB/s (CPU) | events/s (wall) | wall s | CPU s | kept | peak RSS MB | vs saxes (wall / CPU) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const input of inputs) {
    const saxes = measureReader('saxes', input.path, input.encoding);
    const events = measureReader('events', input.path, input.encoding);
    const eventCount = saxes.events; // every event in the file, kept or not
    for (const run of [events, saxes]) {
      const mb = run.bytes / MB;
      const speedup =
        run === events ? `${(saxes.seconds / events.seconds).toFixed(1)}× / ${(saxes.cpuSeconds / events.cpuSeconds).toFixed(1)}×` : '1×';
      console.log(
        `| ${input.name} | ${run.reader} | ${(mb / run.seconds).toFixed(0)} | ${(mb / run.cpuSeconds).toFixed(0)} | ` +
          `${Math.round(eventCount / run.seconds).toLocaleString('en-US')} | ${run.seconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ` +
          `${run.kept} | ${run.maxRssMB.toFixed(0)} | ${speedup} |`,
      );
    }
  }
}

// ---------------------------------------------------------------- whole scans

interface ScanCase {
  label: string;
  dir: string;
  files: number;
  bytes: number;
  machines: number;
}

/** The real CLI, in a child process; best of `repeat` runs by wall time. */
function measureScan(target: ScanCase, extraArgs: string[], cliRoot = root, times = repeat): MeasuredRun & { wallSeconds: number } {
  let best: (MeasuredRun & { wallSeconds: number }) | undefined;
  for (let i = 0; i < times; i++) {
    const output = join(DATA_DIR, 'report.json');
    const started = process.hrtime.bigint();
    const child = spawnSync(
      process.execPath,
      [join(cliRoot, 'dist', 'bench', 'measured.js'), 'scan', target.dir, '--format', 'json', '-o', output, '-q', '--fail-on', 'never', ...extraArgs],
      { encoding: 'utf8', maxBuffer: 64 * MB },
    );
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const line = child.stderr.split('\n').find((l) => l.startsWith(RESULT_MARKER));
    if (!line) throw new Error(`scan of ${target.dir} failed:\n${child.stderr}`);
    const run = { ...(JSON.parse(line.slice(RESULT_MARKER.length)) as MeasuredRun), wallSeconds };
    if (run.exitCode !== 0) throw new Error(`scan of ${target.dir} exited ${run.exitCode}:\n${child.stderr}`);
    if (!best || run.wallSeconds < best.wallSeconds) best = run;
  }
  return best!;
}

function scanHeader(title: string): void {
  console.log(`\n### ${title}\n`);
  console.log('| case | jobs | wall s | CPU s | MB/s | files/s | machines/s | peak RSS MB | vs jobs 1 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
}

function scanRow(target: ScanCase, jobs: string, run: MeasuredRun & { wallSeconds: number }, baseline?: number): void {
  const speedup = baseline ? `${(baseline / run.wallSeconds).toFixed(2)}×` : '';
  console.log(
    `| ${target.label} | ${jobs} | ${run.wallSeconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ${(target.bytes / MB / run.wallSeconds).toFixed(1)} | ` +
      `${Math.round(target.files / run.wallSeconds).toLocaleString('en-US')} | ${Math.round(target.machines / run.wallSeconds).toLocaleString('en-US')} | ` +
      `${run.maxRssMB.toFixed(0)} | ${speedup} |`,
  );
}

function compareJobs(title: string, target: ScanCase, jobsList: number[]): void {
  scanHeader(title);
  let baseline: number | undefined;
  for (const jobs of jobsList) {
    const run = measureScan(target, ['--jobs', String(jobs)]);
    baseline ??= run.wallSeconds;
    scanRow(target, String(jobs), run, jobs === jobsList[0] ? undefined : baseline);
  }
}

function smallFilesDir(): string {
  return join(DATA_DIR, `fleet-${quick ? 1000 : 5000}-small`);
}

function fleetDir(): string {
  return join(DATA_DIR, `fleet-${quick ? 2000 : 10000}-clones`);
}

function benchSmallFiles(): void {
  const machines = quick ? 1000 : 5000;
  const dir = smallFilesDir();
  const written = ensureFleet(dir, { ...DEFAULT_SHAPE, machines, filesPerMachine: 1 });
  const target = { label: `${machines.toLocaleString('en-US')} small files, ${machines.toLocaleString('en-US')} folders`, dir, machines, ...written };
  compareJobs(`${target.label} (${(written.bytes / MB).toFixed(1)} MB)`, target, [1, 2, 4]);
}

function benchFleet(): void {
  const machines = quick ? 2000 : 10000;
  const dir = fleetDir();
  const written = ensureFleet(dir, { ...DEFAULT_SHAPE, machines, filesPerMachine: 2 });
  const target = { label: `${machines.toLocaleString('en-US')} machines, clones every 50`, dir, machines, ...written };
  scanHeader(`${target.label}: ${written.files.toLocaleString('en-US')} files, ${(written.bytes / MB).toFixed(1)} MB, full scan + rules + JSON`);
  for (const [name, cliRoot] of clis()) {
    scanRow({ ...target, label: `${target.label}${name}` }, `default (${availableParallelism()})`, measureScan(target, [], cliRoot));
  }
}

/** This checkout, then the --baseline one if given (label suffix, package root). */
function clis(): [string, string][] {
  return baselineRoot ? [[' (this checkout)', root], [' (baseline)', baselineRoot]] : [['', root]];
}

// ---------------------------------------------------------------- start-up and the whole CLI

function benchStartup(): void {
  const rounds = quick ? 7 : 15;
  const cases = [
    { label: 'explain 0xC004F074', args: ['explain', '0xC004F074'] },
    { label: 'scan fixtures/fleet/PC03 (one machine folder)', args: ['scan', join('fixtures', 'fleet', 'PC03'), '-q', '--fail-on', 'never'] },
  ];
  const roots = clis().map(([name, cliRoot]) => ({ name: name.trim().replace(/[()]/g, '') || 'this checkout', root: cliRoot }));
  console.log(`\n### Start-up against node -e 0 (${rounds} interleaved rounds; ratios of medians and of minimums)\n`);
  console.log('| command | checkout | median ms | min ms | × node -e 0 (median) | × node -e 0 (min) | CPU ms (median) | × node -e 0 (CPU) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const row of measureStartup(roots, cases, rounds)) {
    console.log(`| ${row.label} | ${row.cli} | ${row.medianMs.toFixed(0)} | ${row.minMs.toFixed(0)} | ${row.medianRatio.toFixed(2)}× | ${row.minRatio.toFixed(2)}× | ${row.cpuMs.toFixed(0)} | ${row.cpuRatio.toFixed(2)}× |`);
  }
}

/** The whole CLI (discover, read, rules, JSON report written) on the 500 MB export, against saxes merely reading it. */
async function benchCli(): Promise<void> {
  const input = INPUTS.find((candidate) => candidate.name.startsWith('500'))!;
  await ensureInputs([input]);
  const dir = join(DATA_DIR, 'cli-500mb');
  if (!existsSync(join(dir, 'BIG', 'Application.xml'))) {
    mkdirSync(join(dir, 'BIG'), { recursive: true });
    linkSync(input.path, join(dir, 'BIG', 'Application.xml'));
  }
  const target = { label: 'scan --format json, 500 MB export', dir, files: 1, bytes: statSync(input.path).size, machines: 1 };
  console.log('\n### The whole CLI against saxes on the 500 MB export (interleaved)\n');
  console.log('| run | wall s | CPU s | MB/s | peak RSS MB | vs saxes (wall) | vs saxes (CPU) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (let i = 0; i < repeat; i++) {
    const saxes = measureReader('saxes', input.path, input.encoding);
    console.log(`| saxes (reader only) | ${saxes.seconds.toFixed(2)} | ${saxes.cpuSeconds.toFixed(2)} | ${(saxes.bytes / MB / saxes.seconds).toFixed(0)} | ${saxes.maxRssMB.toFixed(0)} | 1× | 1× |`);
    for (const [name, cliRoot] of clis()) {
      const run = measureScan(target, [], cliRoot, 1);
      console.log(
        `| activation-doctor scan${name} | ${run.wallSeconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ${(target.bytes / MB / run.wallSeconds).toFixed(0)} | ` +
          `${run.maxRssMB.toFixed(0)} | ${(saxes.seconds / run.wallSeconds).toFixed(1)}× | ${(saxes.cpuSeconds / run.cpuSeconds).toFixed(1)}× |`,
      );
    }
  }
}

/** A few machines with one big export each: hard links to the 50 MB input, so no extra disk. */
async function largeExportsCase(): Promise<ScanCase> {
  const source = INPUTS[0]!;
  await ensureInputs([source]);
  const dir = join(DATA_DIR, 'fleet-large');
  const count = 4;
  if (!existsSync(join(dir, `BIG${count}`, 'Application.xml'))) {
    rmSync(dir, { recursive: true, force: true });
    for (let i = 1; i <= count; i++) {
      mkdirSync(join(dir, `BIG${i}`), { recursive: true });
      linkSync(source.path, join(dir, `BIG${i}`, 'Application.xml'));
    }
  }
  return { label: `${count} exports of 50 MB`, dir, files: count, bytes: count * statSync(source.path).size, machines: count };
}

async function benchLargeExports(): Promise<void> {
  const target = await largeExportsCase();
  compareJobs(target.label, target, [1, 2]);
}

interface ReadPhaseRun {
  mode: string;
  count: number;
  files: number;
  facts: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
}

function measureReadPhase(dir: string, mode: 'main' | 'workers', count: number): ReadPhaseRun {
  let best: ReadPhaseRun | undefined;
  for (let i = 0; i < repeat; i++) {
    const out = execFileSync(process.execPath, [join(here, 'workers.js'), dir, mode, String(count)], { encoding: 'utf8' });
    const run = JSON.parse(out.trim().split('\n').pop()!) as ReadPhaseRun;
    if (!best || run.seconds < best.seconds) best = run;
  }
  return best!;
}

async function benchWorkers(): Promise<void> {
  const large = await largeExportsCase();
  const machines = quick ? 1000 : 5000;
  ensureFleet(smallFilesDir(), { ...DEFAULT_SHAPE, machines, filesPerMachine: 1 });
  console.log('\n### Read phase only: p-limit on the main thread vs worker threads\n');
  console.log('| case | mode | wall s | CPU s | facts | peak RSS MB | vs main, 1 job |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const [label, dir] of [[`${machines.toLocaleString('en-US')} small files`, smallFilesDir()], [large.label, large.dir]] as const) {
    let baseline: number | undefined;
    for (const [mode, count] of [['main', 1], ['main', 2], ['workers', 1], ['workers', 2]] as const) {
      const run = measureReadPhase(dir, mode, count);
      baseline ??= run.seconds;
      const name = mode === 'main' ? `main thread, p-limit ${count}` : `${count} worker thread${count > 1 ? 's' : ''}`;
      console.log(
        `| ${label} | ${name} | ${run.seconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ${run.facts.toLocaleString('en-US')} | ` +
          `${run.maxRssMB.toFixed(0)} | ${(baseline / run.seconds).toFixed(2)}× |`,
      );
    }
  }
}

function benchRules(): void {
  const machines = quick ? 2000 : 10000;
  ensureFleet(fleetDir(), { ...DEFAULT_SHAPE, machines, filesPerMachine: 2 });
  console.log('\n### Grouping + rules on the first N machines (linear?)\n');
  console.log('| machines | facts | fleet findings | seconds | µs per machine |');
  console.log('|---:|---:|---:|---:|---:|');
  const out = execFileSync(process.execPath, [join(here, 'rules.js'), fleetDir()], { encoding: 'utf8' });
  for (const line of out.trim().split('\n')) {
    const row = JSON.parse(line) as { machines: number; facts: number; fleetFindings: number; seconds: number; microsecondsPerMachine: number };
    console.log(`| ${row.machines.toLocaleString('en-US')} | ${row.facts.toLocaleString('en-US')} | ${row.fleetFindings} | ${row.seconds.toFixed(2)} | ${row.microsecondsPerMachine} |`);
  }
}

console.log(describeMachine());
console.log(`load average at start: ${loadAverage()}; best of ${repeat} run(s) per scan case`);
if (only.includes('startup')) benchStartup();
if (only.includes('events')) await benchEvents();
if (only.includes('cli')) await benchCli();
if (only.includes('files')) benchSmallFiles();
if (only.includes('fleet')) benchFleet();
if (only.includes('large')) await benchLargeExports();
if (only.includes('workers')) await benchWorkers();
if (only.includes('rules')) benchRules();
if (only.includes('evtx')) benchEvtx(repeat);
console.log(`\nload average at end: ${loadAverage()}`);

/**
 * `npm run bench [-- --quick]`: generates the inputs if missing, then measures
 * the event reader and saxes (reference) on each, one child process per run.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInputs, INPUTS } from './generate.js';
import type { RunResult } from './events.js';

const quick = process.argv.includes('--quick');
const inputs = quick ? INPUTS.filter((input) => !input.name.startsWith('500')) : INPUTS;
const worker = join(dirname(fileURLToPath(import.meta.url)), 'events.js');

function measure(reader: string, path: string, encoding: string): RunResult {
  const out = execFileSync(process.execPath, [worker, reader, path, encoding], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as RunResult;
}

await ensureInputs(inputs);
console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
console.log('| input | reader | MB/s (wall) | MB/s (CPU) | events/s (wall) | wall s | CPU s | kept | peak RSS MB | vs saxes (wall / CPU) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const input of inputs) {
  const saxes = measure('saxes', input.path, input.encoding);
  const events = measure('events', input.path, input.encoding);
  // events/s counts every event in the file (kept or not)
  const eventCount = saxes.events;
  for (const run of [events, saxes]) {
    const mb = run.bytes / (1024 * 1024);
    const speedup =
      run === events ? `${(saxes.seconds / events.seconds).toFixed(1)}× / ${(saxes.cpuSeconds / events.cpuSeconds).toFixed(1)}×` : '1×';
    console.log(
      `| ${input.name} | ${run.reader} | ${(mb / run.seconds).toFixed(0)} | ${(mb / run.cpuSeconds).toFixed(0)} | ` +
        `${Math.round(eventCount / run.seconds).toLocaleString('en-US')} | ${run.seconds.toFixed(2)} | ${run.cpuSeconds.toFixed(2)} | ` +
        `${run.kept} | ${run.maxRssMB.toFixed(0)} | ${speedup} |`,
    );
  }
}

/**
 * Runs the real CLI in this process and prints, at exit, one line on stderr:
 *   BENCH_RESULT {"seconds":…,"cpuSeconds":…,"maxRssMB":…,"exitCode":…}
 * Spawned by run.ts once per measurement, so peak RSS is per run.
 *   node dist/bench/measured.js scan <dir> --format json -o out.json -q -j 2
 */
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_MARKER, type MeasuredRun } from './protocol.js';


const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.js');
const started = process.hrtime.bigint();
process.argv = [process.argv[0]!, cli, ...process.argv.slice(2)];
process.on('exit', (code) => {
  const usage = process.resourceUsage();
  const result: MeasuredRun = {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    maxRssMB: usage.maxRSS / 1024,
    exitCode: code,
  };
  process.stderr.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
});
await import(pathToFileURL(cli).href);

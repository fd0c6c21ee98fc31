/**
 * One measured run of the npm peer @ts-evtx/core (a devDependency, used only
 * here): every record of each file as one JSON line, written to /dev/null.
 *   node dist/bench/evtx-peer.js <file.evtx>...
 * Prints one JSON line: records, errors, seconds, CPU seconds, peak RSS.
 */
import { createWriteStream } from 'node:fs';
import { evtx } from '@ts-evtx/core';

const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
const sink = createWriteStream('/dev/null');
let records = 0;
let errors = 0;
for (const file of process.argv.slice(2)) {
  try {
    await evtx(file).forEach((event: unknown) => {
      records++;
      if (!sink.write(JSON.stringify(event) + '\n')) return;
    });
  } catch {
    errors++;
  }
}
await new Promise<void>((done) => sink.end(done));
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    records,
    errors,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);

#!/usr/bin/env node
/** The executable: runs the CLI and sets the exit code. */
import { setFlagsFromString } from 'node:v8';
import { main } from './cli.js';

// V8 lets the heap grow to about four times what survived the last full GC before it collects
// again; a fleet scan makes much short-lived garbage while it reads, so its peak memory was mostly
// garbage (10,000 machines: 330 MB at the default, ~200 MB at 1.5×, for ~15% more CPU; bench/RESULTS.md).
setFlagsFromString('--heap-growing-percent=50');

// a reader that went away (`| head`, `| true`) is not an error worth a stack trace
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv).then((code) => {
  process.exitCode = code;
  // a read still blocked in the kernel (a stalled network share) must not keep the finished run alive
  setTimeout(() => process.exit(code), 2000).unref();
});

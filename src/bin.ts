#!/usr/bin/env node
/** The executable: runs the CLI and sets the exit code. */
import { main } from './cli.js';

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

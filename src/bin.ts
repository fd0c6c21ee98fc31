#!/usr/bin/env node
/** The executable: runs the CLI and sets the exit code. */
import { main } from './cli.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});

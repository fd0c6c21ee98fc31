// Runs a script in this process and prints its peak RSS on stderr at exit (for tests).
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on('exit', () => {
  process.stderr.write(`\nAD_TEST_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
});
await import(pathToFileURL(script).href);

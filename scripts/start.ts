/**
 * `npm start`: with no arguments, scan the bundled demo fleet and exit 0 even
 * though the fleet has failing machines; with arguments, pass them to the CLI.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/data/paths.js';

const args = process.argv.slice(2);
const cliArgs = args.length > 0 ? args : ['scan', join('fixtures', 'fleet'), '--fail-on', 'never'];
const result = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'dist', 'src', 'bin.js'), ...cliArgs], {
  stdio: 'inherit',
  cwd: args.length > 0 ? process.cwd() : PACKAGE_ROOT,
});
process.exitCode = result.status ?? 2;

// Runs the built CLI in this process, then prints on stderr which packages of
// node_modules it loaded: `LOADED ["commander","sax"]`.
//   node test/helpers/loaded-packages.mjs dist/src/cli.js explain 0xC004F074
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { main } = await import(pathToFileURL(resolve(process.argv[2])).href);
process.exitCode = await main(['node', 'activation-doctor', ...process.argv.slice(3)]);
const loaded = new Set(Object.keys(require.cache).map((path) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path)?.[1]).filter(Boolean));
process.stderr.write(`\nLOADED ${JSON.stringify([...loaded].sort())}\n`);

/**
 * Part of `npm run build`: reads the built-in rules, catalog and policies from
 * their YAML files, validates them as `--rules DIR` would (schema, fields,
 * catalog codes, unique ids) and writes them to dist/src/data/builtin-data.json, which
 * the CLI reads at start-up instead (src/data/builtin.ts). A broken data file
 * fails the build with the loader's message. Never edit the output by hand:
 * it is regenerated from rules/, rules/catalog/ and policies/ on every build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readCatalogDir } from '../src/catalog/catalog.js';
import { sourcesHash, storedPath, type BuiltinData } from '../src/data/builtin.js';
import { BUILTIN_FILE, CATALOG_DIR, RULES_DIR } from '../src/data/paths.js';
import { DataFileError } from '../src/data/errors.js';
import { readRuleDir } from '../src/engine/load.js';
import { readPolicyDir } from '../src/policy/index.js';

function buildData(): BuiltinData {
  const catalogEntries = readCatalogDir(CATALOG_DIR);
  const catalog = new Map(catalogEntries.map((entry) => [entry.code, entry]));
  const rules = readRuleDir(RULES_DIR, catalog);
  const seen = new Map<string, string>();
  for (const { file, definition } of rules) {
    const id = definition.id;
    const earlier = seen.get(id);
    if (earlier) throw new DataFileError(file, 'id', `rule id "${id}" is already defined in ${earlier}`);
    seen.set(id, file);
  }
  return {
    sources: sourcesHash(),
    rules: rules.map((rule) => ({ ...rule, file: storedPath(rule.file) })),
    catalog: catalogEntries,
    policies: readPolicyDir(),
  };
}

try {
  const data = buildData();
  mkdirSync(dirname(BUILTIN_FILE), { recursive: true });
  writeFileSync(BUILTIN_FILE, `${JSON.stringify(data)}\n`);
} catch (error) {
  process.stderr.write(`build-data: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

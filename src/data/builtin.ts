/**
 * The built-in rules, catalog entries and policies, as `npm run build` validated
 * them (scripts/build-data.ts): one JSON file read at start-up instead of ~100
 * YAML files parsed and checked against their schemas on every run.
 *
 * The file records a hash of the data files it was built from. When they have
 * changed since (a rule edited without a rebuild), the loaders read the data
 * files themselves, so an edit is never silently ignored.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { CatalogEntry } from '../catalog/catalog.js';
import type { RuleDefinition } from '../engine/load.js';
import type { Policy } from '../policy/index.js';
import { BUILTIN_FILE, CATALOG_DIR, PACKAGE_ROOT, POLICIES_DIR, RULES_DIR, SCHEMA_DIR } from './paths.js';

interface BuiltinPolicy {
  /** Relative to the package root, like every path in this file. */
  file: string;
  policy: Policy;
}

export interface BuiltinData {
  /** sourcesHash() of the data files this was built from. */
  sources: string;
  rules: RuleDefinition[];
  catalog: CatalogEntry[];
  policies: BuiltinPolicy[];
}

const SOURCE_DIRS: readonly [string, RegExp][] = [
  [RULES_DIR, /\.(ya?ml|json)$/i],
  [CATALOG_DIR, /\.ya?ml$/i],
  [POLICIES_DIR, /\.ya?ml$/i],
  [SCHEMA_DIR, /\.json$/i],
];

/** A hash of every built-in data file and schema, names and contents. */
export function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const [dir, pattern] of SOURCE_DIRS) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((name) => pattern.test(name))
        .sort();
    } catch {
      continue;
    }
    for (const name of names) {
      hash.update(`${relative(PACKAGE_ROOT, join(dir, name))}\0`);
      hash.update(readFileSync(join(dir, name)));
    }
  }
  return hash.digest('hex');
}

let cached: BuiltinData | null | undefined;

/** The built-in data when the build's file is present and current, else null. */
export function builtinData(): BuiltinData | null {
  if (cached !== undefined) return cached;
  cached = null;
  try {
    const data = JSON.parse(readFileSync(BUILTIN_FILE, 'utf8')) as BuiltinData;
    if (data.sources === sourcesHash()) cached = data;
  } catch {
    // no build yet, or an unreadable one: the loaders read the data files
  }
  return cached;
}

/** A path stored in the built-in file, made absolute again. */
export function builtinPath(file: string): string {
  return isAbsolute(file) ? file : join(PACKAGE_ROOT, file);
}

export function storedPath(file: string): string {
  return relative(PACKAGE_ROOT, file);
}

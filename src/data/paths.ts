import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json, rules/ and schema/ live), from src/ or dist/src/. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('activation-doctor: cannot find its package root (package.json and schema/)');
}

export const PACKAGE_ROOT = findPackageRoot();
export const RULES_DIR = join(PACKAGE_ROOT, 'rules');
export const CATALOG_DIR = join(RULES_DIR, 'catalog');
export const POLICIES_DIR = join(PACKAGE_ROOT, 'policies');
export const SCHEMA_DIR = join(PACKAGE_ROOT, 'schema');
/** The built-in rules, catalog and policies, validated and written by `npm run build` (scripts/build-data.ts), beside the compiled loader. */
export const BUILTIN_FILE = join(PACKAGE_ROOT, 'dist', 'src', 'data', 'builtin-data.json');

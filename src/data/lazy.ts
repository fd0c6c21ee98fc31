/**
 * Ajv and yaml are loaded only when a run reads a data file from disk
 * (--rules, a policy file, merge shards, the build): the built-in rules,
 * catalog and policies come precompiled (see builtin.ts), and loading these
 * two packages costs more than a whole small scan.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const loadYamlPackage = (): typeof import('yaml') => require('yaml') as typeof import('yaml');
export const loadAjvPackage = (): typeof import('ajv') => require('ajv') as typeof import('ajv');

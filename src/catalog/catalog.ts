/**
 * The error-code catalog: data under rules/catalog/, one YAML entry per code,
 * validated against schema/catalog-entry.schema.json when loaded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { CATALOG_DIR, PACKAGE_ROOT, SCHEMA_DIR } from '../data/paths.js';
import { normalizeHresult } from '../model/codes.js';

export type ActivationType = 'mak' | 'kms-client' | 'kms-host' | 'adba' | 'retail' | 'oem' | 'office';

export interface ResolutionStep {
  /** What to do, in words. */
  step: string;
  /** The exact command, when there is one. */
  command?: string;
}

export interface CatalogEntry {
  /** `0x` + 8 upper-case hex. */
  code: string;
  /** Symbolic name, e.g. SL_E_VL_NOT_ENOUGH_COUNT. */
  name?: string;
  /** The error message in one line (own words). */
  message: string;
  /** A short title for reports. */
  title: string;
  appliesTo: ActivationType[];
  /** seed: from the source articles with full cause and resolution; supplementary: name and message only. */
  coverage: 'seed' | 'supplementary';
  causes: string[];
  resolution: ResolutionStep[];
  related: string[];
  /** Numbers rules rely on (thresholds, limits), with a note. */
  facts?: Record<string, number | string>;
  /** Event IDs in which the code usually appears (12288, 8198, 12293 …). */
  events?: number[];
  sources: string[];
}

export type Catalog = ReadonlyMap<string, CatalogEntry>;

/** A catalog file that cannot be used; the message names the file and, where known, the field. */
export class CatalogError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

export const CATALOG_SCHEMA_FILE = join(SCHEMA_DIR, 'catalog-entry.schema.json');

let validateEntry: ValidateFunction<CatalogEntry> | undefined;
const loadedCatalogs = new Map<string, Catalog>();

function entryValidator(): ValidateFunction<CatalogEntry> {
  if (!validateEntry) {
    const schema: unknown = JSON.parse(readFileSync(CATALOG_SCHEMA_FILE, 'utf8'));
    validateEntry = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<CatalogEntry>(schema as object);
  }
  return validateEntry;
}

/**
 * Loads and validates every `*.yaml` under `dir` (default rules/catalog/).
 * Each directory is read once per process; later calls return the same map.
 * Throws CatalogError on the first broken file.
 */
export function loadCatalog(dir: string = CATALOG_DIR): Catalog {
  const key = resolve(dir);
  const cached = loadedCatalogs.get(key);
  if (cached) return cached;
  const catalog = readCatalogDir(key);
  loadedCatalogs.set(key, catalog);
  return catalog;
}

/** The entry for a code in any spelling (`c004f074`, `-1073418124` …), or undefined. */
export function lookupCode(catalog: Catalog, code: string | number): CatalogEntry | undefined {
  const normalized = normalizeHresult(code);
  return normalized === null ? undefined : catalog.get(normalized);
}

/** The first resolution step that carries a command: what a report shows as "next command to run". */
export function nextCommand(entry: CatalogEntry): ResolutionStep | undefined {
  return entry.resolution.find((step) => step.command !== undefined);
}

function readCatalogDir(dir: string): Catalog {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /\.ya?ml$/i.test(name));
  } catch (error) {
    throw new CatalogError(`catalog directory ${dir} cannot be read: ${(error as Error).message}`, dir, null);
  }
  const entries = names.sort().map((name) => readEntryFile(join(dir, name)));
  return new Map(entries.map((entry) => [entry.code, entry]));
}

function readEntryFile(path: string): CatalogEntry {
  const file = displayPath(path);
  const data = parseEntryYaml(path, file);
  const validate = entryValidator();
  if (!validate(data)) {
    const error = mostUsefulError(validate.errors ?? []);
    const field = fieldOf(error);
    throw new CatalogError(`${file}: field "${field}" ${describeError(error)}`, file, field);
  }
  const expectedName = `${data.code}.yaml`;
  if (basename(path) !== expectedName) {
    throw new CatalogError(`${file}: field "code" is ${data.code}, so the file must be named ${expectedName}`, file, 'code');
  }
  return data;
}

function parseEntryYaml(path: string, file: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos ? ` (line ${error.linePos[0].line})` : '';
      throw new CatalogError(`${file}${where}: not valid YAML: ${error.message.split('\n')[0]}`, file, null);
    }
    throw error;
  }
}

function displayPath(path: string): string {
  const fromRoot = relative(PACKAGE_ROOT, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}

/** Prefer an error that points into a field over the schema's generic if/then wrapper. */
function mostUsefulError(errors: ErrorObject[]): ErrorObject | undefined {
  return errors.find((error) => error.keyword !== 'if') ?? errors[0];
}

function fieldOf(error: ErrorObject | undefined): string {
  if (!error) return '(entry)';
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  if (segments.length === 0) return '(entry)';
  return segments
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('')
    .replace(/^\./, '');
}

function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'is invalid';
  switch (error.keyword) {
    case 'required':
      return 'is missing';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

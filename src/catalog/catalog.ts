/**
 * The error-code catalog: data under rules/catalog/, one YAML entry per code,
 * validated against schema/catalog-entry.schema.json (by the build for the
 * built-in catalog, when loaded for any other folder).
 */
import { t } from '../i18n/index.js';
import { basename, resolve } from 'node:path';
import { builtinData } from '../data/builtin.js';
import { DataFileError } from '../data/errors.js';
import { dataFiles, readDataFile } from '../data/load.js';
import { CATALOG_DIR } from '../data/paths.js';
import { assertSchema } from '../data/schema.js';
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

const loadedCatalogs = new Map<string, Catalog>();

/**
 * Loads and validates every `*.yaml` under `dir` (default rules/catalog/).
 * Each directory is read once per process; later calls return the same map.
 * Throws a DataFileError on the first broken file.
 */
export function loadCatalog(dir: string = CATALOG_DIR): Catalog {
  const key = resolve(dir);
  const cached = loadedCatalogs.get(key);
  if (cached) return cached;
  const builtin = key === CATALOG_DIR ? builtinData() : null;
  const catalog: Catalog = builtin
    ? new Map(builtin.catalog.map((entry) => [entry.code, entry]))
    : new Map(readCatalogDir(key).map((entry) => [entry.code, entry]));
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

/** Every entry of a catalog folder, validated, sorted by file name (the build stores them). */
export function readCatalogDir(dir: string): CatalogEntry[] {
  return dataFiles(dir, /\.ya?ml$/i, 'catalog').map(readEntryFile);
}

function readEntryFile(file: string): CatalogEntry {
  const source = readDataFile(file);
  assertSchema('catalog-entry', source.value, file, source);
  const entry = source.value as CatalogEntry;
  const expectedName = `${entry.code}.yaml`;
  if (basename(file) !== expectedName) {
    throw new DataFileError(file, 'code', t('dataFile.catalogFileName', { code: entry.code, expected: expectedName }), source.lineOf(['code']));
  }
  return entry;
}

/**
 * The error-code catalog: data under rules/catalog/, one entry per code.
 * (Loader to be completed by the catalog issue; the types are the contract.)
 */

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
  sources: string[];
}

export type Catalog = ReadonlyMap<string, CatalogEntry>;

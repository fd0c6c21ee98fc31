/**
 * activation-doctor as a library: the same pipeline the CLI runs, stage by stage.
 *
 *   const catalog = loadCatalog();
 *   const rules = loadRules([RULES_DIR], catalog);
 *   const { report } = await scan(['fleet/'], { rules, catalog });
 *   console.log(render(report, 'text', { color: false, catalog }));
 */
export * from './model/facts.js';
export * from './model/report.js';
export { scan, type ScanOptions, type ScanProgress, type ScanResult } from './pipeline/scan.js';
export { discover, type DiscoveredFile, type DiscoverResult } from './input/discover.js';
export { sniff, detectEncoding, type SniffResult } from './input/sniff.js';
export { decodeText, detectTextEncoding } from './input/codepage.js';
export { readFileEvidence, type ReadOptions, type FileEvidence } from './input/read.js';
export { readEventXml, readClixml, readEvtx, readEvtxRecords, EVTX_ADVICE, type EventReadLimits, type EvtxSummary } from './parsers/events/index.js';
export { readEventText, looksLikeEventText } from './parsers/events/text/index.js';
export { parseSlmgrText, classifyText } from './parsers/slmgr/index.js';
export { groupByMachine, type MachineFacts } from './pipeline/machines.js';
export { filterFacts, parseTimeBound, type FactFilter } from './pipeline/filter.js';
export { loadCatalog, lookupCode, nextCommand, type Catalog, type CatalogEntry, type ActivationType, type ResolutionStep } from './catalog/catalog.js';
export { normalizeHresult, extractCodes } from './model/codes.js';
export { describeFacility } from './catalog/facility.js';
export { explain, type ExplainOptions, type ExplainResult } from './catalog/explain.js';
export { loadRules, evaluate, listRules, testRules, type Rule } from './engine/index.js';
export { DataFileError } from './data/errors.js';
export { render, summaryLine, FORMATS, OUTPUT_FORMATS, type FormatDefinition, type OutputFormat, type RenderOptions, type RowKind } from './report/index.js';
export { machineInventory, type MachineInventory } from './report/inventory.js';
export { validateReport } from './report/schema.js';
export { loadPolicy, checkPolicy, applyPolicy } from './policy/index.js';
export { mergeReports, readReportFile } from './pipeline/merge.js';
export { listEvents, RECORD_READERS, type EventsOptions, type EventsResult, type RecordReader } from './pipeline/events.js';
export { recordToJson, recordToXml, EVENT_OUTPUT_FORMATS, type EventOutputFormat } from './parsers/events/record-format.js';
export type { EventRecord } from './parsers/events/record.js';
export { buildReport } from './pipeline/assemble.js';
export { exitCodeFor, FAIL_ON_LEVELS, type FailOn } from './pipeline/exit-code.js';
export { RULES_DIR, CATALOG_DIR, SCHEMA_DIR } from './data/paths.js';
export {
  LANGUAGES,
  LANGUAGE_CHOICES,
  detectLanguage,
  isLanguage,
  languageFromLocale,
  localizeCatalog,
  localizeRules,
  setLanguage,
  currentLanguage,
  withLanguage,
  t,
  type Language,
} from './i18n/index.js';

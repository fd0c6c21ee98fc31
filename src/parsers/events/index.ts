/**
 * Event log ingestion. Every reader produces the one event record model
 * (record.ts); event-facts.ts turns records into facts.
 */
export { readEventXml, readClixml, EVTX_ADVICE, type EventReadLimits } from './xml/read.js';
export { readEvtx, readEvtxRecords, type EvtxSummary } from './evtx/index.js';

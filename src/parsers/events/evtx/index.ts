/**
 * Binary .evtx → event records (and facts), streamed one chunk at a time.
 * By default only records from activation providers are rendered: the
 * provider is decided per template, or from the raw substitution, first.
 */
import type { Fact } from '../../../model/facts.js';
import type { ParseContext, ParseResult } from '../../../model/report.js';
import { ACTIVATION_PROVIDERS, factsFromEvent, isHandledEventId } from '../event-facts.js';
import type { EventRecord } from '../record.js';
import { providerFilter, type ProviderFilter } from './chunk.js';
import { CHUNK_BYTES } from './binxml.js';
import { EvtxStream, type EvtxSummary } from './reader.js';

export { EvtxStream, type EvtxSummary } from './reader.js';
export { providerFilter, type ProviderFilter } from './chunk.js';

export const ACTIVATION_FILTER: ProviderFilter = providerFilter(ACTIVATION_PROVIDERS);
/** The scan's filter: activation providers and only the EventIDs that become facts. */
export const ACTIVATION_FACTS_FILTER: ProviderFilter = providerFilter(ACTIVATION_PROVIDERS, isHandledEventId);

export interface EvtxRecordOptions {
  /** Every record, not only those of activation providers. */
  all?: boolean;
  /** Only the records that can become facts (activation providers, handled EventIDs). */
  factsOnly?: boolean;
}

/** Records of an .evtx byte stream, handed to `onRecord` in file order. Never throws for bad content. */
export async function readEvtxRecords(
  chunks: AsyncIterable<Buffer>,
  onRecord: (record: EventRecord) => void | Promise<void>,
  options: EvtxRecordOptions = {},
): Promise<EvtxSummary> {
  let pending: EventRecord[] = [];
  const filter = options.all ? null : options.factsOnly ? ACTIVATION_FACTS_FILTER : ACTIVATION_FILTER;
  const stream = new EvtxStream(filter, (record) => pending.push(record));
  for await (const chunk of chunks) {
    // one .evtx chunk at a time, so records are handed on (and can be written) before the next is read
    for (let at = 0; at < chunk.length && !stream.stopped; at += CHUNK_BYTES) {
      stream.push(chunk.subarray(at, at + CHUNK_BYTES));
      const ready = pending;
      pending = [];
      for (const record of ready) {
        const done = onRecord(record);
        if (done) await done;
      }
    }
    if (stream.stopped) break;
  }
  const summary = stream.end();
  for (const record of pending) {
    const done = onRecord(record);
    if (done) await done;
  }
  return summary;
}

/** Facts of an .evtx byte stream (the scan path). */
export async function readEvtx(chunks: AsyncIterable<Buffer>, ctx: ParseContext): Promise<ParseResult> {
  const facts: Fact[] = [];
  const summary = await readEvtxRecords(chunks, (record) => {
    for (const fact of factsFromEvent(record, ctx.file, ctx.defaultMachine)) facts.push(fact);
  }, { factsOnly: true });
  if (summary.refused) return { facts, problems: summary.problems, partial: false, skippedReason: summary.refused };
  return { facts, problems: summary.problems, partial: summary.partial };
}

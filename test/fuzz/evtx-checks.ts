/**
 * The .evtx reader's fuzz invariants: no exception escapes, no hang, output
 * bounded by the input, the same records and problems however the bytes are
 * split, and the activation fast path keeps exactly what rendering every
 * record and then filtering keeps.
 */
import { EvtxStream, ACTIVATION_FILTER, ACTIVATION_FACTS_FILTER, type EvtxSummary } from '../../src/parsers/events/evtx/index.js';
import type { ProviderFilter } from '../../src/parsers/events/evtx/index.js';
import { ACTIVATION_PROVIDERS, isHandledEventId } from '../../src/parsers/events/event-facts.js';
import type { EventRecord } from '../../src/parsers/events/record.js';
import { withinHangBound, type Check } from './harness.js';

function read(bytes: Buffer, pieces: readonly number[], filter: ProviderFilter | null): { records: EventRecord[]; summary: EvtxSummary } {
  const records: EventRecord[] = [];
  const stream = new EvtxStream(filter, (record) => records.push(record));
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, pieces[i % pieces.length] ?? bytes.length);
    stream.push(bytes.subarray(at, at + size));
    at += size;
  }
  return { records, summary: stream.end() };
}

function fail(message: string): never {
  throw new Error(message);
}

export const checkEvtx: Check = async ({ bytes, params }) => {
  const whole = await withinHangBound('evtx (whole)', () => read(bytes, [bytes.length || 1], null));
  const text = JSON.stringify(whole);
  // rendering can repeat an element per array item, never without bound: 64× the input is far above real data
  if (text.length > 64 * bytes.length + (1 << 20)) fail(`evtx: ${text.length} characters of output from ${bytes.length} bytes`);
  if (whole.summary.problems.length > 51) fail(`evtx: ${whole.summary.problems.length} problems listed`);
  const pieces = params.chunkSizes ?? [1 << 20];
  const split = await withinHangBound('evtx (pieces)', () => read(bytes, pieces, null));
  if (JSON.stringify(split) !== text) fail(`evtx: pieces of ${JSON.stringify(pieces)} give another result than one piece`);
  const fast = await withinHangBound('evtx (activation only)', () => read(bytes, pieces, ACTIVATION_FILTER));
  const filtered = whole.records.filter((record) => ACTIVATION_PROVIDERS.has(record.provider));
  if (JSON.stringify(fast.records) !== JSON.stringify(filtered)) {
    fail(`evtx: the fast path kept ${fast.records.length} records, rendering then filtering ${filtered.length}`);
  }
  const facts = await withinHangBound('evtx (fact events only)', () => read(bytes, pieces, ACTIVATION_FACTS_FILTER));
  const handled = filtered.filter((record) => isHandledEventId(record.eventId));
  if (JSON.stringify(facts.records) !== JSON.stringify(handled)) {
    fail(`evtx: the EventID prefilter kept ${facts.records.length} records, rendering then filtering ${handled.length}`);
  }
};

/**
 * Helpers for the .evtx tests: fixtures are stored gzip-compressed
 * (fixtures/evtx/README.md) and read whole, or in pieces of any size.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PACKAGE_ROOT } from '../../../../src/data/paths.js';
import { EvtxStream, type EvtxSummary } from '../../../../src/parsers/events/evtx/index.js';
import { ACTIVATION_FILTER } from '../../../../src/parsers/events/evtx/index.js';
import type { RenderedEvent } from '../../../../src/parsers/events/evtx/chunk.js';
import type { EventRecord } from '../../../../src/parsers/events/record.js';

const EVTX_FIXTURES = join(PACKAGE_ROOT, 'fixtures', 'evtx');

const cache = new Map<string, Buffer>();

/** A fixture's bytes, decompressed (`ts-evtx/Application.evtx`). */
export function evtxFixture(relative: string): Buffer {
  let bytes = cache.get(relative);
  if (!bytes) {
    bytes = gunzipSync(readFileSync(join(EVTX_FIXTURES, `${relative}.gz`)));
    cache.set(relative, bytes);
  }
  return bytes;
}

let scratch: string | undefined;

/** The fixture written decompressed to a scratch folder (for tools that need a path). */
export function evtxFixtureFile(relative: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'evtx-fixtures-'));
  const path = join(scratch, relative.replace(/[\\/]/g, '__'));
  writeFileSync(path, evtxFixture(relative));
  return path;
}

export interface EvtxRead {
  records: EventRecord[];
  elements: RenderedEvent[];
  summary: EvtxSummary;
}

/** Reads `bytes` pushed in pieces of `pieceSize` bytes (whole by default). */
export function readEvtxBytes(bytes: Buffer, options: { all?: boolean; pieceSize?: number } = {}): EvtxRead {
  const records: EventRecord[] = [];
  const elements: RenderedEvent[] = [];
  const stream = new EvtxStream(options.all === false ? ACTIVATION_FILTER : null, (r) => records.push(r), (e) => elements.push(e));
  const piece = options.pieceSize ?? bytes.length;
  for (let at = 0; at < bytes.length; at += piece) stream.push(bytes.subarray(at, at + piece));
  return { records, elements, summary: stream.end() };
}

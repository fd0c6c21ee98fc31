/**
 * One 64 KiB chunk: header checks (checksums are reported, never fatal), the
 * record walk (a bad record header ends the chunk, bad BinXML skips one
 * record), the activation-provider fast path, and rendering to EventRecords.
 */
import type { XmlElement } from '../xml/element.js';
import { ChunkContext, CHUNK_BYTES, CHUNK_HEADER_BYTES } from './binxml.js';
import { rawEventId, rawProvider, recordHead } from './raw.js';
import { renderRecord } from './render.js';
import { crc32 } from './crc32.js';
import { asEvtxFormatError, EvtxFormatError } from './errors.js';
import { t } from '../../../i18n/index.js';

const CHUNK_SIGNATURE = Buffer.from('ElfChnk\0', 'latin1');
const RECORD_SIGNATURE = 0x00002a2a;
const RECORD_HEADER_BYTES = 24;
const MIN_RECORD_BYTES = 28;

/** Which records are rendered: every one, or only those whose provider passes. */
export interface ProviderFilter {
  /** Exact provider names kept. */
  names: ReadonlySet<string>;
  /** The same names as UTF-16LE bytes, for comparing raw values without decoding. */
  encoded: readonly Buffer[];
  /** When set, only these EventIDs are kept (the scan reads facts from a few ids only). */
  eventIds?: (eventId: number) => boolean;
}

export function providerFilter(names: Iterable<string>, eventIds?: (eventId: number) => boolean): ProviderFilter {
  const set = new Set(names);
  return { names: set, encoded: [...set].map((name) => Buffer.from(name, 'utf16le')), eventIds };
}

/** One record's `<Event>` tree and its file offset. */
export interface RenderedEvent {
  element: XmlElement;
  offset: number;
}

interface ChunkIssue {
  message: string;
  /** File offset the issue is about. */
  byte: number;
  /** Records were lost (the file is partial), not only a checksum warning. */
  lossy: boolean;
}

export interface ChunkOutcome {
  /** All-zero block (pre-allocated, never written): nothing to read, nothing to say. */
  empty: boolean;
  records: number;
  issues: ChunkIssue[];
}

function isZero(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

function readU64(bytes: Buffer, at: number): number {
  return bytes.readUInt32LE(at + 4) * 0x1_0000_0000 + bytes.readUInt32LE(at);
}

/**
 * Reads the chunk in `bytes` (exactly CHUNK_BYTES) found at file offset
 * `fileOffset` and hands each kept record to `emit`. Never throws for bad content.
 */
export function readChunk(
  bytes: Buffer,
  index: number,
  fileOffset: number,
  filter: ProviderFilter | null,
  emit: (event: RenderedEvent) => boolean,
  /** Render whole trees, not only what the record model reads (tests compare trees). */
  full = false,
): ChunkOutcome {
  const outcome: ChunkOutcome = { empty: false, records: 0, issues: [] };
  const chunk = { chunk: index, byte: fileOffset };
  if (!bytes.subarray(0, 8).equals(CHUNK_SIGNATURE)) {
    if (isZero(bytes, 0, CHUNK_BYTES)) outcome.empty = true;
    else outcome.issues.push({ message: t('problem.evtx.chunkNoSignature', chunk), byte: fileOffset, lossy: true });
    return outcome;
  }
  const free = Math.min(Math.max(bytes.readUInt32LE(48), CHUNK_HEADER_BYTES), CHUNK_BYTES);
  const noChecksum = (bytes.readUInt32LE(120) & 4) !== 0;
  if (!noChecksum) {
    if (crc32(bytes, [[0, 120], [128, CHUNK_HEADER_BYTES]]) !== bytes.readUInt32LE(124)) {
      outcome.issues.push({ message: t('problem.evtx.chunkHeaderChecksum', chunk), byte: fileOffset, lossy: false });
    }
    if (crc32(bytes, [[CHUNK_HEADER_BYTES, free]]) !== bytes.readUInt32LE(52)) {
      outcome.issues.push({ message: t('problem.evtx.chunkDataChecksum', chunk), byte: fileOffset, lossy: false });
    }
  }
  const lastRecordId = readU64(bytes, 32);
  const ctx = new ChunkContext(bytes);
  for (let p = CHUNK_HEADER_BYTES; p + RECORD_HEADER_BYTES <= free; ) {
    const signature = bytes.readUInt32LE(p);
    if (signature !== RECORD_SIGNATURE) {
      if (signature !== 0) outcome.issues.push({ message: t('problem.evtx.recordNoSignature', { ...chunk, offset: p }), byte: fileOffset + p, lossy: true });
      break;
    }
    const size = bytes.readUInt32LE(p + 4);
    if (size < MIN_RECORD_BYTES || p + size > CHUNK_BYTES || bytes.readUInt32LE(p + size - 4) !== size) {
      const message =
        size < MIN_RECORD_BYTES || p + size > CHUNK_BYTES
          ? t('problem.evtx.recordImpossibleSize', { ...chunk, offset: p, size })
          : t('problem.evtx.recordHalfWritten', { ...chunk, offset: p });
      outcome.issues.push({ message, byte: fileOffset + p, lossy: true });
      break;
    }
    const recordId = readU64(bytes, p + 8);
    try {
      if (readRecord(ctx, p, size, fileOffset, filter, emit, full)) outcome.records++;
    } catch (error) {
      const failure = asEvtxFormatError(error);
      const values = { ...chunk, offset: p, record: recordId, reason: failure.message };
      const message = t(failure.fatalForChunk ? 'problem.evtx.recordSkippedRestOfChunk' : 'problem.evtx.recordSkipped', values);
      outcome.issues.push({ message, byte: fileOffset + p, lossy: true });
      if (failure.fatalForChunk) break;
    }
    p += size;
    if (recordId === lastRecordId) break;
  }
  return outcome;
}

/** false when the raw record already shows the filter drops it; null when only rendering can tell. */
function rawRecordPasses(ctx: ChunkContext, start: number, end: number, filter: ProviderFilter): boolean | null {
  const head = recordHead(ctx, start, end);
  if (!head) return null;
  const raw = rawProvider(ctx, head, end);
  if (raw) {
    const passes = 'literal' in raw ? filter.names.has(raw.literal) : filter.encoded.some((name) => name.equals(raw.bytes));
    if (!passes) return false;
  }
  if (filter.eventIds) {
    const eventId = rawEventId(ctx, head, end);
    if (eventId !== null && !filter.eventIds(eventId)) return false;
  }
  return null;
}

/** Returns whether the record was kept (`emit` decides: it may still drop or refuse it). */
function readRecord(
  ctx: ChunkContext,
  at: number,
  size: number,
  fileOffset: number,
  filter: ProviderFilter | null,
  emit: (event: RenderedEvent) => boolean,
  full: boolean,
): boolean {
  const start = at + RECORD_HEADER_BYTES;
  const end = at + size - 4;
  if (filter && rawRecordPasses(ctx, start, end, filter) === false) return false;
  const event = renderRecord(ctx, start, end, full).find((element) => element.name === 'Event');
  if (!event) throw new EvtxFormatError('noEventElement');
  return emit({ element: event, offset: fileOffset + at });
}

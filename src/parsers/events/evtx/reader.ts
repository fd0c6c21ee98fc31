/**
 * A binary .evtx file read as a byte stream, one 64 KiB chunk at a time into
 * one reused buffer: memory stays flat whatever the file size, and the result
 * is the same however the bytes are split. Every chunk slot the file holds is
 * read, whatever the header's chunk count says (it is stale in dirty files).
 */
import type { Problem } from '../../../model/report.js';
import { recordFromEventElement, type EventRecord } from '../record.js';
import { t } from '../../../i18n/index.js';
import { formatOffset } from '../../../i18n/quantity.js';
import { CHUNK_BYTES } from './binxml.js';
import { readChunk, type ProviderFilter, type RenderedEvent } from './chunk.js';
import { EvtxFormatError } from './errors.js';
import { crc32 } from './crc32.js';

const FILE_SIGNATURE = Buffer.from('ElfFile\0', 'latin1');
const FILE_HEADER_BYTES = 4096;
const MAX_LISTED_PROBLEMS = 50;

export interface EvtxSummary {
  problems: Problem[];
  /** Records were lost to damage or truncation (the rest were read). */
  partial: boolean;
  /** Set when the file is not a readable event log at all. */
  refused: string | null;
  chunks: number;
  records: number;
}

/**
 * A value as the event XML reader gives it for the same event exported by
 * Windows: line ends become LF (XML parsing does that), and text that is only
 * whitespace is empty; so both readers give the same records.
 */
function asXmlReaderSees(value: string): string {
  if (value.trim() === '') return '';
  return value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
}

export class EvtxStream {
  private readonly header = Buffer.alloc(FILE_HEADER_BYTES);
  private readonly chunk = Buffer.alloc(CHUNK_BYTES);
  private filled = 0;
  private total = 0;
  private chunkIndex = 0;
  private headerRead = false;
  private refused: string | null = null;
  private partial = false;
  private chunks = 0;
  private records = 0;
  private readonly problems: Problem[] = [];
  private unlisted = 0;

  constructor(
    private readonly filter: ProviderFilter | null,
    private readonly emit: (record: EventRecord) => void,
    /** Sees each rendered `<Event>` tree before it becomes a record (tests compare whole trees). */
    private readonly onElement?: (event: RenderedEvent) => void,
  ) {}

  get stopped(): boolean {
    return this.refused !== null;
  }

  /** `bytes` may be reused by its producer once this returns. */
  push(bytes: Buffer): void {
    let from = 0;
    while (from < bytes.length && !this.refused) {
      const target = this.headerRead ? this.chunk : this.header;
      const take = Math.min(target.length - this.filled, bytes.length - from);
      bytes.copy(target, this.filled, from, from + take);
      this.filled += take;
      this.total += take;
      from += take;
      if (this.filled < target.length) break;
      this.filled = 0;
      if (this.headerRead) this.readFullChunk();
      else this.readHeader();
    }
  }

  end(): EvtxSummary {
    if (!this.refused) {
      if (!this.headerRead) {
        this.refused = this.total === 0 ? t('problem.emptyNoEvents') : t('problem.evtx.headerCut', { size: this.total, total: FILE_HEADER_BYTES });
      } else if (this.filled > 0) {
        const start = FILE_HEADER_BYTES + this.chunkIndex * CHUNK_BYTES;
        if (!this.chunk.subarray(0, this.filled).every((byte) => byte === 0)) {
          this.partial = true;
          this.problem(t('problem.evtx.endsInsideChunk', { chunk: this.chunkIndex, byte: start, size: formatOffset(this.filled), total: formatOffset(CHUNK_BYTES) }), start);
        }
      }
    }
    if (this.unlisted > 0) this.problems.push({ message: t('problem.evtx.moreProblems', { count: this.unlisted, shown: formatOffset(this.unlisted) }) });
    return { problems: this.problems, partial: this.partial, refused: this.refused, chunks: this.chunks, records: this.records };
  }

  private problem(message: string, byte: number): void {
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push({ message, byte });
    else this.unlisted++;
  }

  private keep(event: RenderedEvent): boolean {
    const record = recordFromEventElement(event.element, 0);
    if (!record) throw new EvtxFormatError('noProviderOrEventId');
    if (this.filter && !this.filter.names.has(record.provider)) return false;
    if (this.filter?.eventIds && !this.filter.eventIds(record.eventId)) return false;
    record.data = record.data.map(asXmlReaderSees);
    record.offset = event.offset;
    this.onElement?.(event);
    this.emit(record);
    return true;
  }

  private readHeader(): void {
    const h = this.header;
    this.headerRead = true;
    if (!h.subarray(0, 8).equals(FILE_SIGNATURE)) {
      this.refused = t('problem.evtx.notEvtx');
      return;
    }
    const flags = h.readUInt32LE(120);
    const noChecksum = (flags & 4) !== 0;
    if (!noChecksum && crc32(h, [[0, 120]]) !== h.readUInt32LE(124)) {
      this.problem(t('problem.evtx.headerChecksum'), 0);
    }
  }

  private readFullChunk(): void {
    const index = this.chunkIndex++;
    const offset = FILE_HEADER_BYTES + index * CHUNK_BYTES;
    const outcome = readChunk(this.chunk, index, offset, this.filter, (event) => this.keep(event), this.onElement !== undefined);
    if (!outcome.empty) this.chunks++;
    this.records += outcome.records;
    for (const issue of outcome.issues) {
      if (issue.lossy) this.partial = true;
      this.problem(issue.message, issue.byte);
    }
  }
}

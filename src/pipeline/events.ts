/**
 * `activation-doctor events`: the event records the tool reads, file by file,
 * as JSON lines or as wevtutil-shaped XML. Any reader that yields EventRecords
 * plugs in through RECORD_READERS (keyed by the sniffed file kind); the output
 * is written as the file is read, so memory stays flat.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { FileKind, Problem, TextEncoding } from '../model/report.js';
import { discover, describeFsError, type DiscoveredFile } from '../input/discover.js';
import { SNIFF_BYTES, sniff } from '../input/sniff.js';
import { fill, readChunks } from '../input/chunks.js';
import type { EventRecord } from '../parsers/events/record.js';
import { readEvtxRecords } from '../parsers/events/evtx/index.js';
import { readClixml, readEventXml } from '../parsers/events/xml/read.js';
import { notEventText, readEventTextRecords } from '../parsers/events/text/index.js';
import { decodeText } from '../input/codepage.js';
import { DEFAULT_MAX_TEXT_BYTES } from '../input/read.js';
import { recordToJson, recordToXml, type EventOutputFormat } from '../parsers/events/record-format.js';
import { t, withLanguage, type Language } from '../i18n/index.js';

interface RecordReadOutcome {
  problems: Problem[];
  partial: boolean;
  /** The file turned out not to hold events. */
  skippedReason?: string;
}

/** Reads records from a file's bytes (the first chunk is the sniffed head). */
export type RecordReader = (
  chunks: AsyncIterable<Buffer>,
  encoding: TextEncoding,
  /** May return a promise (output back-pressure): readers that can wait for it do. */
  onRecord: (record: EventRecord) => void | Promise<void>,
  options: { all: boolean },
) => Promise<RecordReadOutcome>;

const readEvtxFile: RecordReader = async (chunks, _encoding, onRecord, options) => {
  const summary = await readEvtxRecords(chunks, onRecord, options);
  return summary.refused
    ? { problems: summary.problems, partial: false, skippedReason: summary.refused }
    : { problems: summary.problems, partial: summary.partial };
};

/** The XML readers take the records through the same option (their output is written per chunk read). */
function xmlReader(read: typeof readEventXml | typeof readClixml): RecordReader {
  return async (chunks, encoding, onRecord, options) => {
    const xmlEncoding = encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8';
    const result = await read(chunks, xmlEncoding, { file: '', defaultMachine: '' }, { onRecord, all: options.all });
    return { problems: result.problems, partial: result.partial, skippedReason: result.skippedReason };
  };
}

/** Event text is read whole, up to the scan's text limit (it is small: pasted or saved from a console). */
const readTextFile: RecordReader = async (chunks, encoding, onRecord, options) => {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    const room = DEFAULT_MAX_TEXT_BYTES - length;
    if (room <= 0) break;
    parts.push(Buffer.from(chunk.subarray(0, room)));
    length += Math.min(room, chunk.length);
  }
  const count = await readEventTextRecords(decodeText(Buffer.concat(parts), encoding), onRecord, options.all);
  return count > 0 ? { problems: [], partial: false } : { problems: [], partial: false, skippedReason: notEventText() };
};

/** The readers that yield event records, by sniffed kind. */
export const RECORD_READERS: Partial<Record<FileKind, RecordReader>> = {
  evtx: readEvtxFile,
  'event-xml': xmlReader(readEventXml),
  clixml: xmlReader(readClixml),
  'event-text': readTextFile,
};

const FLUSH_CHARS = 64 * 1024;

export interface EventsOptions {
  all: boolean;
  format: EventOutputFormat;
  /** Writes output text; awaited between chunks so a slow consumer slows the reading, not the memory. */
  write: (text: string) => Promise<void> | void;
  /** Language of the messages about files (default: the language in force). */
  lang?: Language;
}

interface EventsFileOutcome {
  path: string;
  kind: FileKind;
  records: number;
  status: 'read' | 'partial' | 'skipped' | 'error';
  problems: Problem[];
}

export interface EventsResult {
  files: EventsFileOutcome[];
  missing: string[];
  records: number;
}

export async function listEvents(paths: readonly string[], options: EventsOptions): Promise<EventsResult> {
  return withLanguage(options.lang, () => listEventsIn(paths, options));
}

async function listEventsIn(paths: readonly string[], options: EventsOptions): Promise<EventsResult> {
  const { files, missing } = await discover(paths);
  const outcomes: EventsFileOutcome[] = [];
  let records = 0;
  for (const file of files) {
    const outcome = await eventsOfFile(file, options);
    records += outcome.records;
    outcomes.push(outcome);
  }
  return { files: outcomes, missing, records };
}

async function eventsOfFile(file: DiscoveredFile, options: EventsOptions): Promise<EventsFileOutcome> {
  const outcome: EventsFileOutcome = { path: file.path, kind: 'unknown', records: 0, status: 'read', problems: [] };
  const fail = (status: 'skipped' | 'error', message: string): EventsFileOutcome => {
    outcome.status = status;
    outcome.problems.push({ message });
    return outcome;
  };
  if (file.unreadable) return fail('error', file.unreadable);
  let handle: FileHandle;
  try {
    handle = await open(file.absPath, 'r');
  } catch (error) {
    return fail('error', describeFsError(error));
  }
  try {
    const head = Buffer.allocUnsafe(SNIFF_BYTES);
    const filled = await fill(handle, head, 0);
    const sniffed = sniff(head.subarray(0, filled));
    outcome.kind = sniffed.kind;
    const reader = RECORD_READERS[sniffed.kind];
    if (!reader || !sniffed.encoding) return fail('skipped', sniffed.reason ?? t('problem.noEventRecords', { kind: sniffed.kind }));
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const text = pending.join('\n') + '\n';
      pending = [];
      pendingLength = 0;
      await options.write(text);
    };
    // written in pieces of ~64 KiB: text kept longer is promoted to the old heap generation and grows the RSS
    const onRecord = (record: EventRecord): Promise<void> | void => {
      outcome.records++;
      const text = options.format === 'xml' ? recordToXml(record) : recordToJson(record, file.path);
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= FLUSH_CHARS) return flush();
    };
    async function* chunks(): AsyncGenerator<Buffer> {
      yield head.subarray(0, filled);
      if (filled < SNIFF_BYTES) return;
      for await (const chunk of readChunks(handle, filled)) {
        await flush();
        yield chunk;
      }
    }
    const result = await reader(chunks(), sniffed.encoding, onRecord, { all: options.all });
    await flush();
    outcome.problems.push(...result.problems);
    if (result.skippedReason && outcome.records === 0) return fail('skipped', result.skippedReason);
    if (result.partial) outcome.status = 'partial';
    return outcome;
  } catch (error) {
    return fail('error', t('problem.couldNotRead', { reason: describeFsError(error) }));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Read one discovered file: sniff its kind and encoding, hand it to the right
 * parser, and describe the outcome as a FileReport. Never throws.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Fact } from '../model/facts.js';
import type { FileReport, ParseContext, ParseResult, TextEncoding } from '../model/report.js';
import { describeFsError, type DiscoveredFile } from './discover.js';
import { SNIFF_BYTES, sniff, type SniffResult } from './sniff.js';
import { decodeText } from './codepage.js';
import { fill, readChunks } from './chunks.js';
import { readClixml, readEventXml, readEvtx } from '../parsers/events/index.js';
import { parseSlmgrText } from '../parsers/slmgr/index.js';
import { readEventText } from '../parsers/events/text/index.js';

export interface ReadOptions {
  /** Files larger than this are not read (bytes). */
  maxFileBytes?: number;
  /** Text (slmgr/ospp) files larger than this are read only up to it (bytes). */
  maxTextBytes?: number;
  /** A file that takes longer than this is cut short and marked partial (ms). */
  fileTimeoutMs?: number;
}

const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
const DEFAULT_MAX_TEXT_BYTES = 16 * 1024 ** 2;
const DEFAULT_FILE_TIMEOUT_MS = 120_000;

export interface FileEvidence {
  report: FileReport;
  facts: Fact[];
}

export async function readFileEvidence(file: DiscoveredFile, options: ReadOptions = {}): Promise<FileEvidence> {
  const report: FileReport = {
    path: file.path,
    kind: 'unknown',
    encoding: null,
    status: 'parsed',
    machine: null,
    size: file.size,
    facts: 0,
    problems: [],
  };
  if (file.unreadable) return failed(report, 'error', file.unreadable);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (file.size > maxFileBytes) {
    return failed(report, 'skipped', `larger than the per-file limit of ${formatBytes(maxFileBytes)} (--max-file-size)`);
  }
  let handle: FileHandle;
  try {
    handle = await open(file.absPath, 'r');
  } catch (error) {
    return failed(report, 'error', describeFsError(error));
  }
  try {
    return await readOpenFile(handle, file, report, options);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** One open, and the head read for sniffing is reused by the parser: a small file is read exactly once. */
async function readOpenFile(handle: FileHandle, file: DiscoveredFile, report: FileReport, options: ReadOptions): Promise<FileEvidence> {
  let head: Head;
  try {
    head = await readHead(handle);
  } catch (error) {
    return failed(report, 'error', describeFsError(error));
  }
  const sniffed = sniff(head.bytes);
  report.kind = sniffed.kind;
  report.encoding = sniffed.encoding;
  if (sniffed.reason || !sniffed.encoding) return failed(report, 'skipped', sniffed.reason ?? 'not evidence');
  const context: ParseContext = { file: file.path, defaultMachine: file.machineHint };
  let result: ParseResult;
  try {
    result = await parseByKind(handle, head, file, sniffed, context, options);
  } catch (error) {
    return failed(report, 'error', `could not be read: ${describeFsError(error)}`);
  }
  return finish(report, withFolderSpelling(result, file.machineHint));
}

/** An event's <Computer> that names the machine folder takes the folder's spelling (pc06 in PC06/ → PC06). */
function withFolderSpelling(result: ParseResult, machineHint: string): ParseResult {
  const hint = machineHint.toUpperCase();
  for (const fact of result.facts) if (fact.machine !== machineHint && fact.machine.toUpperCase() === hint) fact.machine = machineHint;
  return result;
}

async function parseByKind(
  handle: FileHandle,
  head: Head,
  file: DiscoveredFile,
  sniffed: SniffResult,
  context: ParseContext,
  options: ReadOptions,
): Promise<ParseResult> {
  if (sniffed.kind === 'evtx') return withTimeout(options, (signal) => readEvtx(streamRest(handle, head, signal), context));
  const encoding = sniffed.encoding as TextEncoding;
  if (sniffed.kind === 'event-xml' || sniffed.kind === 'clixml') {
    const read = sniffed.kind === 'event-xml' ? readEventXml : readClixml;
    const xmlEncoding = encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8';
    return withTimeout(options, (signal) => read(streamRest(handle, head, signal), xmlEncoding, context));
  }
  const maxText = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const bytes = await readTextUpTo(handle, head, maxText);
  const text = decodeText(bytes, encoding);
  const result = sniffed.kind === 'event-text' ? await readEventText(text, context) : parseSlmgrText(text, context);
  if (file.size > maxText) {
    result.partial = true;
    result.problems.push({ message: `only the first ${formatBytes(maxText)} of this text file were read (--max-text-size)` });
  }
  return result;
}

/** Stops the byte stream when the per-file time budget runs out; the parser keeps what it had. */
async function withTimeout(
  options: ReadOptions,
  run: (signal: AbortSignal) => Promise<ParseResult>,
): Promise<ParseResult> {
  const budget = options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budget);
  try {
    const result = await run(controller.signal);
    if (controller.signal.aborted) {
      result.partial = true;
      result.problems.push({ message: `stopped after the per-file time budget of ${budget / 1000} s (--file-timeout); the events read until then are used` });
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

interface Head {
  bytes: Buffer;
  /** The head holds the whole file: nothing more to read. */
  complete: boolean;
}

async function readHead(handle: FileHandle): Promise<Head> {
  const buffer = Buffer.allocUnsafe(SNIFF_BYTES);
  const filled = await fill(handle, buffer, 0);
  // a head that is full may be the whole file; the next read tells, and costs one call for big files only
  return { bytes: buffer.subarray(0, filled), complete: filled < SNIFF_BYTES };
}

/** The head, then the rest of the file (see readChunks: each chunk is valid until the next is asked for). */
async function* streamRest(handle: FileHandle, head: Head, signal: AbortSignal): AsyncGenerator<Buffer> {
  yield head.bytes;
  if (!head.complete) yield* readChunks(handle, head.bytes.length, signal);
}

/** Text files are read whole up to the limit; the buffer is sized to the file, not to the limit. */
async function readTextUpTo(handle: FileHandle, head: Head, limit: number): Promise<Buffer> {
  if (head.complete || head.bytes.length >= limit) return head.bytes.subarray(0, Math.min(limit, head.bytes.length));
  const { size } = await handle.stat();
  const buffer = Buffer.allocUnsafe(Math.max(head.bytes.length, Math.min(limit, size)));
  head.bytes.copy(buffer);
  const filled = head.bytes.length + (await fill(handle, buffer.subarray(head.bytes.length), head.bytes.length));
  return buffer.subarray(0, filled);
}

function finish(report: FileReport, result: ParseResult): FileEvidence {
  report.problems.push(...result.problems);
  report.facts = result.facts.length;
  report.machine = result.facts[0]?.machine ?? null;
  if (result.skippedReason && result.facts.length === 0) {
    report.status = 'skipped';
    const reason = result.skippedReason;
    if (!report.problems.some((problem) => problem.message === reason)) report.problems.unshift({ message: reason });
  } else if (result.partial) {
    report.status = 'partial';
  }
  return { report, facts: result.facts };
}

function failed(report: FileReport, status: 'skipped' | 'error', message: string): FileEvidence {
  report.status = status;
  report.problems.push({ message });
  return { report, facts: [] };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 ? 1 : 0)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(bytes % 1024 ** 2 ? 1 : 0)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

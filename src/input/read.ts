/**
 * Read one discovered file: sniff its kind and encoding, hand it to the right
 * parser, and describe the outcome as a FileReport. Never throws.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Fact } from '../facts.js';
import type { FileReport, ParseContext, ParseResult, TextEncoding } from '../types.js';
import { describeFsError, type DiscoveredFile } from './discover.js';
import { SNIFF_BYTES, sniff, type SniffResult } from './sniff.js';
import { decodeText } from './codepage.js';
import { EVTX_ADVICE, readClixml, readEventXml } from '../parsers/events/index.js';
import { parseSlmgrText } from '../parsers/slmgr/index.js';

export interface ReadOptions {
  /** Files larger than this are not read (bytes). */
  maxFileBytes?: number;
  /** Text (slmgr/ospp) files larger than this are read only up to it (bytes). */
  maxTextBytes?: number;
  /** A file that takes longer than this is cut short and marked partial (ms). */
  fileTimeoutMs?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
export const DEFAULT_MAX_TEXT_BYTES = 16 * 1024 ** 2;
export const DEFAULT_FILE_TIMEOUT_MS = 120_000;

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
  let sniffed: SniffResult;
  try {
    sniffed = sniff(await readHead(file.absPath));
  } catch (error) {
    return failed(report, 'error', describeFsError(error));
  }
  report.kind = sniffed.kind;
  report.encoding = sniffed.encoding;
  if (sniffed.kind === 'evtx') return failed(report, 'skipped', EVTX_ADVICE);
  if (sniffed.reason || !sniffed.encoding) return failed(report, 'skipped', sniffed.reason ?? 'not evidence');
  const context: ParseContext = { file: file.path, defaultMachine: file.machineHint };
  let result: ParseResult;
  try {
    result = await parseByKind(file, sniffed, context, options);
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
  file: DiscoveredFile,
  sniffed: SniffResult,
  context: ParseContext,
  options: ReadOptions,
): Promise<ParseResult> {
  const encoding = sniffed.encoding as TextEncoding;
  if (sniffed.kind === 'event-xml' || sniffed.kind === 'clixml') {
    const read = sniffed.kind === 'event-xml' ? readEventXml : readClixml;
    const xmlEncoding = encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8';
    return withTimeout(options, (signal) => read(streamFile(file.absPath, signal), xmlEncoding, context));
  }
  const maxText = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const bytes = await readUpTo(file.absPath, maxText);
  const result = parseSlmgrText(decodeText(bytes, encoding), context);
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

async function* streamFile(path: string, signal: AbortSignal): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) {
      if (signal.aborted) return;
      yield chunk as Buffer;
    }
  } finally {
    stream.destroy();
  }
}

async function readHead(path: string): Promise<Buffer> {
  return readUpTo(path, SNIFF_BYTES);
}

async function readUpTo(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function finish(report: FileReport, result: ParseResult): FileEvidence {
  report.problems.push(...result.problems);
  report.facts = result.facts.length;
  report.machine = result.facts[0]?.machine ?? null;
  if (result.skippedReason && result.facts.length === 0) {
    report.status = 'skipped';
    report.problems.unshift({ message: result.skippedReason });
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

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 ? 1 : 0)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(bytes % 1024 ** 2 ? 1 : 0)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

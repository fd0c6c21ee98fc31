/**
 * Read one discovered file: sniff its kind and encoding, hand it to the right
 * parser, and describe the outcome as a FileReport. Never throws.
 */
import { DEFAULT_FILE_TIMEOUT_MS, MAX_TIMER_MS } from './budgets.js';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Fact } from '../model/facts.js';
import type { FileProblemCode, FileReport, ParseContext, ParseResult, Problem, TextEncoding } from '../model/report.js';
import { oversizedHexCodes } from '../model/codes.js';
import { describeFsError, type DiscoveredFile } from './discover.js';
import { SNIFF_BYTES, sniff, type SniffResult } from './sniff.js';
import { decodeText } from './codepage.js';
import { fill, readChunks } from './chunks.js';
import { utf8ThenUtf16, type EncodingSwitch } from './encoding-switch.js';
import { eventPrefix, withoutPrefix } from './xml-prefix.js';
import { readClixml, readEventXml, readEvtx } from '../parsers/events/index.js';
import { parseSlmgrText } from '../parsers/slmgr/index.js';
import { readEventText } from '../parsers/events/text/index.js';
import { t } from '../i18n/index.js';
import { formatBytes, formatSeconds } from '../i18n/quantity.js';

export interface ReadOptions {
  /** Files larger than this are not read (bytes). */
  maxFileBytes?: number;
  /** Text (slmgr/ospp) files larger than this are read only up to it (bytes). */
  maxTextBytes?: number;
  /** A file that takes longer than this is cut short and marked partial (ms). */
  fileTimeoutMs?: number;
}

const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3;
export const DEFAULT_MAX_TEXT_BYTES = 16 * 1024 ** 2;

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
  if (file.unreadable) return failed(report, 'error', file.unreadable, file.unreadableCode ?? 'unreadable');
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (file.size > maxFileBytes) {
    return failed(report, 'skipped', t('problem.tooLarge', { limit: formatBytes(maxFileBytes) }), 'file-too-large');
  }
  const budget = fileTimeBudget(options);
  // the budget covers open and the first read: a FIFO or a stalled mount blocks there, before any parser runs
  const opened = await beforeDeadline(openWhenDescriptorFree(file.fsPath ?? file.absPath), budget.remaining(), (late) => void late.close().catch(() => undefined));
  if (opened.timedOut) return failed(report, 'error', budget.blockedMessage('opening'), 'file-timeout');
  if (opened.failed) return failed(report, 'error', describeFsError(opened.error), 'unreadable');
  const handle = opened.value;
  let stuck = false;
  try {
    const info = await handle.stat();
    // discovery saw a file, but it may have been replaced since (a FIFO, a device): never read those
    if (!info.isFile()) return failed(report, 'error', t('problem.notRegularFile'), 'not-a-regular-file');
    const head = await beforeDeadline(readHead(handle), budget.remaining());
    if (head.timedOut) {
      stuck = true;
      return failed(report, 'error', budget.blockedMessage('reading'), 'file-timeout');
    }
    if (head.failed) return failed(report, 'error', describeFsError(head.error), 'unreadable');
    return await readOpenFile(handle, head.value, file, report, { ...options, remainingMs: budget.remaining(), budgetMs: budget.ms });
  } finally {
    // a read still blocked in the kernel would hold close() until it returns
    if (stuck) void handle.close().catch(() => undefined);
    else await handle.close().catch(() => undefined);
  }
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const OPEN_RETRY_MS = 20;
const OPEN_RETRIES = 500;

/**
 * Out of file descriptors (`--jobs 500` under `ulimit -n 128`), a file waits
 * for another read to close its file rather than being lost as an error.
 */
async function openWhenDescriptorFree(path: string | Buffer): Promise<FileHandle> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await open(path, OPEN_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'EMFILE' && code !== 'ENFILE') || attempt >= OPEN_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, OPEN_RETRY_MS + Math.floor(Math.random() * OPEN_RETRY_MS)));
    }
  }
}


/** The file's time budget as the parsers see it, after open and the first read took their share. */
interface TimedReadOptions extends ReadOptions {
  remainingMs: number;
  budgetMs: number;
}

interface TimeBudget {
  ms: number;
  remaining(): number;
  blockedMessage(what: 'opening' | 'reading'): string;
}

function fileTimeBudget(options: ReadOptions): TimeBudget {
  const budget = options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  const start = Date.now();
  const unlimited = !Number.isFinite(budget) || budget > MAX_TIMER_MS;
  return {
    ms: budget,
    remaining: () => (unlimited ? Infinity : Math.max(1, budget - (Date.now() - start))),
    blockedMessage: (what) => t(what === 'opening' ? 'problem.blockedOpening' : 'problem.blockedReading', { budget: formatSeconds(budget) }),
  };
}

type Settled<T> = { timedOut: true } | { timedOut: false; failed: true; error: unknown } | { timedOut: false; failed: false; value: T };

/** Waits for `work` at most `ms`; what arrives later goes to `late` (to close a handle nobody will use). */
async function beforeDeadline<T>(work: Promise<T>, ms: number, late?: (value: T) => void): Promise<Settled<T>> {
  let expired = false;
  const outcome = work.then(
    (value): Settled<T> => {
      if (expired) late?.(value);
      return { timedOut: false, failed: false, value };
    },
    (error: unknown): Settled<T> => ({ timedOut: false, failed: true, error }),
  );
  if (!Number.isFinite(ms)) return outcome;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => {
      expired = true;
      resolve({ timedOut: true });
    }, ms);
  });
  try {
    return await Promise.race([outcome, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** One open, and the head read for sniffing is reused by the parser: a small file is read exactly once. */
async function readOpenFile(handle: FileHandle, head: Head, file: DiscoveredFile, report: FileReport, options: TimedReadOptions): Promise<FileEvidence> {
  const sniffed = sniff(head.bytes);
  report.kind = sniffed.kind;
  report.encoding = sniffed.encoding;
  if (sniffed.reason || !sniffed.encoding) return failed(report, 'skipped', sniffed.reason ?? t('problem.notEvidence'), sniffed.code ?? 'not-evidence');
  const context: ParseContext = { file: file.path, defaultMachine: file.machineHint };
  if (Number.isFinite(options.remainingMs)) context.deadline = Date.now() + options.remainingMs;
  let result: ParseResult;
  try {
    result = await parseByKind(handle, head, file, sniffed, context, options);
  } catch (error) {
    return failed(report, 'error', t('problem.couldNotRead', { reason: describeFsError(error) }), 'unreadable');
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
  options: TimedReadOptions,
): Promise<ParseResult> {
  if (sniffed.kind === 'evtx') return withTimeout(options, (signal) => readEvtx(streamRest(handle, head, signal), context));
  const encoding = sniffed.encoding as TextEncoding;
  if (sniffed.kind === 'event-xml' || sniffed.kind === 'clixml') {
    const read = sniffed.kind === 'event-xml' ? readEventXml : readClixml;
    const xmlEncoding = encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8';
    const prefix = sniffed.kind === 'event-xml' ? eventPrefix(decodeText(head.bytes.subarray(0, 8192), encoding)) : null;
    const switched: EncodingSwitch = { at: null };
    const bytes = (signal: AbortSignal): AsyncIterable<Buffer> => {
      const rest = streamRest(handle, head, signal);
      const oneEncoding = xmlEncoding === 'utf-8' ? utf8ThenUtf16(rest, switched) : rest;
      return prefix ? withoutPrefix(oneEncoding, prefix, xmlEncoding) : oneEncoding;
    };
    const result = await withTimeout(options, (signal) => read(bytes(signal), xmlEncoding, context));
    if (switched.at !== null) {
      result.problems.push({
        code: 'encoding-changed',
        message: t('problem.encodingChanged', { byte: String(switched.at) }),
        byte: switched.at,
      });
    }
    return result;
  }
  const maxText = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
  const bytes = await readTextUpTo(handle, head, maxText);
  const text = decodeText(bytes, encoding);
  const result = sniffed.kind === 'event-text' ? await readEventText(text, context) : parseSlmgrText(text, context);
  result.problems.push(...oversizedCodeProblems(text));
  if (file.size > maxText) {
    result.partial = true;
    result.problems.push({ code: 'text-limit-reached', message: t('problem.textLimit', { limit: formatBytes(maxText) }) });
  }
  return result;
}

/** Stops the byte stream when the per-file time budget runs out; the parser keeps what it had. */
async function withTimeout(options: TimedReadOptions, run: (signal: AbortSignal) => Promise<ParseResult>): Promise<ParseResult> {
  const controller = new AbortController();
  const timer = Number.isFinite(options.remainingMs) ? setTimeout(() => controller.abort(), options.remainingMs) : undefined;
  try {
    const result = await run(controller.signal);
    if (controller.signal.aborted) {
      result.partial = true;
      // what the cut left unfinished is the budget's doing, not the file's: no "truncated" or "no end tag" for it
      result.problems = result.problems.filter((problem) => problem.code !== 'truncated');
      result.problems.push({
        code: 'file-timeout',
        message: t('problem.timeoutEvents', { budget: formatSeconds(options.budgetMs) }),
      });
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

/** Codes too wide for 32 bits are not used; each is named, with its line (the first few). */
function oversizedCodeProblems(text: string): Problem[] {
  const codes = oversizedHexCodes(text);
  const problems: Problem[] = [];
  let line = 1;
  let counted = 0;
  for (const code of codes.slice(0, 5)) {
    for (let at = text.indexOf('\n', counted); at !== -1 && at < code.index; at = text.indexOf('\n', at + 1)) line++;
    counted = code.index;
    problems.push({ code: 'unsupported-value', message: t('problem.wideCodeAtLine', { line: String(line), value: code.value }), line });
  }
  if (codes.length > 5) problems.push({ code: 'more-problems', message: t('problem.moreWideCodes', { count: codes.length - 5 }) });
  return problems;
}

function finish(report: FileReport, result: ParseResult): FileEvidence {
  for (const problem of result.problems) report.problems.push(problem.code ? problem : { code: 'problem', ...problem });
  report.facts = result.facts.length;
  report.machine = result.facts[0]?.machine ?? null;
  if (result.skippedReason && result.facts.length === 0) {
    report.status = 'skipped';
    const code = result.skippedCode ?? 'not-evidence';
    // a refusal (DOCTYPE) is already listed as a problem with its place: not said twice
    if (!report.problems.some((problem) => problem.code === code)) report.problems.unshift({ code, message: result.skippedReason });
  } else if (result.partial) {
    report.status = 'partial';
  }
  return { report, facts: result.facts };
}

function failed(report: FileReport, status: 'skipped' | 'error', message: string, code: FileProblemCode): FileEvidence {
  report.status = status;
  report.problems.push({ code, message });
  return { report, facts: [] };
}


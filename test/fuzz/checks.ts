/**
 * The fuzz invariants, one check per target. The properties and the replay of
 * fixtures/fuzz/ run the same checks. Each throws an Error naming what broke.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fact } from '../../src/model/facts.js';
import { FACT_KINDS } from '../../src/model/facts.js';
import type { FileReport, ParseResult, TextEncoding } from '../../src/model/report.js';
import { decodeText, detectTextEncoding } from '../../src/input/codepage.js';
import { detectEncoding, sniff } from '../../src/input/sniff.js';
import { readFileEvidence } from '../../src/input/read.js';
import { readClixml, readEventXml } from '../../src/parsers/events/index.js';
import { classifyText, parseSlmgrText } from '../../src/parsers/slmgr/index.js';
import { validateReport } from '../../src/report/schema.js';
import { chunked } from '../parsers/events/helpers.js';
import { withinHangBound, type Check, type FuzzCase } from './harness.js';
import { checkEvtx } from './evtx-checks.js';

export const FILE = 'PC-FUZZ/input.bin';
const MACHINE = 'PC-FUZZ';
const CONTEXT = { file: FILE, defaultMachine: MACHINE };

const FILE_KINDS = ['event-xml', 'slmgr', 'ospp', 'evtx', 'clixml', 'event-text', 'empty', 'binary', 'unknown'];
const ENCODINGS: TextEncoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'cp437', 'cp850', 'cp852', 'cp866', 'cp932', 'cp936', 'cp950', 'windows-1252', 'binary'];
const HRESULT = /^0x[0-9A-F]{8}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const HRESULT_FIELDS = ['hresult', 'statusFlags', 'notificationReason', 'errorCode'] as const;
const TIME_FIELDS = ['time', 'clientTime', 'trustedTime'] as const;

function fail(message: string): never {
  throw new Error(message);
}

// ---------------------------------------------------------------- facts

/** A minimal report around the facts, so the public schema judges them. */
function reportAround(facts: Fact[], file: FileReport): unknown {
  return {
    schemaVersion: 1,
    tool: { name: 'activation-doctor', version: '0.0.0-fuzz' },
    files: [file],
    machines: [{ name: MACHINE, verdict: 'ok', files: [file.path], facts, findings: [] }],
    fleetFindings: [],
    summary: {
      files: 1,
      machines: 1,
      errors: 0,
      warnings: 0,
      infos: 0,
      filesByStatus: { parsed: 0, partial: 0, skipped: 0, error: 0, [file.status]: 1 },
      machinesByVerdict: { ok: 1, warning: 0, failing: 0 },
    },
  };
}

function defaultFileReport(facts: Fact[]): FileReport {
  return { path: FILE, kind: 'unknown', encoding: null, status: 'parsed', machine: null, size: 0, facts: facts.length, problems: [] };
}

/** Every fact validates against the report schema and the structural rules of facts.ts. */
export function expectValidFacts(facts: Fact[], file: string = FILE, fileReport: FileReport = defaultFileReport(facts)): void {
  const errors = validateReport(reportAround(facts, fileReport));
  if (errors.length > 0) fail(`facts or file report do not validate against the report schema:\n${errors.slice(0, 10).join('\n')}`);
  facts.forEach((fact, index) => {
    const where = `fact ${index} (${fact.kind})`;
    const record = fact as unknown as Record<string, unknown>;
    if (!FACT_KINDS.includes(fact.kind)) fail(`${where}: unknown kind`);
    if (typeof fact.machine !== 'string' || fact.machine.trim() === '') fail(`${where}: empty machine ${JSON.stringify(fact.machine)}`);
    if (fact.source?.file !== file) fail(`${where}: source.file ${JSON.stringify(fact.source?.file)} is not ${file}`);
    for (const field of HRESULT_FIELDS) {
      const value = record[field];
      if (value !== undefined && value !== null && !(typeof value === 'string' && HRESULT.test(value))) fail(`${where}: ${field} ${JSON.stringify(value)} is not 0x + 8 upper-case hex`);
    }
    for (const field of TIME_FIELDS) {
      const value = record[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' || !ISO_UTC.test(value) || Number.isNaN(Date.parse(value))) fail(`${where}: ${field} ${JSON.stringify(value)} is not an ISO 8601 UTC time`);
    }
    if (fact.kind === 'licensing-status') {
      for (const sku of fact.skus) if (sku.hresult !== null && !HRESULT.test(sku.hresult)) fail(`${where}: sku hresult ${sku.hresult}`);
    }
  });
}

function expectParseResult(result: ParseResult, what: string): void {
  if (!Array.isArray(result.facts) || !Array.isArray(result.problems) || typeof result.partial !== 'boolean') fail(`${what}: malformed ParseResult`);
  for (const problem of result.problems) if (typeof problem.message !== 'string' || problem.message === '') fail(`${what}: problem without a message`);
  expectValidFacts(result.facts);
}

// ---------------------------------------------------------------- sniff and decode

export const checkSniff: Check = async ({ bytes }) => {
  const sniffed = await withinHangBound('sniff', () => sniff(bytes));
  if (!FILE_KINDS.includes(sniffed.kind)) fail(`sniff: kind ${sniffed.kind}`);
  if (sniffed.encoding !== null && !ENCODINGS.includes(sniffed.encoding)) fail(`sniff: encoding ${sniffed.encoding}`);
  const encoding = await withinHangBound('detectEncoding', () => detectEncoding(bytes));
  if (!ENCODINGS.includes(encoding)) fail(`detectEncoding: ${encoding}`);
};

export const checkDecode: Check = async ({ bytes }) => {
  const detected = await withinHangBound('detectTextEncoding', () => detectTextEncoding(bytes));
  if (!ENCODINGS.includes(detected)) fail(`detectTextEncoding: ${detected}`);
  for (const encoding of ENCODINGS) {
    const text = await withinHangBound(`decodeText ${encoding}`, () => decodeText(bytes, encoding));
    if (typeof text !== 'string') fail(`decodeText ${encoding}: not a string`);
    if (text.charCodeAt(0) === 0xfeff && encoding !== 'binary') fail(`decodeText ${encoding}: BOM kept`);
  }
};

// ---------------------------------------------------------------- readers

type StreamReader = typeof readEventXml;

/** No throw, no hang, valid facts, and the same outcome however the bytes are chunked. */
function streamReaderCheck(name: string, read: StreamReader): Check {
  return async ({ bytes, params }) => {
    const encoding = params.encoding ?? 'utf-8';
    const result = await withinHangBound(name, () => read(chunked(bytes, params.chunkSizes ?? [1 << 20]), encoding, CONTEXT));
    expectParseResult(result, name);
    if (!params.chunkSizes) return;
    const whole = await withinHangBound(`${name} (one chunk)`, () => read(chunked(bytes, [bytes.length || 1]), encoding, CONTEXT));
    // The skip message may word the same refusal differently (what the DOCTYPE lookahead saw); whether it skipped may not differ.
    const outcome = (r: ParseResult) => JSON.stringify({ facts: r.facts, partial: r.partial, skipped: r.skippedReason !== undefined });
    if (outcome(result) !== outcome(whole)) {
      fail(`${name}: chunks of ${JSON.stringify(params.chunkSizes)} give another outcome than one chunk:\n${outcome(result).slice(0, 500)}\n${outcome(whole).slice(0, 500)}`);
    }
  };
}

export const checkEventXml: Check = streamReaderCheck('readEventXml', readEventXml);
export const checkClixml: Check = streamReaderCheck('readClixml', readClixml);

/** The sniffer's encoding, as the orchestrator decodes a text file. */
function decodeAsSniffed(bytes: Buffer): string {
  const encoding = detectEncoding(bytes);
  return decodeText(bytes, encoding);
}

export const checkSlmgr: Check = async ({ bytes }) => {
  const text = decodeAsSniffed(bytes);
  const kind = await withinHangBound('classifyText', () => classifyText(text));
  if (kind !== null && kind !== 'slmgr' && kind !== 'ospp') fail(`classifyText: ${String(kind)}`);
  const result = await withinHangBound('parseSlmgrText', () => parseSlmgrText(text, CONTEXT));
  expectParseResult(result, 'parseSlmgrText');
};

// ---------------------------------------------------------------- truncation of event XML

interface EventSpan {
  start: number;
  end: number;
}

/** Byte offsets of an ASCII needle in bytes of the given encoding (aligned to code units). */
function needleOffsets(bytes: Buffer, needle: string, unit: 1 | 2, encoding: 'utf-8' | 'utf-16le'): number[] {
  const pattern = Buffer.from(needle, encoding === 'utf-8' ? 'utf8' : 'utf16le');
  const offsets: number[] = [];
  for (let at = bytes.indexOf(pattern); at >= 0; at = bytes.indexOf(pattern, at + 1)) if (at % unit === 0 || unit === 1) offsets.push(at);
  return offsets;
}

/** Event spans by plain search (clean seeds: no comments or CDATA holding markup). */
function eventSpans(bytes: Buffer, encoding: 'utf-8' | 'utf-16le'): EventSpan[] {
  const unit = encoding === 'utf-8' ? 1 : 2;
  const starts = [...needleOffsets(bytes, '<Event ', unit, encoding), ...needleOffsets(bytes, '<Event>', unit, encoding)].sort((a, b) => a - b);
  const ends = needleOffsets(bytes, '</Event>', unit, encoding);
  return starts.map((start) => {
    const end = ends.find((e) => e > start);
    return { start, end: end === undefined ? Number.POSITIVE_INFINITY : end + '</Event>'.length * unit };
  });
}

/** Each fact's event end offset, found through its recordId and the following `</Event>`. */
function factEventEnds(bytes: Buffer, encoding: 'utf-8' | 'utf-16le', facts: Fact[]): Map<Fact, number> {
  const unit = encoding === 'utf-8' ? 1 : 2;
  const ends = needleOffsets(bytes, '</Event>', unit, encoding);
  const byRecord = new Map<number, number[]>();
  const result = new Map<Fact, number>();
  for (const fact of facts) {
    const recordId = fact.source.recordId;
    if (recordId === undefined) continue;
    let at = byRecord.get(recordId);
    if (!at) {
      at = needleOffsets(bytes, `<EventRecordID>${recordId}<`, unit, encoding);
      byRecord.set(recordId, at);
    }
    // A recordId written twice (re-exported logs) has no single event end: such facts are not judged.
    if (at.length !== 1) continue;
    const end = ends.find((e) => e > at[0]!);
    if (end !== undefined) result.set(fact, end + '</Event>'.length * unit);
  }
  return result;
}

const fullParses = new Map<string, Promise<ParseResult>>();

function parseWhole(bytes: Buffer, encoding: 'utf-8' | 'utf-16le'): Promise<ParseResult> {
  const key = `${encoding}:${bytes.length}:${bytes.subarray(0, 64).toString('hex')}:${bytes.subarray(-64).toString('hex')}`;
  let parse = fullParses.get(key);
  if (!parse) {
    parse = readEventXml(chunked(bytes, [1 << 20]), encoding, CONTEXT);
    fullParses.set(key, parse);
  }
  return parse;
}

/**
 * `<Event ` or `<Event>`: a file cut before the first event's start tag name is
 * complete (`<Eve`) cannot be told from a file that is not an event export at all.
 */
const START_TAG_UNITS = '<Event '.length;

/**
 * Cutting an event export never loses an event that was complete before the cut
 * (same recordId and kind), and a cut inside an event is reported as partial.
 */
export function eventTruncationCheck(read: typeof readEventXml = readEventXml): Check {
  return async ({ bytes, params }) => {
    const encoding = params.encoding === 'utf-16le' ? 'utf-16le' : 'utf-8';
    const cut = Math.min(bytes.length, params.cut ?? bytes.length);
    const unit = encoding === 'utf-8' ? 1 : 2;
    const whole = await parseWhole(bytes, encoding);
    const ends = factEventEnds(bytes, encoding, whole.facts);
    const result = await withinHangBound('readEventXml (cut)', () => read(chunked(bytes.subarray(0, cut), params.chunkSizes ?? [1 << 20]), encoding, CONTEXT));
    expectParseResult(result, 'readEventXml (cut)');
    const kept = new Set(result.facts.map((fact) => `${fact.source.recordId}:${fact.kind}`));
    for (const [fact, end] of ends) {
      if (end <= cut && !kept.has(`${fact.source.recordId}:${fact.kind}`)) {
        fail(`cut at byte ${cut} lost the ${fact.kind} fact of record ${fact.source.recordId} (event ended at byte ${end})`);
      }
    }
    const inside = eventSpans(bytes, encoding).find((span, index) => span.start + (index === 0 ? START_TAG_UNITS * unit : 0) <= cut && span.start < cut && cut < span.end);
    if (inside && !result.partial) fail(`cut at byte ${cut} inside the event at bytes ${inside.start}–${inside.end} is not partial`);
  };
}

export const checkEventTruncation: Check = eventTruncationCheck();

// ---------------------------------------------------------------- truncation of slmgr text

/** String fields that hold IDs, codes and hosts copied from the text. */
const COPIED_FIELDS = ['activationId', 'applicationId', 'extendedPid', 'partialKey', 'cmid', 'kmsHost', 'client', 'skuId'] as const;
const COPIED_CLIENT_FIELDS = ['registeredHost', 'dnsHost', 'hostIp', 'hostExtendedPid', 'cmid', 'srvDomain'] as const;

function copiedValues(fact: Fact): { field: string; value: string }[] {
  const record = fact as unknown as Record<string, unknown>;
  const values: { field: string; value: string }[] = [];
  for (const field of COPIED_FIELDS) if (typeof record[field] === 'string') values.push({ field, value: record[field] as string });
  for (const field of HRESULT_FIELDS) if (typeof record[field] === 'string') values.push({ field, value: record[field] as string });
  if (fact.kind === 'license' && fact.kmsClient) {
    const client = fact.kmsClient as unknown as Record<string, unknown>;
    for (const field of COPIED_CLIENT_FIELDS) if (typeof client[field] === 'string') values.push({ field: `kmsClient.${field}`, value: client[field] as string });
  }
  return values;
}

/** An HRESULT as written: any case, leading zeros optional, not followed by more hex digits. */
function hresultPattern(code: string): RegExp {
  const digits = code.slice(2).replace(/^0+(?=.)/, '');
  return new RegExp(`0x0*${digits}(?![0-9a-f])`, 'i');
}

function appearsIn(text: string, field: string, value: string): boolean {
  if ((HRESULT_FIELDS as readonly string[]).includes(field)) return hresultPattern(value).test(text);
  return text.toLowerCase().includes(value.toLowerCase());
}

/**
 * `bytes` is a clean slmgr/ospp output, `cut` a byte offset: every ID, code and
 * host in the facts of the cut text appears in the cut text, and each code is a
 * whole code of the clean output (a code cut short is not a new code).
 */
export function slmgrTruncationCheck(parse: typeof parseSlmgrText = parseSlmgrText): Check {
  return async ({ bytes, params }) => {
    const fullText = decodeAsSniffed(bytes);
    const cutBytes = bytes.subarray(0, Math.min(bytes.length, params.cut ?? bytes.length));
    const cutText = decodeText(cutBytes, detectEncoding(bytes));
    const result = await withinHangBound('parseSlmgrText (cut)', () => parse(cutText, CONTEXT));
    expectParseResult(result, 'parseSlmgrText (cut)');
    for (const fact of result.facts) {
      for (const { field, value } of copiedValues(fact)) {
        if (!appearsIn(cutText, field, value)) fail(`${fact.kind}.${field} ${JSON.stringify(value)} is not in the cut text`);
        if ((HRESULT_FIELDS as readonly string[]).includes(field) && !appearsIn(fullText, field, value)) {
          fail(`${fact.kind}.${field} ${value} is a code cut short: the clean output has no such code`);
        }
      }
    }
  };
}

export const checkSlmgrTruncation: Check = slmgrTruncationCheck();

// ---------------------------------------------------------------- whole pipeline

const STATUSES = ['parsed', 'partial', 'skipped', 'error'];

/** The bytes as a file in a machine folder, read by readFileEvidence. */
export const checkPipeline: Check = async ({ bytes }: FuzzCase) => {
  const dir = mkdtempSync(join(tmpdir(), 'ad-fuzz-'));
  try {
    const absPath = join(dir, 'input.bin');
    writeFileSync(absPath, bytes);
    const evidence = await withinHangBound('readFileEvidence', () =>
      readFileEvidence({ path: FILE, absPath, machineHint: MACHINE, machineFromFileName: false, size: bytes.length }, { fileTimeoutMs: 60_000 }),
    );
    const { report, facts } = evidence;
    if (!STATUSES.includes(report.status)) fail(`status ${report.status}`);
    if (report.status !== 'parsed' && !report.problems.some((p) => typeof p.message === 'string' && p.message.trim() !== '')) {
      fail(`status ${report.status} without a problem message`);
    }
    if (report.facts !== facts.length) fail(`report counts ${report.facts} facts, ${facts.length} returned`);
    if (report.size !== bytes.length) fail(`report size ${report.size}, file has ${bytes.length} bytes`);
    expectValidFacts(facts, FILE, report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Target name → check; the replay of fixtures/fuzz/ dispatches on the file name's target. */
export const CHECKS: Record<string, Check> = {
  sniff: checkSniff,
  decode: checkDecode,
  'event-xml': checkEventXml,
  clixml: checkClixml,
  slmgr: checkSlmgr,
  'event-truncation': checkEventTruncation,
  'slmgr-truncation': checkSlmgrTruncation,
  pipeline: checkPipeline,
  evtx: checkEvtx,
};

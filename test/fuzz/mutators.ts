/**
 * Mutations of real inputs for fuzzing: truncation, byte flips, encoding swaps
 * (UTF-16LE/BE with and without BOM, console code pages), inserted DOCTYPEs,
 * duplicated and shuffled lines, enormous values, CRLF/LF swaps.
 */
import { seededRandom } from '../../bench/random.js';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { encodeText } from '../parsers/events/helpers.js';

const CODE_PAGES = ['cp437', 'cp850', 'cp852', 'cp866', 'cp932', 'gbk', 'big5', 'windows-1252'] as const;
type CodePage = (typeof CODE_PAGES)[number];

export type Mutation =
  | { type: 'truncate'; at: number }
  | { type: 'flip'; at: number; value: number }
  | { type: 'utf16le'; bom: boolean }
  | { type: 'utf16be'; bom: boolean }
  | { type: 'code-page'; codePage: CodePage }
  | { type: 'doctype'; where: 'start' | 'after-declaration' | 'inside'; at: number }
  | { type: 'duplicate-lines'; seed: number }
  | { type: 'shuffle-lines'; seed: number }
  | { type: 'line-endings'; crlf: boolean }
  | { type: 'enormous-value'; at: number; length: number; fill: number }
  | { type: 'insert-garbage'; at: number; bytes: number[] };

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('truncate' as const), at: fraction }),
  fc.record({ type: fc.constant('flip' as const), at: fraction, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ type: fc.constant('utf16le' as const), bom: fc.boolean() }),
  fc.record({ type: fc.constant('utf16be' as const), bom: fc.boolean() }),
  fc.record({ type: fc.constant('code-page' as const), codePage: fc.constantFrom(...CODE_PAGES) }),
  fc.record({ type: fc.constant('doctype' as const), where: fc.constantFrom('start' as const, 'after-declaration' as const, 'inside' as const), at: fraction }),
  fc.record({ type: fc.constant('duplicate-lines' as const), seed: fc.integer() }),
  fc.record({ type: fc.constant('shuffle-lines' as const), seed: fc.integer() }),
  fc.record({ type: fc.constant('line-endings' as const), crlf: fc.boolean() }),
  fc.record({
    type: fc.constant('enormous-value' as const),
    at: fraction,
    length: fc.integer({ min: 1000, max: 300_000 }),
    fill: fc.constantFrom(0x41, 0x30, 0x20, 0x3c, 0x26, 0xe4),
  }),
  fc.record({ type: fc.constant('insert-garbage' as const), at: fraction, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }) }),
);

/** One to three mutations in a row. */
export const mutationsArbitrary = fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 });

export function mutate(input: Buffer, mutations: readonly Mutation[]): Buffer {
  return mutations.reduce((bytes, mutation) => applyMutation(bytes, mutation), input);
}

/** Byte offset `at` (0..1) of the way through `bytes`, kept on a UTF-16 code unit when `unit` is 2. */
function position(bytes: Buffer, at: number, unit = 1): number {
  const raw = Math.min(bytes.length, Math.floor(at * bytes.length));
  return raw - (raw % unit);
}

const DOCTYPE = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>\n';
const ENTITY_USE = '&b;&c;';

function applyMutation(bytes: Buffer, mutation: Mutation): Buffer {
  switch (mutation.type) {
    case 'truncate':
      return bytes.subarray(0, position(bytes, mutation.at));
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[Math.min(copy.length - 1, position(bytes, mutation.at))] = mutation.value;
      return copy;
    }
    case 'utf16le':
      return encodeText(asText(bytes), 'utf-16le', mutation.bom);
    case 'utf16be':
      return encodeText(asText(bytes), 'utf-16be', mutation.bom);
    case 'code-page':
      return iconv.encode(asText(bytes), mutation.codePage);
    case 'doctype':
      return mapText(bytes, (text) => insertDoctype(text, mutation.where, mutation.at));
    case 'duplicate-lines': {
      const random = seededRandom(mutation.seed);
      return mapText(bytes, (text) => mapLines(text, (lines) => lines.flatMap((line) => (random() < 0.2 ? [line, line] : [line]))));
    }
    case 'shuffle-lines':
      return mapText(bytes, (text) => mapLines(text, (lines) => shuffle(lines, mutation.seed)));
    case 'line-endings':
      return mapText(bytes, (text) => (mutation.crlf ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r\n/g, '\n')));
    case 'enormous-value': {
      const { encoding } = textEncodingOf(bytes);
      const unit = encoding === 'utf-8' ? 1 : 2;
      const at = Math.max(position(bytes, mutation.at, unit), bomLength(bytes));
      const filler = encodeText(String.fromCharCode(mutation.fill).repeat(mutation.length), encoding, false);
      return Buffer.concat([bytes.subarray(0, at), filler, bytes.subarray(at)]);
    }
    case 'insert-garbage': {
      const at = position(bytes, mutation.at);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(mutation.bytes), bytes.subarray(at)]);
    }
  }
}

function insertDoctype(text: string, where: 'start' | 'after-declaration' | 'inside', at: number): string {
  if (where === 'start') return DOCTYPE + text;
  if (where === 'after-declaration') {
    const end = text.startsWith('<?xml') ? text.indexOf('?>') + 2 : 0;
    return text.slice(0, end) + '\n' + DOCTYPE + text.slice(end);
  }
  // Inside: a DOCTYPE before some event, and an entity reference in a later text node.
  const events = [...text.matchAll(/<Event[\s>]/g)].map((m) => m.index);
  if (events.length === 0) return DOCTYPE + text;
  const eventAt = events[Math.min(events.length - 1, Math.floor(at * events.length))];
  const withDoctype = text.slice(0, eventAt) + DOCTYPE + text.slice(eventAt);
  const dataAt = withDoctype.indexOf('<Data', eventAt + DOCTYPE.length);
  const close = dataAt < 0 ? -1 : withDoctype.indexOf('>', dataAt);
  return close < 0 ? withDoctype : withDoctype.slice(0, close + 1) + ENTITY_USE + withDoctype.slice(close + 1);
}

/** Text in the encoding the bytes appear to be in: UTF-16 by BOM or zero bytes, else UTF-8. */
function textEncodingOf(bytes: Buffer): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: boolean } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return { encoding: 'utf-16le', bom: false };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return { encoding: 'utf-16be', bom: false };
  return { encoding: 'utf-8', bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}

function bomLength(bytes: Buffer): number {
  const { encoding, bom } = textEncodingOf(bytes);
  if (!bom) return 0;
  return encoding === 'utf-8' ? 3 : 2;
}

export function asText(bytes: Buffer): string {
  const { encoding } = textEncodingOf(bytes);
  const body = bytes.subarray(bomLength(bytes));
  if (encoding === 'utf-8') return body.toString('utf8');
  const even = Buffer.from(body.subarray(0, body.length & ~1));
  return (encoding === 'utf-16be' ? even.swap16() : even).toString('utf16le');
}

/** Edits the text and writes it back in the encoding (and BOM) it came in. */
function mapText(bytes: Buffer, change: (text: string) => string): Buffer {
  const { encoding, bom } = textEncodingOf(bytes);
  return encodeText(change(asText(bytes)), encoding, bom);
}

function mapLines(text: string, change: (lines: string[]) => string[]): string {
  return change(text.split('\n')).join('\n');
}

/** Seeded Fisher-Yates. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  const random = seededRandom(seed);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}


/** Chunk sizes for streaming a buffer, as a stream would deliver it: tiny, odd, and large. */
export const chunkSizesArbitrary: fc.Arbitrary<number[]> = fc.oneof(
  fc.constant([1 << 20]).map((sizes) => [...sizes]),
  fc.array(fc.integer({ min: 1, max: 61 }), { minLength: 1, maxLength: 8 }),
  fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }),
);



/**
 * Byte patterns per encoding, so the event cutter can search raw bytes and
 * decode only the events it keeps.
 */
export type EventEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface ByteCodec {
  encoding: EventEncoding;
  /** Bytes per code unit: every match in UTF-16 must sit on an even offset. */
  unit: 1 | 2;
  bom: Buffer;
  encode(text: string): Buffer;
  decode(bytes: Buffer, start: number, end: number): string;
  /** Code unit value at `pos` (ASCII range is enough for our checks). */
  unitAt(bytes: Buffer, pos: number): number;
}

const utf8: ByteCodec = {
  encoding: 'utf-8',
  unit: 1,
  bom: Buffer.from([0xef, 0xbb, 0xbf]),
  encode: (text) => Buffer.from(text, 'utf8'),
  decode: (bytes, start, end) => bytes.toString('utf8', start, end),
  unitAt: (bytes, pos) => bytes[pos] ?? -1,
};

const utf16le: ByteCodec = {
  encoding: 'utf-16le',
  unit: 2,
  bom: Buffer.from([0xff, 0xfe]),
  encode: (text) => Buffer.from(text, 'utf16le'),
  decode: (bytes, start, end) => bytes.toString('utf16le', start, end - ((end - start) & 1)),
  unitAt: (bytes, pos) => (pos + 1 < bytes.length ? bytes[pos]! | (bytes[pos + 1]! << 8) : -1),
};

const utf16be: ByteCodec = {
  encoding: 'utf-16be',
  unit: 2,
  bom: Buffer.from([0xfe, 0xff]),
  encode: (text) => Buffer.from(text, 'utf16le').swap16(),
  decode: (bytes, start, end) => Buffer.from(bytes.subarray(start, end - ((end - start) & 1))).swap16().toString('utf16le'),
  unitAt: (bytes, pos) => (pos + 1 < bytes.length ? (bytes[pos]! << 8) | bytes[pos + 1]! : -1),
};

export function codecFor(encoding: EventEncoding): ByteCodec {
  if (encoding === 'utf-16le') return utf16le;
  if (encoding === 'utf-16be') return utf16be;
  return utf8;
}

/**
 * Next occurrence of `needle` at or after `from` that sits on a code-unit
 * boundary (offsets relative to an aligned buffer start).
 */
export function alignedIndexOf(bytes: Buffer, needle: Buffer, from: number, unit: 1 | 2): number {
  let pos = from;
  for (;;) {
    const hit = bytes.indexOf(needle, pos);
    if (hit < 0 || unit === 1 || (hit & 1) === 0) return hit;
    pos = hit + 1;
  }
}

/** Counts line feeds in `[from, to)` (`from` on a code-unit boundary). */
export function countLineFeeds(bytes: Buffer, from: number, to: number, codec: ByteCodec, newline: Buffer): number {
  if (to <= from) return 0;
  const view = bytes.subarray(from, to);
  let count = 0;
  let pos = 0;
  if (codec.unit === 1) {
    for (;;) {
      pos = view.indexOf(10, pos);
      if (pos < 0) return count;
      count++;
      pos++;
    }
  }
  for (;;) {
    pos = alignedIndexOf(view, newline, pos, 2);
    if (pos < 0) return count;
    count++;
    pos += 2;
  }
}

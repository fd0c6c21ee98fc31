/**
 * The searchable window the event cutter works on. UTF-8 is searched as raw
 * bytes and only kept events are decoded; UTF-16 is decoded chunk by chunk
 * (a plain copy) because byte patterns full of zero bytes defeat fast search,
 * while V8's string search over the decoded text runs at memory speed.
 */
export type EventEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A pattern in both representations; each window picks the one it searches. */
export interface Pattern {
  text: string;
  bytes: Buffer;
  length: number;
}

export function pattern(text: string): Pattern {
  return { text, bytes: Buffer.from(text, 'utf8'), length: text.length };
}

export interface SearchWindow {
  /** Length in code units (bytes for UTF-8, UTF-16 code units otherwise). */
  readonly length: number;
  /** Larger chunks are appended in pieces of this size. */
  readonly maxAppendBytes: number;
  /** Appends a chunk of the byte stream (the BOM is removed here). */
  append(chunk: Buffer, final: boolean): void;
  indexOf(p: Pattern, from: number): number;
  /** Last hit starting at or before `from`, or -1. */
  lastIndexOf(p: Pattern, from: number): number;
  /** First hit inside `[from, to)`, or -1; never scans past `to + p.length`. */
  indexOfWithin(p: Pattern, from: number, to: number): number;
  matchesAt(pos: number, p: Pattern): boolean;
  /** Code unit at `pos`, -1 past the end. */
  unitAt(pos: number): number;
  countLineFeeds(from: number, to: number): number;
  /** A fresh string (never a view that would pin the window). */
  decode(start: number, end: number, maxUnits?: number): string;
  /** Forgets everything before `pos`. */
  dropBefore(pos: number): void;
  /** Copies what is kept out of the last appended chunk, which its producer may reuse. */
  detach(): void;
  /** Absolute byte offset in the file of window position `pos`. */
  byteOffset(pos: number): number;
  /** UTF-16 with an odd number of bytes after the BOM. */
  readonly cutMidCharacter: boolean;
  /**
   * Appends `chunk` without copying it behind a small carried-over tail: first
   * only up to the end of its first `closeTag`, so `cutHead` can finish the
   * event spanning the boundary (it returns where the window's kept tail
   * started), then the rest as a view of the chunk. false when not applicable
   * (nothing appended).
   */
  appendInTwoSteps(chunk: Buffer, closeTag: Pattern, cutHead: () => number): boolean;
}

/** Largest carried-over tail that is joined with only the head of the next chunk. */
const MAX_BRIDGED_CARRY = 256 * 1024;

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

function startsWithBytes(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

class Utf8Window implements SearchWindow {
  private bytes: Buffer = Buffer.alloc(0);
  /** false while `bytes` is a view of a chunk rather than memory of our own. */
  private ownsBytes = true;
  private offset = 0;
  private bomChecked = false;
  readonly cutMidCharacter = false;
  readonly maxAppendBytes = Number.POSITIVE_INFINITY;

  get length(): number {
    return this.bytes.length;
  }

  append(chunk: Buffer, final: boolean): void {
    this.ownsBytes = this.bytes.length > 0;
    this.bytes = this.ownsBytes ? Buffer.concat([this.bytes, chunk]) : chunk;
    if (!this.bomChecked && (this.bytes.length >= 3 || final)) {
      this.bomChecked = true;
      if (startsWithBytes(this.bytes, Buffer.from([0xef, 0xbb, 0xbf]))) {
        this.bytes = this.bytes.subarray(3);
        this.offset = 3;
      }
    }
  }

  indexOf(p: Pattern, from: number): number {
    return this.bytes.indexOf(p.bytes, from);
  }

  lastIndexOf(p: Pattern, from: number): number {
    return from < 0 ? -1 : this.bytes.lastIndexOf(p.bytes, from);
  }

  indexOfWithin(p: Pattern, from: number, to: number): number {
    const hit = this.bytes.subarray(from, Math.min(this.bytes.length, to + p.length - 1)).indexOf(p.bytes);
    return hit < 0 || from + hit >= to ? -1 : from + hit;
  }

  matchesAt(pos: number, p: Pattern): boolean {
    return this.bytes.subarray(pos, pos + p.bytes.length).equals(p.bytes);
  }

  unitAt(pos: number): number {
    return pos < this.bytes.length ? this.bytes[pos]! : -1;
  }

  countLineFeeds(from: number, to: number): number {
    if (to <= from) return 0;
    const view = this.bytes.subarray(from, to);
    let count = 0;
    for (let pos = view.indexOf(LINE_FEED); pos >= 0; pos = view.indexOf(LINE_FEED, pos + 1)) count++;
    if (count > 0) return count;
    // no line feed: a file with bare CR line ends (old Mac, some exporters) counts those
    for (let pos = view.indexOf(CARRIAGE_RETURN); pos >= 0; pos = view.indexOf(CARRIAGE_RETURN, pos + 1)) if (this.bytes[from + pos + 1] !== LINE_FEED) count++;
    return count;
  }

  decode(start: number, end: number, maxUnits = Number.POSITIVE_INFINITY): string {
    return this.bytes.toString('utf8', start, Math.min(end, start + maxUnits));
  }

  dropBefore(pos: number): void {
    this.bytes = pos >= this.bytes.length ? Buffer.alloc(0) : this.bytes.subarray(pos);
    this.offset += pos;
  }

  byteOffset(pos: number): number {
    return this.offset + pos;
  }

  detach(): void {
    if (this.ownsBytes) return;
    this.bytes = Buffer.from(this.bytes);
    this.ownsBytes = true;
  }

  appendInTwoSteps(chunk: Buffer, closeTag: Pattern, cutHead: () => number): boolean {
    const carried = this.bytes.length;
    if (carried === 0 || carried > MAX_BRIDGED_CARRY || !this.bomChecked) return false;
    const close = chunk.indexOf(closeTag.bytes);
    if (close < 0) return false;
    const headEnd = close + closeTag.bytes.length;
    this.append(chunk.subarray(0, headEnd), false);
    const keptFrom = cutHead();
    // The kept tail is a suffix of the head, so it is also chunk[keptFrom - carried …].
    if (keptFrom >= carried) {
      this.bytes = chunk.subarray(keptFrom - carried);
      this.ownsBytes = false;
    } else {
      this.append(chunk.subarray(headEnd), false);
    }
    return true;
  }
}

class Utf16Window implements SearchWindow {
  private text = '';
  /** Byte offset of text[0]. */
  private offset = 0;
  private pendingByte: Buffer | null = null;
  private started = false;
  /**
   * Node turns a decoded string of about 1 MB or more into an external string
   * in fresh malloc'd memory; decoding 64 KiB at a time stays on the V8 heap
   * and measured 2–3× faster (100 MB: ~23–40 ms against ~73–125 ms).
   */
  readonly maxAppendBytes = 64 * 1024;

  constructor(private readonly bigEndian: boolean) {}

  get length(): number {
    return this.text.length;
  }

  get cutMidCharacter(): boolean {
    return this.pendingByte !== null;
  }

  append(chunk: Buffer, final: boolean): void {
    const decoded = this.decodeChunk(chunk, final);
    if (decoded !== '') this.text = this.text.length === 0 ? decoded : this.text + decoded;
  }

  appendInTwoSteps(chunk: Buffer, closeTag: Pattern, cutHead: () => number): boolean {
    const carried = this.text.length;
    if (carried === 0 || carried > MAX_BRIDGED_CARRY || !this.started) return false;
    const decoded = this.decodeChunk(chunk, false);
    const close = decoded.indexOf(closeTag.text);
    if (close < 0) {
      this.text += decoded;
      return true;
    }
    const headEnd = close + closeTag.length;
    this.text += decoded.slice(0, headEnd);
    const keptFrom = cutHead();
    if (keptFrom >= carried) this.text = decoded.slice(keptFrom - carried);
    else this.text += decoded.slice(headEnd);
    return true;
  }

  /** Chunk bytes → text, carrying an odd byte over and removing the BOM. */
  private decodeChunk(chunk: Buffer, final: boolean): string {
    let bytes = this.pendingByte ? Buffer.concat([this.pendingByte, chunk]) : chunk;
    if (!this.started) {
      if (bytes.length < 2 && !final) {
        this.pendingByte = bytes.length > 0 ? Buffer.from(bytes) : null;
        return '';
      }
      this.started = true;
      const bom = this.bigEndian ? [0xfe, 0xff] : [0xff, 0xfe];
      if (bytes[0] === bom[0] && bytes[1] === bom[1]) {
        bytes = bytes.subarray(2);
        this.offset = 2;
      }
    }
    const even = bytes.length & ~1;
    this.pendingByte = even < bytes.length ? Buffer.from(bytes.subarray(even)) : null;
    if (even === 0) return '';
    const units = this.bigEndian ? Buffer.from(bytes.subarray(0, even)).swap16() : bytes.subarray(0, even);
    return units.toString('utf16le');
  }

  indexOf(p: Pattern, from: number): number {
    return this.text.indexOf(p.text, from);
  }

  lastIndexOf(p: Pattern, from: number): number {
    return from < 0 ? -1 : this.text.lastIndexOf(p.text, from);
  }

  indexOfWithin(p: Pattern, from: number, to: number): number {
    const hit = this.text.slice(from, Math.min(this.text.length, to + p.length - 1)).indexOf(p.text);
    return hit < 0 || from + hit >= to ? -1 : from + hit;
  }

  matchesAt(pos: number, p: Pattern): boolean {
    return this.text.startsWith(p.text, pos);
  }

  unitAt(pos: number): number {
    return pos < this.text.length ? this.text.charCodeAt(pos) : -1;
  }

  countLineFeeds(from: number, to: number): number {
    if (to <= from) return 0;
    const view = this.text.slice(from, to);
    let count = 0;
    for (let pos = view.indexOf('\n'); pos >= 0; pos = view.indexOf('\n', pos + 1)) count++;
    if (count > 0) return count;
    // no line feed: a file with bare CR line ends counts those
    for (let pos = view.indexOf('\r'); pos >= 0; pos = view.indexOf('\r', pos + 1)) if (this.text[from + pos + 1] !== '\n') count++;
    return count;
  }

  decode(start: number, end: number, maxUnits = Number.POSITIVE_INFINITY): string {
    // Concatenation then slicing forces a flat copy, so the window string can be freed.
    return (' ' + this.text.slice(start, Math.min(end, start + maxUnits))).slice(1);
  }

  dropBefore(pos: number): void {
    this.text = pos >= this.text.length ? '' : this.text.slice(pos);
    this.offset += 2 * pos;
  }

  /** The window is decoded text: it never holds on to a chunk. */
  detach(): void {}

  byteOffset(pos: number): number {
    return this.offset + 2 * pos;
  }
}

export function createWindow(encoding: EventEncoding): SearchWindow {
  if (encoding === 'utf-16le') return new Utf16Window(false);
  if (encoding === 'utf-16be') return new Utf16Window(true);
  return new Utf8Window();
}

/**
 * BinXML substitution values rendered as Windows' own XML export writes them
 * (Event Viewer "Save as XML" is the reference): lower-case GUIDs, unpadded
 * hex, 7-digit FILETIMEs, signed decimals, upper-case hex for binary.
 */
import { decodeText } from '../../../input/codepage.js';
import { EvtxFormatError } from './errors.js';

export const VALUE_NULL = 0x00;
export const VALUE_STRING = 0x01;
export const VALUE_BINXML = 0x21;
export const ARRAY_FLAG = 0x80;

/** Bytes per item of the fixed-width types (0 = variable). */
const FIXED_WIDTH: Readonly<Record<number, number>> = {
  0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0a: 8,
  0x0b: 4, 0x0c: 8, 0x0d: 4, 0x0f: 16, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8,
};

/** Most items one array value may expand to (one element per item). */
const MAX_ARRAY_ITEMS = 4096;

/** The UTF-16LE string in [start, end), cut at the first NUL, unpaired surrogates replaced. */
export function utf16(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString('utf16le', start, start + ((end - start) & ~1));
  const nul = text.indexOf('\0');
  return wellFormed(nul >= 0 ? text.slice(0, nul) : text);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return text.replace(LONE_SURROGATE, '\uFFFD');
  }
  return text;
}

function hexUnpadded(high: number, low: number): string {
  if (high === 0) return '0x' + low.toString(16);
  return '0x' + high.toString(16) + low.toString(16).padStart(8, '0');
}

function upperHex(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('hex', start, end).toUpperCase();
}

function guid(bytes: Buffer, at: number): string {
  const hex = (from: number, to: number): string => bytes.toString('hex', from, to);
  const data1 = bytes.readUInt32LE(at).toString(16).padStart(8, '0');
  const data2 = bytes.readUInt16LE(at + 4).toString(16).padStart(4, '0');
  const data3 = bytes.readUInt16LE(at + 6).toString(16).padStart(4, '0');
  return `{${data1}-${data2}-${data3}-${hex(at + 8, at + 10)}-${hex(at + 10, at + 16)}}`;
}

const TICKS_PER_SECOND = 10_000_000;
const EPOCH_DIFFERENCE_SECONDS = 11_644_473_600;

/** FILETIME (100-ns ticks since 1601) as `2023-05-24T01:12:03.6327542Z`; '' when out of range. */
export function filetime(bytes: Buffer, at: number): string {
  const low = bytes.readUInt32LE(at);
  const high = bytes.readUInt32LE(at + 4);
  // hi·2^32 + lo without losing precision: 2^32 = 429·10^7 + 4967296
  const spill = high * 4_967_296 + low;
  const seconds = high * 429 + Math.floor(spill / TICKS_PER_SECOND) - EPOCH_DIFFERENCE_SECONDS;
  const ticks = spill % TICKS_PER_SECOND;
  const date = new Date(seconds * 1000);
  // beyond year 9999 (a corrupt value) ISO strings change shape: no time rather than a wrong one
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return '';
  return `${date.toISOString().slice(0, 19)}.${String(ticks).padStart(7, '0')}Z`;
}

function systemtime(bytes: Buffer, at: number): string {
  const part = (index: number, width: number): string => String(bytes.readUInt16LE(at + 2 * index)).padStart(width, '0');
  return `${part(0, 4)}-${part(1, 2)}-${part(3, 2)}T${part(4, 2)}:${part(5, 2)}:${part(6, 2)}.${part(7, 3)}Z`;
}

/** A SID at `at` and its length, or null when it does not fit in `end`. */
function sid(bytes: Buffer, at: number, end: number): { text: string; length: number } | null {
  if (at + 8 > end) return null;
  const count = bytes[at + 1]!;
  const length = 8 + 4 * count;
  if (at + length > end) return null;
  const authority = bytes.readUIntBE(at + 2, 6);
  let text = `S-${bytes[at]}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${bytes.readUInt32LE(at + 8 + 4 * i)}`;
  return { text, length };
}

/** One fixed-width item (type without the array flag). */
function fixedItem(type: number, bytes: Buffer, at: number): string {
  switch (type) {
    case 0x03: return String(bytes.readInt8(at));
    case 0x04: return String(bytes[at]);
    case 0x05: return String(bytes.readInt16LE(at));
    case 0x06: return String(bytes.readUInt16LE(at));
    case 0x07: return String(bytes.readInt32LE(at));
    case 0x08: return String(bytes.readUInt32LE(at));
    case 0x09: return bytes.readBigInt64LE(at).toString();
    case 0x0a: return bytes.readBigUInt64LE(at).toString();
    case 0x0b: return String(bytes.readFloatLE(at));
    case 0x0c: return String(bytes.readDoubleLE(at));
    case 0x0d: return bytes.readUInt32LE(at) !== 0 ? 'true' : 'false';
    case 0x0f: return guid(bytes, at);
    case 0x11: return filetime(bytes, at);
    case 0x12: return systemtime(bytes, at);
    case 0x14: return hexUnpadded(0, bytes.readUInt32LE(at));
    case 0x15: return hexUnpadded(bytes.readUInt32LE(at + 4), bytes.readUInt32LE(at));
    default: throw new EvtxFormatError('noFixedWidth', { type: `0x${type.toString(16)}` });
  }
}

function ansi(bytes: Buffer, start: number, end: number): string {
  return decodeText(bytes.subarray(start, end), 'windows-1252').replace(/\0+$/, '').replace(/\0/g, '');
}

/**
 * A value's text, or its items for an array type; null for NULL. BinXML
 * values (0x21) are the caller's: they are markup, not text.
 */
export function renderValue(type: number, bytes: Buffer, start: number, size: number): string | string[] | null {
  const end = start + size;
  if (type & ARRAY_FLAG) return renderArray(type & ~ARRAY_FLAG, bytes, start, end);
  switch (type) {
    case VALUE_NULL: return null;
    case VALUE_STRING: return utf16(bytes, start, end);
    case 0x02: return ansi(bytes, start, end);
    case 0x0e: return upperHex(bytes, start, end);
    case 0x10: {
      if (size === 8) return hexUnpadded(bytes.readUInt32LE(start + 4), bytes.readUInt32LE(start));
      if (size === 4) return hexUnpadded(0, bytes.readUInt32LE(start));
      throw new EvtxFormatError('sizeTValue', { size });
    }
    case 0x13: {
      const parsed = sid(bytes, start, end);
      if (!parsed) throw new EvtxFormatError('sidShort');
      return parsed.text;
    }
    default: {
      const width = FIXED_WIDTH[type];
      if (width === undefined) throw new EvtxFormatError('unknownValueType', { type: `0x${type.toString(16)}` });
      if (size < width) throw new EvtxFormatError('valueTooShort', { type: `0x${type.toString(16)}`, size, width });
      return fixedItem(type, bytes, start);
    }
  }
}

function renderArray(type: number, bytes: Buffer, start: number, end: number): string[] {
  if (type === VALUE_STRING || type === 0x02) {
    const text = type === VALUE_STRING ? wellFormed(bytes.toString('utf16le', start, start + ((end - start) & ~1))) : ansi(bytes, start, end);
    const items = text.split('\0');
    if (items[items.length - 1] === '') items.pop();
    return capped(items);
  }
  const items: string[] = [];
  if (type === 0x13) {
    for (let at = start; at < end; ) {
      const parsed = sid(bytes, at, end);
      if (!parsed) throw new EvtxFormatError('sidArrayItemShort');
      items.push(parsed.text);
      at += parsed.length;
      capped(items);
    }
    return items;
  }
  const width = type === 0x10 ? 8 : FIXED_WIDTH[type];
  if (!width) throw new EvtxFormatError('unknownArrayType', { type: `0x${(type | ARRAY_FLAG).toString(16)}` });
  for (let at = start; at + width <= end; at += width) {
    items.push(type === 0x10 ? hexUnpadded(bytes.readUInt32LE(at + 4), bytes.readUInt32LE(at)) : fixedItem(type, bytes, at));
    capped(items);
  }
  return items;
}

function capped(items: string[]): string[] {
  if (items.length > MAX_ARRAY_ITEMS) throw new EvtxFormatError('arrayTooLong', { max: MAX_ARRAY_ITEMS });
  return items;
}

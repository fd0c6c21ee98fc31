/**
 * Every BinXML value type rendered as Windows' XML export writes it
 * (../shared/reference/evtx.md §5), on hand-built bytes.
 */
import { describe, expect, it } from '@jest/globals';
import { filetime, renderValue, wellFormed } from '../../../../src/parsers/events/evtx/values.js';
import { EvtxFormatError } from '../../../../src/parsers/events/evtx/errors.js';

function le(width: number, value: number | bigint): Buffer {
  const b = Buffer.alloc(width);
  if (width === 8) b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)));
  else b.writeUIntLE(Number(BigInt.asUintN(width * 8, BigInt(value))), 0, width);
  return b;
}

const render = (type: number, bytes: Buffer) => renderValue(type, bytes, 0, bytes.length);

describe('BinXML values', () => {
  it('integers: signed in two\'s complement (not evtxexport\'s sign-magnitude), unsigned, 64-bit exact', () => {
    expect(render(0x03, le(1, -5))).toBe('-5');
    expect(render(0x04, le(1, 250))).toBe('250');
    expect(render(0x05, le(2, -2))).toBe('-2');
    expect(render(0x06, le(2, 65535))).toBe('65535');
    expect(render(0x07, le(4, -1))).toBe('-1');
    expect(render(0x08, le(4, 0xffffffff))).toBe('4294967295');
    expect(render(0x09, le(8, -2n))).toBe('-2');
    expect(render(0x0a, le(8, 18446744073709551615n))).toBe('18446744073709551615');
  });

  it('hex32/hex64/size_t: 0x and lower-case hex without zero padding', () => {
    expect(render(0x14, le(4, 0x3e7))).toBe('0x3e7');
    expect(render(0x15, le(8, 0x80000000000000n))).toBe('0x80000000000000');
    expect(render(0x10, le(8, 0x1234n))).toBe('0x1234');
    expect(render(0x10, le(4, 0))).toBe('0x0');
  });

  it('bool: any non-zero is true; float and double as decimals', () => {
    expect(render(0x0d, le(4, 0))).toBe('false');
    expect(render(0x0d, le(4, 7))).toBe('true');
    const f = Buffer.alloc(4);
    f.writeFloatLE(1.5);
    expect(render(0x0b, f)).toBe('1.5');
    const d = Buffer.alloc(8);
    d.writeDoubleLE(-0.25);
    expect(render(0x0c, d)).toBe('-0.25');
  });

  it('GUID lower case in braces (first three groups little-endian); SID; binary upper-case hex', () => {
    const guid = Buffer.from('b0333be2c9c82c47a5f9f2bdfea0f156', 'hex');
    expect(render(0x0f, guid)).toBe('{e23b33b0-c8c9-472c-a5f9-f2bdfea0f156}');
    const sid = Buffer.from([1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0]);
    expect(render(0x13, sid)).toBe('S-1-5-32-544');
    expect(() => render(0x13, sid.subarray(0, 12))).toThrow(EvtxFormatError);
    expect(render(0x0e, Buffer.from([0x00, 0xab, 0x7f]))).toBe('00AB7F');
  });

  it('FILETIME with 7 fractional digits; SYSTEMTIME with milliseconds; out of range is empty', () => {
    expect(render(0x11, le(8, 133937192054859145n))).toBe('2025-06-06T21:33:25.4859145Z');
    expect(filetime(le(8, 0xffffffffffffffffn), 0)).toBe('');
    const st = Buffer.alloc(16);
    [2024, 6, 5, 13, 23, 5, 9, 42].forEach((v, i) => st.writeUInt16LE(v, 2 * i));
    expect(render(0x12, st)).toBe('2024-06-13T23:05:09.042Z');
  });

  it('strings: UTF-16 cut at the first NUL, lone surrogates replaced; ANSI as windows-1252', () => {
    expect(render(0x01, Buffer.from('abc\0junk', 'utf16le'))).toBe('abc');
    expect(render(0x01, Buffer.from([0x3d, 0xd8, 0x41, 0x00]))).toBe('\uFFFDA');
    expect(render(0x02, Buffer.from([0x80, 0x41, 0, 0]))).toBe('€A');
    expect(wellFormed('ok\u{1F600}')).toBe('ok\u{1F600}');
  });

  it('arrays: strings split on NUL (each item becomes its own element), fixed widths by size', () => {
    expect(render(0x81, Buffer.from('one\0two\0\0', 'utf16le'))).toEqual(['one', 'two', '']);
    expect(render(0x81, Buffer.from('one\0two\0', 'utf16le'))).toEqual(['one', 'two']);
    expect(render(0x88, Buffer.concat([le(4, 1), le(4, 2), Buffer.from([9])]))).toEqual(['1', '2']);
    expect(render(0x94, Buffer.concat([le(4, 255), le(4, 16)]))).toEqual(['0xff', '0x10']);
    expect(render(0x00, Buffer.alloc(0))).toBeNull();
  });

  it('refuses what it cannot render instead of guessing', () => {
    expect(() => render(0x07, Buffer.alloc(2))).toThrow(/needs 4/);
    expect(() => render(0x33, Buffer.alloc(4))).toThrow(/unknown value type 0x33/);
    expect(() => render(0x88, Buffer.alloc(4 * 5000))).toThrow(/more than 4096 items/);
  });
});

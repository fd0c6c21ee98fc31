/**
 * CRC-32 (IEEE, as zlib.crc32) over byte ranges. zlib's native crc32 (Node
 * ≥ 20.15) is used when present: the table loop cost ~10% of reading a log.
 */
import * as zlib from 'node:zlib';

type NativeCrc = (data: Uint8Array, value?: number) => number;
const native = (zlib as unknown as { crc32?: NativeCrc }).crc32;

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function tableCrc(bytes: Uint8Array, ranges: readonly (readonly [number, number])[]): number {
  let crc = 0xffffffff;
  for (const [start, end] of ranges) {
    for (let i = start; i < end; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC of the concatenated ranges [start, end) of `bytes`. */
export function crc32(bytes: Uint8Array, ranges: readonly (readonly [number, number])[], useNative = native !== undefined): number {
  if (!useNative || !native) return tableCrc(bytes, ranges);
  let crc = 0;
  for (const [start, end] of ranges) crc = native(bytes.subarray(start, end), crc);
  return crc >>> 0;
}

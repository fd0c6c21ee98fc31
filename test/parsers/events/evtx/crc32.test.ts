import { describe, expect, it } from '@jest/globals';
import { crc32 } from '../../../../src/parsers/events/evtx/crc32.js';

describe('crc32', () => {
  it('is the IEEE CRC-32 over the concatenated ranges, natively and by table', () => {
    const bytes = Buffer.from('xx123456789yy');
    for (const useNative of [true, false]) {
      expect(crc32(bytes, [[2, 11]], useNative)).toBe(0xcbf43926);
      expect(crc32(bytes, [[2, 5], [5, 11]], useNative)).toBe(0xcbf43926);
      expect(crc32(bytes, [[0, 0]], useNative)).toBe(0);
    }
  });
});

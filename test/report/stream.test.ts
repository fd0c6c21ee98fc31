import { describe, expect, it } from '@jest/globals';
import { jsonPieces } from '../../src/report/stream.js';

describe('jsonPieces', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, in pieces', () => {
    const facts = Array.from({ length: 40 }, (_, i) => ({
      kind: 'k',
      time: i % 3 ? null : `t${i}`,
      source: { file: 'a"b', line: i },
      list: [1, 2, [3]],
      skipped: undefined,
    }));
    const values: unknown[] = [
      { schemaVersion: 1, files: facts, machines: [{ name: 'PC', facts, findings: [], nested: { deeper: { facts } } }], empty: {}, none: null },
      facts,
      [],
      {},
      'text\nwith\nlines',
      Array.from({ length: 20 }, () => [undefined, () => 1, { a: undefined }]),
    ];
    for (const value of values) expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });

  it('never builds one piece per long array: each element is its own piece', () => {
    const facts = Array.from({ length: 1000 }, (_, i) => ({ i }));
    const pieces = [...jsonPieces({ machines: [{ facts }] })];
    expect(pieces.length).toBeGreaterThan(1000);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(100);
  });
});

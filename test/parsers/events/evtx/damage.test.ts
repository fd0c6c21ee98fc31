/**
 * Damaged, dirty, truncated and empty logs: what is skipped is named (chunk,
 * offset, reason), everything else is kept, and the result does not depend on
 * how the bytes arrive.
 */
import { describe, expect, it } from '@jest/globals';
import { crc32 } from '../../../../src/parsers/events/evtx/crc32.js';
import { evtxFixture, readEvtxBytes } from './helpers.js';

const CHUNK = 65536;
const HEADER = 4096;

describe('damaged samples give their expected partial result', () => {
  it('dirty chunk (HelloForBusiness): checksum reported, the half-written last record skipped, 5 kept', () => {
    const { records, summary } = readEvtxBytes(evtxFixture('omerbenamram/Microsoft-Windows-HelloForBusiness%4Operational.evtx'));
    expect(records).toHaveLength(5);
    expect(summary.partial).toBe(true);
    expect(summary.problems).toEqual([
      { message: 'chunk 0 (byte 4096): record data checksum mismatch (records checked one by one)', byte: 4096 },
      { message: 'chunk 0 (byte 4096), record at chunk offset 3984: size and its copy differ (half-written); rest of the chunk skipped', byte: 8080 },
    ]);
  });

  it('two blocks with a bad chunk signature are skipped by name; the other chunks give 267 records', () => {
    const { records, summary } = readEvtxBytes(evtxFixture('omerbenamram/sample_with_a_bad_chunk_magic.evtx'));
    expect(records).toHaveLength(267);
    expect(summary.partial).toBe(true);
    const skipped = summary.problems.filter((p) => /no chunk signature/.test(p.message));
    expect(skipped).toEqual([
      { message: 'chunk 6 (byte 397312) skipped: no chunk signature (damaged or never written)', byte: 397312 },
      { message: 'chunk 10 (byte 659456) skipped: no chunk signature (damaged or never written)', byte: 659456 },
    ]);
    expect(summary.problems.filter((p) => /half-written/.test(p.message))).toHaveLength(3);
  });

  it('a record of size 0 ends its chunk with the reason; the records before it and the other chunks are kept', () => {
    const { records, summary } = readEvtxBytes(evtxFixture('omerbenamram/sample-with-zero-data-size-event.evtx'));
    expect(records).toHaveLength(335);
    expect(summary.partial).toBe(true);
    expect(summary.problems).toContainEqual({
      message: 'chunk 0 (byte 4096), record at chunk offset 2080: impossible size 0; rest of the chunk skipped',
      byte: 6176,
    });
  });

  it('a damaged name table breaks only the chunk header checksum: reported, all 2,261 records read', () => {
    const { records, summary } = readEvtxBytes(evtxFixture('omerbenamram/security_bad_string_cache.evtx'));
    expect(records).toHaveLength(2261);
    expect(summary.partial).toBe(false);
    expect(summary.problems).toEqual([{ message: 'chunk 0 (byte 4096): header checksum mismatch (read anyway)', byte: 4096 }]);
  });

  it('a dirty shadow copy is read to its last valid chunk whatever the header count says (4 → 11 chunks)', () => {
    const bytes = evtxFixture('omerbenamram/2-vss_7-System.evtx');
    expect(bytes.readUInt16LE(42)).toBe(4);
    const { records, summary } = readEvtxBytes(bytes);
    expect(summary.chunks).toBe(11);
    expect(records).toHaveLength(1160);
    expect(summary.problems).toEqual([]);
  });

  it('garbage in the header flags and the no-checksum flag change nothing', () => {
    expect(readEvtxBytes(evtxFixture('omerbenamram/post-Security.evtx')).summary).toMatchObject({ problems: [], partial: false, records: 126 });
    expect(readEvtxBytes(evtxFixture('omerbenamram/Application_no_crc32.evtx')).summary).toMatchObject({ problems: [], partial: false, records: 17 });
  });
});

function headerOnly(): Buffer {
  return Buffer.from(evtxFixture('ts-evtx/Application.evtx').subarray(0, HEADER));
}

describe('empty, truncated and rewritten files', () => {
  it('an empty log (header and a pre-allocated zero chunk) is parsed with zero events', () => {
    const { records, summary } = readEvtxBytes(Buffer.concat([headerOnly(), Buffer.alloc(CHUNK)]));
    expect(records).toEqual([]);
    expect(summary).toMatchObject({ problems: [], partial: false, refused: null, chunks: 0 });
  });

  it('a header alone is an empty log too', () => {
    expect(readEvtxBytes(headerOnly()).summary).toMatchObject({ problems: [], partial: false, refused: null });
  });

  it('a file cut inside the header is refused with the reason', () => {
    expect(readEvtxBytes(headerOnly().subarray(0, 100)).summary.refused).toBe('file ends inside the .evtx file header (100 of 4096 bytes)');
  });

  it('a truncated file keeps its complete chunks and names the cut one', () => {
    const whole = readEvtxBytes(evtxFixture('ts-evtx/Application.evtx')).records;
    const cut = evtxFixture('ts-evtx/Application.evtx').subarray(0, HEADER + 2 * CHUNK + 1000);
    const { records, summary } = readEvtxBytes(cut);
    expect(summary.partial).toBe(true);
    expect(summary.problems).toEqual([
      { message: 'file ends inside chunk 2 (byte 135168, 1,000 of 65,536 bytes): truncated, that chunk is not read', byte: 135168 },
    ]);
    expect(records.length).toBeGreaterThan(0);
    expect(records).toEqual(whole.filter((r) => (r.offset ?? 0) < HEADER + 2 * CHUNK));
  });

  it('a header claiming fewer chunks, or failing its checksum, hides nothing', () => {
    const bytes = Buffer.from(evtxFixture('ts-evtx/Application.evtx'));
    const whole = readEvtxBytes(bytes).records;
    bytes.writeUInt16LE(1, 42);
    const { records, summary } = readEvtxBytes(bytes);
    expect(records).toEqual(whole);
    expect(summary.problems).toEqual([{ message: 'file header checksum mismatch (not needed to read the chunks; read anyway)', byte: 0 }]);
    bytes.writeUInt32LE(crc32(bytes, [[0, 120]]), 124);
    expect(readEvtxBytes(bytes).summary.problems).toEqual([]);
  });

  it.each([1, 7, 4096, CHUNK - 1, CHUNK + 3, 1 << 20])('gives the same result read in pieces of %i bytes', (pieceSize) => {
    const bytes = evtxFixture('omerbenamram/sample_with_a_bad_chunk_magic.evtx');
    expect(readEvtxBytes(bytes, { pieceSize })).toEqual(readEvtxBytes(bytes));
  });
});

/** A chunk holding one record whose BinXML is `binxml` (record stream: no template). */
function chunkWithRecord(binxml: Buffer): Buffer {
  const chunk = Buffer.alloc(CHUNK);
  chunk.write('ElfChnk\0', 0, 'latin1');
  const size = 24 + binxml.length + 4;
  const record = chunk.subarray(512, 512 + size);
  record.writeUInt32LE(0x2a2a, 0);
  record.writeUInt32LE(size, 4);
  record.writeUInt32LE(1, 8);
  binxml.copy(record, 24);
  record.writeUInt32LE(size, size - 4);
  chunk.writeUInt32LE(1, 8);
  chunk.writeUInt32LE(1, 16);
  chunk.writeUInt32LE(1, 24);
  chunk.writeUInt32LE(1, 32);
  chunk.writeUInt32LE(128, 40);
  chunk.writeUInt32LE(512, 44);
  chunk.writeUInt32LE(512 + size, 48);
  chunk.writeUInt32LE(crc32(chunk, [[512, 512 + size]]), 52);
  chunk.writeUInt32LE(crc32(chunk, [[0, 120], [128, 512]]), 124);
  return chunk;
}

/** `depth` nested elements named `E`, each name stored inline at its first use. */
function nestedElements(depth: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0x0f, 0x01, 0x01, 0x00])];
  let position = 512 + 24 + 4;
  let nameOffset = -1;
  for (let i = 0; i < depth; i++) {
    const head = Buffer.alloc(9);
    head[0] = 0x01;
    const inline = nameOffset < 0;
    if (inline) nameOffset = position + 9;
    head.writeUInt32LE(nameOffset, 5);
    parts.push(head);
    position += 9;
    if (inline) {
      const name = Buffer.alloc(12);
      name.writeUInt16LE(1, 6);
      name.write('E', 8, 'utf16le');
      parts.push(name);
      position += 12;
    }
    parts.push(Buffer.from([0x02]));
    position += 1;
  }
  for (let i = 0; i < depth; i++) parts.push(Buffer.from([0x04]));
  parts.push(Buffer.from([0x00]));
  return Buffer.concat(parts);
}

describe('bounds on hostile BinXML', () => {
  it('elements nested deeper than 64 levels: the record is skipped with the reason', () => {
    const { records, summary } = readEvtxBytes(Buffer.concat([headerOnly(), chunkWithRecord(nestedElements(100))]));
    expect(records).toEqual([]);
    expect(summary.partial).toBe(true);
    expect(summary.problems.map((p) => p.message)).toEqual(['chunk 0 (byte 4096), record at chunk offset 512 (record 1) skipped: elements nested deeper than 64']);
  });

  it('a record that is well-formed but not an event is skipped, not thrown', () => {
    const { summary } = readEvtxBytes(Buffer.concat([headerOnly(), chunkWithRecord(nestedElements(3))]));
    expect(summary.problems.map((p) => p.message)).toEqual(['chunk 0 (byte 4096), record at chunk offset 512 (record 1) skipped: no <Event> element']);
  });

  it('a template instance pointing into the chunk header is refused', () => {
    const binxml = Buffer.from([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x00]);
    const { summary } = readEvtxBytes(Buffer.concat([headerOnly(), chunkWithRecord(binxml)]));
    expect(summary.problems.map((p) => p.message)).toEqual(['chunk 0 (byte 4096), record at chunk offset 512 (record 1) skipped: template offset 16 outside the chunk']);
  });
});

describe('work bound per chunk', () => {
  it('past the budget the chunk is given up as corrupt (the rest of it is not read)', async () => {
    const { ChunkContext, MAX_WORK_PER_CHUNK } = await import('../../../../src/parsers/events/evtx/binxml.js');
    const ctx = new ChunkContext(Buffer.alloc(CHUNK));
    ctx.spend(MAX_WORK_PER_CHUNK);
    let thrown: unknown;
    try {
      ctx.spend(1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ message: 'too much work for one chunk (a template expanded too often)', fatalForChunk: true });
  });
});

/**
 * Fuzzing the binary .evtx reader with real chunks: random byte, 16- and
 * 32-bit overwrites (offsets, sizes, counts, token and type bytes) and cuts.
 */
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzz, REPO, testTimeout, type FuzzCase } from './harness.js';
import { chunkSizesArbitrary } from './mutators.js';
import { checkEvtx } from './evtx-checks.js';

const HEADER = 4096;
const CHUNK = 65536;

function fixture(relative: string): Buffer {
  return gunzipSync(readFileSync(join(REPO, 'fixtures', 'evtx', `${relative}.gz`)));
}

/** One-chunk logs (file header + one real chunk): SPP records, a forwarded record, CAPI2, a dirty chunk. */
const SEEDS: Buffer[] = [
  ['ts-evtx/Application.evtx', 1],
  ['ts-evtx/Application.evtx', 4],
  ['omerbenamram/Application_no_crc32.evtx', 0],
  ['omerbenamram/MSExchange_Management_wec.evtx', 0],
  ['omerbenamram/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 0],
  ['omerbenamram/Microsoft-Windows-HelloForBusiness%4Operational.evtx', 0],
  ['ts-evtx/System.evtx', 0],
].map(([file, chunk]) => {
  const bytes = fixture(file as string);
  const start = HEADER + (chunk as number) * CHUNK;
  return Buffer.concat([bytes.subarray(0, HEADER), bytes.subarray(start, start + CHUNK)]);
});

type Overwrite = { at: number; width: 1 | 2 | 4; value: number };

interface EvtxInput {
  seed: number;
  overwrites: Overwrite[];
  /** Cut the file at this fraction (1 = whole). */
  cut: number;
  chunkSizes: number[];
}

const INTERESTING = [0, 1, 0x0c, 0x0d, 0x0e, 0x21, 0x81, 0xff, 512, 0xffff, 0x2a2a, 0x7fffffff, 0xffffffff];

const overwrite: fc.Arbitrary<Overwrite> = fc.record({
  // mostly inside the chunk's records, sometimes its header
  at: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: HEADER, max: HEADER + 511 }) }, { weight: 6, arbitrary: fc.integer({ min: HEADER + 512, max: HEADER + CHUNK - 4 }) }),
  width: fc.constantFrom(1 as const, 2 as const, 4 as const),
  value: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat()),
});

const evtxInput: fc.Arbitrary<EvtxInput> = fc.record({
  seed: fc.nat({ max: SEEDS.length - 1 }),
  overwrites: fc.array(overwrite, { minLength: 1, maxLength: 64 }),
  cut: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }),
  chunkSizes: chunkSizesArbitrary,
});

function build(input: EvtxInput): FuzzCase {
  const bytes = Buffer.from(SEEDS[input.seed]!);
  for (const { at, width, value } of input.overwrites) {
    if (width === 1) bytes[at] = value & 0xff;
    else if (width === 2) bytes.writeUInt16LE(value & 0xffff, at);
    else bytes.writeUInt32LE(value >>> 0, at);
  }
  return { bytes: bytes.subarray(0, Math.floor(input.cut * bytes.length)), params: { chunkSizes: input.chunkSizes } };
}

describe('fuzz: binary .evtx reader', () => {
  it(
    `mutated real chunks (${SEEDS.length} seeds): no throw, no hang, bounded output, same result in pieces, fast path = render then filter`,
    async () => {
      await fuzz('evtx', evtxInput, build, checkEvtx, 0x0e71);
    },
    testTimeout(),
  );
});

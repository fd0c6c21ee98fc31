/**
 * Fuzzing the slmgr/ospp reader: mutated outputs never throw or hang and give
 * valid facts; a truncated clean output never invents an ID or a code.
 */
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { buildBytes, mutatedInput } from './arbitraries.js';
import { checkSlmgr, checkSlmgrTruncation } from './checks.js';
import { fuzz, testTimeout, type FuzzCase } from './harness.js';
import { encodeText } from '../parsers/events/helpers.js';
import { asText } from './mutators.js';
import { CLEAN_SLMGR_SEEDS, SLMGR_SEEDS, type Seed } from './seeds.js';

interface CutText {
  seed: Seed;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  bom: boolean;
  crlf: boolean;
  at: number;
}

const cutText: fc.Arbitrary<CutText> = fc.record({
  seed: fc.constantFrom(...CLEAN_SLMGR_SEEDS),
  encoding: fc.constantFrom('utf-8' as const, 'utf-16le' as const, 'utf-16be' as const),
  bom: fc.boolean(),
  crlf: fc.boolean(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
});

function buildCutText(input: CutText): FuzzCase {
  const text = asText(input.seed.bytes).replace(/\r?\n/g, input.crlf ? '\r\n' : '\n');
  const bytes = encodeText(text, input.encoding, input.bom);
  return { bytes, params: { cut: Math.floor(input.at * bytes.length) } };
}

describe('fuzz: slmgr/ospp text', () => {
  it(`mutated outputs (${SLMGR_SEEDS.length} seeds): no throw, no hang, valid facts`, async () => {
    await fuzz('slmgr', mutatedInput(SLMGR_SEEDS), buildBytes, checkSlmgr, 0x5eed21);
  }, testTimeout());

  it(`a truncated clean output (${CLEAN_SLMGR_SEEDS.length} seeds) never invents an ID or a code`, async () => {
    await fuzz('slmgr-truncation', cutText, buildCutText, checkSlmgrTruncation, 0x5eed22);
  }, testTimeout());
});

/**
 * Fuzzing the event readers: mutated event XML and PowerShell exports never
 * throw, never hang, only produce valid facts; a cut never loses a complete event.
 */
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { buildMutated, mutatedInput } from './arbitraries.js';
import { checkClixml, checkEventTruncation, checkEventXml } from './checks.js';
import { fuzz, testTimeout, type FuzzCase } from './harness.js';
import { encodeText } from '../parsers/events/helpers.js';
import { asText, chunkSizesArbitrary } from './mutators.js';
import { CLEAN_EVENT_SEEDS, CLIXML_SEEDS, SMALL_EVENT_SEEDS, type Seed } from './seeds.js';

interface CutInput {
  seed: Seed;
  encoding: 'utf-8' | 'utf-16le';
  bom: boolean;
  /** Where to cut: a fraction of the file, or a few bytes around the end of the n-th event. */
  cut: { at: number } | { eventEnd: number; delta: number };
  chunkSizes: number[];
}

const cutInput: fc.Arbitrary<CutInput> = fc.record({
  seed: fc.constantFrom(...CLEAN_EVENT_SEEDS),
  encoding: fc.constantFrom('utf-8' as const, 'utf-16le' as const),
  bom: fc.boolean(),
  cut: fc.oneof(
    fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ eventEnd: fc.nat(), delta: fc.integer({ min: -3, max: 3 }) }),
  ),
  chunkSizes: chunkSizesArbitrary,
});

function buildCut(input: CutInput): FuzzCase {
  const bytes = encodeText(asText(input.seed.bytes), input.encoding, input.bom);
  return { bytes, params: { encoding: input.encoding, cut: cutOffset(bytes, input), chunkSizes: input.chunkSizes } };
}

function cutOffset(bytes: Buffer, input: CutInput): number {
  if ('at' in input.cut) return Math.floor(input.cut.at * bytes.length);
  const end = Buffer.from('</Event>', input.encoding === 'utf-8' ? 'utf8' : 'utf16le');
  const ends: number[] = [];
  for (let at = bytes.indexOf(end); at >= 0; at = bytes.indexOf(end, at + 1)) ends.push(at + end.length);
  if (ends.length === 0) return bytes.length;
  const offset = ends[input.cut.eventEnd % ends.length]! + input.cut.delta;
  return Math.max(0, Math.min(bytes.length, offset));
}

describe('fuzz: event XML reader', () => {
  it(`mutated exports (${SMALL_EVENT_SEEDS.length} seeds): no throw, no hang, valid facts`, async () => {
    await fuzz('event-xml', mutatedInput(SMALL_EVENT_SEEDS), buildMutated, checkEventXml, 0x5eed01);
  }, testTimeout());

  it('truncation keeps every event complete before the cut (UTF-8 and UTF-16LE)', async () => {
    await fuzz('event-truncation', cutInput, buildCut, checkEventTruncation, 0x5eed02);
  }, testTimeout());
});

describe('fuzz: PowerShell exports (clixml)', () => {
  it(`mutated Export-Clixml / ConvertTo-Xml (${CLIXML_SEEDS.length} seeds): no throw, no hang, valid facts`, async () => {
    await fuzz('clixml', mutatedInput(CLIXML_SEEDS), buildMutated, checkClixml, 0x5eed03);
  }, testTimeout());
});

/**
 * Inputs the properties draw: a seed from fixtures/, mutated, streamed in chunks.
 */
import fc from 'fast-check';
import { detectEncoding } from '../../src/input/sniff.js';
import type { CaseParams, FuzzCase } from './harness.js';
import { chunkSizesArbitrary, mutate, mutationsArbitrary, type Mutation } from './mutators.js';
import type { Seed } from './seeds.js';

export interface MutatedInput {
  seed: Seed;
  mutations: Mutation[];
  chunkSizes: number[];
  /** null: the encoding the sniffer finds, as the orchestrator passes it. */
  encoding: CaseParams['encoding'] | null;
}

export function mutatedInput(seeds: readonly Seed[]): fc.Arbitrary<MutatedInput> {
  return fc.record({
    seed: fc.constantFrom(...seeds),
    mutations: mutationsArbitrary,
    chunkSizes: chunkSizesArbitrary,
    encoding: fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom('utf-8' as const, 'utf-16le' as const, 'utf-16be' as const) },
    ),
  });
}

/** The XML encoding the orchestrator would pass for these bytes (src/input/read.ts). */
function sniffedXmlEncoding(bytes: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  const encoding = detectEncoding(bytes);
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8';
}

export function buildMutated(input: MutatedInput): FuzzCase {
  const bytes = mutate(input.seed.bytes, input.mutations);
  return { bytes, params: { encoding: input.encoding ?? sniffedXmlEncoding(bytes), chunkSizes: input.chunkSizes } };
}

/** Mutated bytes only, for the byte-level targets. */
export function buildBytes(input: MutatedInput): FuzzCase {
  return { bytes: mutate(input.seed.bytes, input.mutations), params: {} };
}

/**
 * Whole-pipeline fuzzing: a mutated fixture written to disk and read by
 * readFileEvidence gives a FileReport (with a problem whenever it is not
 * parsed) and valid facts, and never throws.
 */
import { describe, it } from '@jest/globals';
import { buildBytes, mutatedInput } from './arbitraries.js';
import { checkPipeline } from './checks.js';
import { fuzz, testTimeout } from './harness.js';
import { ALL_SEEDS } from './seeds.js';

describe('fuzz: readFileEvidence', () => {
  it(`mutated fixtures (${ALL_SEEDS.length} seeds) as files`, async () => {
    await fuzz('pipeline', mutatedInput(ALL_SEEDS), buildBytes, checkPipeline, 0x5eed31);
  }, testTimeout());
});

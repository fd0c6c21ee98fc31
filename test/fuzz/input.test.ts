/**
 * Fuzzing sniffing and decoding: any bytes, mutated fixtures or pure noise,
 * get a kind and an encoding without throwing or hanging.
 */
import { describe, it } from '@jest/globals';
import fc from 'fast-check';
import { buildBytes, mutatedInput } from './arbitraries.js';
import { checkDecode, checkSniff } from './checks.js';
import { fuzz, testTimeout, type FuzzCase } from './harness.js';
import { ALL_SEEDS } from './seeds.js';

const noise = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }),
  // Mostly text with a few odd bytes: the hard case for code page scoring.
  fc.array(fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xff }) }, { weight: 1, arbitrary: fc.constantFrom(0, 0x0a, 0x0d) }), { maxLength: 4096 }).map((b) => Uint8Array.from(b)),
);
const buildNoise = (bytes: Uint8Array): FuzzCase => ({ bytes: Buffer.from(bytes), params: {} });

describe('fuzz: sniff', () => {
  it(`mutated fixtures (${ALL_SEEDS.length} seeds)`, async () => {
    await fuzz('sniff', mutatedInput(ALL_SEEDS), buildBytes, checkSniff, 0x5eed11);
  }, testTimeout());

  it('random bytes', async () => {
    await fuzz('sniff', noise, buildNoise, checkSniff, 0x5eed12);
  }, testTimeout());
});

describe('fuzz: decode', () => {
  it(`mutated fixtures (${ALL_SEEDS.length} seeds) in every encoding`, async () => {
    await fuzz('decode', mutatedInput(ALL_SEEDS), buildBytes, checkDecode, 0x5eed13);
  }, testTimeout());

  it('random bytes in every encoding', async () => {
    await fuzz('decode', noise, buildNoise, checkDecode, 0x5eed14);
  }, testTimeout());
});

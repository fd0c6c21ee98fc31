/**
 * The fuzz invariants themselves: each rejects what it exists to catch, so a
 * green fuzz run means something.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Fact } from '../../src/model/facts.js';
import { readEventXml } from '../../src/parsers/events/index.js';
import { checkEventTruncation, eventTruncationCheck, expectValidFacts, FILE, slmgrTruncationCheck } from './checks.js';
import { fuzz } from './harness.js';
import { mutate } from './mutators.js';
import { CLEAN_EVENT_SEEDS } from './seeds.js';

const validError: Fact = {
  kind: 'activation-error',
  machine: 'PC01',
  time: '2026-03-01T10:00:00.000Z',
  source: { file: FILE, line: 3 },
  hresult: '0xC004F074',
  context: 'slmgr /ato',
  message: null,
  activationId: null,
};

describe('fact invariants', () => {
  it('accept a valid fact', () => {
    expect(() => expectValidFacts([validError])).not.toThrow();
  });

  it.each([
    ['lower-case hresult', { hresult: '0xc004f074' }, /hresult|0x/],
    ['short hresult', { hresult: '0xC004F07' }, /hresult|0x/],
    ['impossible date', { time: '2026-13-45T10:00:00Z' }, /time/],
    ['local time', { time: '2026-03-01T10:00:00+02:00' }, /time/],
    ['empty machine', { machine: ' ' }, /machine/],
    ['other file', { source: { file: 'elsewhere.txt' } }, /source\.file/],
  ])('reject a fact with %s', (_what, change, message) => {
    expect(() => expectValidFacts([{ ...validError, ...change } as Fact])).toThrow(message);
  });
});

describe('truncation invariants', () => {
  const seed = CLEAN_EVENT_SEEDS.find((s) => s.name === 'fleet/PC03/Application.xml')!;

  it('a cut after the last event keeps every fact', async () => {
    await expect(checkEventTruncation({ bytes: seed.bytes, params: { encoding: 'utf-8', cut: seed.bytes.length } })).resolves.toBeUndefined();
  });

  it('a reader that drops a complete event is caught', async () => {
    const dropsLast = eventTruncationCheck(async (...args) => {
      const result = await readEventXml(...args);
      return { ...result, facts: result.facts.slice(0, -1) };
    });
    await expect(dropsLast({ bytes: seed.bytes, params: { encoding: 'utf-8', cut: seed.bytes.length } })).rejects.toThrow(/lost the/);
  });

  it('a reader that is not partial for a cut inside an event is caught', async () => {
    const neverPartial = eventTruncationCheck(async (...args) => ({ ...(await readEventXml(...args)), partial: false }));
    const cut = seed.bytes.lastIndexOf('</Event>');
    await expect(neverPartial({ bytes: seed.bytes, params: { encoding: 'utf-8', cut } })).rejects.toThrow(/not partial/);
  });

  it('a reader that invents a code or an ID in a cut slmgr output is caught', async () => {
    const clean = Buffer.from('Error: 0xC004F074 No Key Management Service (KMS) could be contacted.\r\n');
    const cut = clean.indexOf('F074');
    const invent = (code: string, activationId: string | null) =>
      slmgrTruncationCheck(() => ({ facts: [{ ...validError, hresult: code, activationId }], problems: [], partial: false }));
    await expect(invent('0x0000C004', null)({ bytes: clean, params: { cut } })).rejects.toThrow(/cut short/);
    await expect(invent('0xC004F074', null)({ bytes: clean, params: { cut } })).rejects.toThrow(/not in the cut text/);
    await expect(invent('0xC004F074', 'ae2ee509-1b34-41c0-acb7-6d4650168915')({ bytes: clean, params: {} })).rejects.toThrow(/activationId/);
    await expect(slmgrTruncationCheck()({ bytes: clean, params: { cut } })).resolves.toBeUndefined();
  });
});

describe('fuzz harness', () => {
  it('throws the fast-check report with the shrunk counterexample when a check fails', async () => {
    const input = fc.uint8Array({ minLength: 1, maxLength: 64 });
    const check = async ({ bytes }: { bytes: Buffer }) => {
      if (bytes.length > 8) throw new Error('longer than 8 bytes');
    };
    await expect(fuzz('self-test', input, (b) => ({ bytes: Buffer.from(b), params: {} }), check, 1, false)).rejects.toThrow(/^self-test: longer than 8 bytes\n.*Counterexample: \[Uint8Array.from\(\[0,0,0,0,0,0,0,0,0\]\)\]/s);
  });

  it('mutations are deterministic: the same mutation list gives the same bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CLEAN_EVENT_SEEDS), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), (seed, seeds) => {
        const mutations = seeds.map((s) => ({ type: 'shuffle-lines' as const, seed: s }));
        expect(mutate(seed.bytes, mutations).equals(mutate(seed.bytes, mutations))).toBe(true);
      }),
      { numRuns: 20, seed: 3 },
    );
  });
});
